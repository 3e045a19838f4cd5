package org.lnteller.core.internal.pairing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The pairing totem a Lamassu machine scans: {@code SHA-256(CA PEM)} (32 bytes) ‖ token (32
 * bytes) ‖ host (UTF-8), written in base-x over the 45 characters of the QR code's alphanumeric
 * mode, so that the QR code can use that mode.
 *
 * <p>base-x is a big-endian base conversion of the whole byte string, where each leading zero
 * byte becomes one leading {@code '0'} (the alphabet's first character), as the base58 of
 * Bitcoin addresses does with its own alphabet.
 */
// ArrayRecordComponent: the arrays are copied in and out, and equals/hashCode below compare their contents
@SuppressWarnings("ArrayRecordComponent")
public record Totem(byte[] caSha256, byte[] token, String host) {
    /** The QR code's alphanumeric characters, in their QR order. */
    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    static final int HASH_BYTES = 32;
    public static final int TOKEN_BYTES = 32;
    private static final BigInteger BASE = BigInteger.valueOf(ALPHABET.length());

    public Totem {
        Objects.requireNonNull(host, "host");
        if (caSha256.length != HASH_BYTES || token.length != TOKEN_BYTES) {
            throw new IllegalArgumentException("a totem holds a 32-byte hash and a 32-byte token");
        }
        if (host.isEmpty()) throw new IllegalArgumentException("a totem names a host");
        caSha256 = caSha256.clone();
        token = token.clone();
    }

    @Override
    public byte[] caSha256() {
        return caSha256.clone();
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    /** The totem's text, what the QR code holds. */
    public String text() {
        byte[] hostBytes = host.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[HASH_BYTES + TOKEN_BYTES + hostBytes.length];
        System.arraycopy(caSha256, 0, all, 0, HASH_BYTES);
        System.arraycopy(token, 0, all, HASH_BYTES, TOKEN_BYTES);
        System.arraycopy(hostBytes, 0, all, HASH_BYTES + TOKEN_BYTES, hostBytes.length);
        return encode(all);
    }

    /**
     * Reads a totem's text, as a machine does.
     *
     * @throws IllegalArgumentException when it is not base-x text or too short to hold a host
     */
    public static Totem parse(String text) {
        byte[] all = decode(text);
        if (all.length <= HASH_BYTES + TOKEN_BYTES)
            throw new IllegalArgumentException("a totem is longer than 64 bytes");
        return new Totem(
                Arrays.copyOfRange(all, 0, HASH_BYTES),
                Arrays.copyOfRange(all, HASH_BYTES, HASH_BYTES + TOKEN_BYTES),
                new String(
                        all, HASH_BYTES + TOKEN_BYTES, all.length - HASH_BYTES - TOKEN_BYTES, StandardCharsets.UTF_8));
    }

    /** base-x over {@link #ALPHABET}. */
    public static String encode(byte[] bytes) {
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) zeros++;
        StringBuilder digits = new StringBuilder();
        BigInteger n = new BigInteger(1, bytes);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            digits.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        digits.append(String.valueOf(ALPHABET.charAt(0)).repeat(zeros));
        return digits.reverse().toString();
    }

    /** The inverse of {@link #encode}. @throws IllegalArgumentException for a character outside {@link #ALPHABET} */
    public static byte[] decode(String text) {
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == ALPHABET.charAt(0)) zeros++;
        BigInteger n = BigInteger.ZERO;
        for (int i = zeros; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) throw new IllegalArgumentException("not a QR alphanumeric character at " + i);
            n = n.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
        // toByteArray adds a sign byte when the top bit is set
        int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + magnitude.length - skip];
        System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Totem t
                && Arrays.equals(caSha256, t.caSha256)
                && Arrays.equals(token, t.token)
                && host.equals(t.host);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(caSha256) + Arrays.hashCode(token)) + host.hashCode();
    }

    @Override
    public String toString() {
        return "Totem[host=" + host + ", token=<secret>]";
    }
}
