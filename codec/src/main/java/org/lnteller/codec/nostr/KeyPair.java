package org.lnteller.codec.nostr;

import fr.acinq.secp256k1.Secp256k1;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.lnteller.codec.bech32.Bech32;

/**
 * A secp256k1 keypair in the shapes Nostr uses: the BIP340 x-only public key (64 hex, NIP-19
 * {@code npub}) and the 32-byte secret key (64 hex, NIP-19 {@code nsec}). {@link #toString()}
 * never shows the secret.
 */
public final class KeyPair {
    private final byte[] secretKey;
    private final String xOnlyHex;

    private KeyPair(byte[] secretKey, String xOnlyHex) {
        this.secretKey = secretKey;
        this.xOnlyHex = xOnlyHex;
    }

    /**
     * The keypair of a 32-byte secret key.
     *
     * @throws IllegalArgumentException unless 32 bytes in 1..n-1 (the curve order)
     */
    public static KeyPair fromSecretKey(byte[] secretKey) {
        Objects.requireNonNull(secretKey, "secretKey");
        if (secretKey.length != 32 || !Secp256k1.get().secKeyVerify(secretKey)) {
            throw new IllegalArgumentException("not a secp256k1 secret key");
        }
        // pubkeyCreate answers the 65-byte uncompressed point 04 || x || y; BIP340 keeps x alone
        byte[] point = Secp256k1.get().pubkeyCreate(secretKey);
        return new KeyPair(secretKey.clone(), HexFormat.of().formatHex(Arrays.copyOfRange(point, 1, 33)));
    }

    /** Whether {@code secretKey} is a valid secp256k1 secret key (32 bytes in 1..n-1). */
    public static boolean isValidSecretKey(byte[] secretKey) {
        return secretKey.length == 32 && Secp256k1.get().secKeyVerify(secretKey);
    }

    /** The x-only public key, 64 lower-case hex. */
    public String publicKeyHex() {
        return xOnlyHex;
    }

    public String npub() {
        return PublicKeys.npub(xOnlyHex);
    }

    public String secretKeyHex() {
        return HexFormat.of().formatHex(secretKey);
    }

    public String nsec() {
        return Bech32.encode("nsec", Bech32.toWords(secretKey), Bech32.Variant.BECH32);
    }

    @Override
    public String toString() {
        return "KeyPair[" + xOnlyHex + ", secret=<redacted>]";
    }
}
