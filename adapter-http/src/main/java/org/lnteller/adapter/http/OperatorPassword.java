package org.lnteller.adapter.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The operator's console password, hashed with Argon2id (BouncyCastle) and kept as a PHC string:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded base64). The parameters are
 * OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane): about 50 ms a try on one core, so a
 * stolen file costs a guesser that much per guess, and the sign-in rate limit bounds online
 * guessing. Verification reads the parameters from the string, so stronger ones can be set
 * later without breaking stored hashes. Thread-safe (stateless).
 */
public final class OperatorPassword {
    /** Memory in KiB. */
    static final int MEMORY_KIB = 19 * 1024;

    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    /** Shorter passwords are refused when set: the file may be copied and attacked offline. */
    public static final int MIN_LENGTH = 10;

    public static final int MAX_LENGTH = 1024;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{16,88})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private OperatorPassword() {}

    /**
     * @return the PHC string of {@code password} with a fresh salt from {@code random}
     * @throws IllegalArgumentException when the password is shorter than {@value #MIN_LENGTH} or longer than {@value #MAX_LENGTH} characters
     */
    public static String hash(char[] password, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        if (password.length < MIN_LENGTH)
            throw new IllegalArgumentException("the password must be at least " + MIN_LENGTH + " characters");
        if (password.length > MAX_LENGTH)
            throw new IllegalArgumentException("the password must be at most " + MAX_LENGTH + " characters");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * @return whether {@code password} is the one {@code encoded} was made from; false for a string
     *         that is not an Argon2id PHC string of sane parameters (never throws on bad input)
     */
    public static boolean matches(String encoded, char[] password) {
        if (encoded == null || password == null || password.length > MAX_LENGTH) return false;
        Matcher m = PHC.matcher(encoded.strip());
        if (!m.matches()) return false;
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        // bounds, so a tampered file cannot make each sign-in take a gigabyte or a minute
        if (memory < 8 || memory > 1024 * 1024 || iterations < 1 || parallelism < 1 || memory < 8 * parallelism)
            return false;
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(m.group(4));
            expected = Base64.getDecoder().decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual = derive(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    // ByteBufferBackingArray: the whole backing array is wiped, whatever the buffer's offset
    @SuppressWarnings("ByteBufferBackingArray")
    private static byte[] derive(
            char[] password, byte[] salt, int memory, int iterations, int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) Arrays.fill(encoded.array(), (byte) 0);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(bytes, out);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        return out;
    }
}
