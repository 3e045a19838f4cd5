package org.lnteller.codec.nostr;

import fr.acinq.secp256k1.Secp256k1;
import java.util.HexFormat;
import java.util.Locale;
import org.lnteller.codec.bech32.Bech32;

/**
 * Public keys an app may be bound to: BIP340 x-only secp256k1 keys, given as 64 hex characters or
 * as a NIP-19 {@code npub}. Parsed at the boundary: either a valid point on the curve or an
 * {@link IllegalArgumentException} saying what is wrong.
 */
public final class PublicKeys {
    private PublicKeys() {}

    /** @return the key as 64 lower-case hex characters */
    public static String parseXOnly(String text) {
        String t = text.trim();
        byte[] key;
        if (t.toLowerCase(Locale.ROOT).startsWith("npub1")) {
            Bech32.Decoded decoded;
            try {
                decoded = Bech32.decode(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pubkey is not a valid npub: " + e.getMessage());
            }
            if (!"npub".equals(decoded.hrp())) throw new IllegalArgumentException("pubkey is not an npub");
            key = Bech32.fromWords(decoded.words());
        } else {
            if (!t.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(
                        "pubkey must be 64 hex characters (an x-only secp256k1 key) or an npub");
            }
            key = HexFormat.of().parseHex(t);
        }
        if (key.length != 32) throw new IllegalArgumentException("pubkey must be 32 bytes, got " + key.length);
        requireOnCurve(key);
        return HexFormat.of().formatHex(key);
    }

    /** The NIP-19 {@code npub} of an x-only key given in hex. */
    public static String npub(String xOnlyHex) {
        return Bech32.encode("npub", Bech32.toWords(HexFormat.of().parseHex(xOnlyHex)), Bech32.Variant.BECH32);
    }

    private static void requireOnCurve(byte[] xOnly) {
        byte[] compressed = new byte[33];
        compressed[0] = 0x02; // BIP340: the x-only key is the point with even y
        System.arraycopy(xOnly, 0, compressed, 1, 32);
        try {
            Secp256k1.get().pubkeyParse(compressed);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("pubkey is not a point on secp256k1");
        }
    }
}
