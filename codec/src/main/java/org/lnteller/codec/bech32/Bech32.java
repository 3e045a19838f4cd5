package org.lnteller.codec.bech32;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Bech32 (BIP-173) and bech32m (BIP-350) strings: a human-readable part, the separator {@code 1},
 * 5-bit data words and a 6-word checksum.
 *
 * <p>Unlike BIP-173 this codec has no 90-character limit: BOLT #11 invoices and LUD-01 LNURLs are
 * routinely longer. All other BIP-173 rules hold: characters 33..126 only, no mixed case (an
 * all-upper-case string, as QR codes carry, is accepted and read as lower case), the separator
 * is the last {@code 1}, and the checksum must match.
 *
 * <p>Stateless and thread-safe.
 */
public final class Bech32 {

    /** The 32 data characters; a word's value is its index here. */
    public static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private static final byte[] CHARSET_REV = new byte[128];

    static {
        Arrays.fill(CHARSET_REV, (byte) -1);
        for (int i = 0; i < CHARSET.length(); i++) {
            CHARSET_REV[CHARSET.charAt(i)] = (byte) i;
        }
    }

    private static final int CHECKSUM_WORDS = 6;

    private Bech32() {}

    /** Which checksum constant a string uses: BIP-173's bech32 or BIP-350's bech32m. */
    public enum Variant {
        /** BIP-173: BOLT #11 invoices, LNURLs and segwit v0 addresses. */
        BECH32(1),
        /** BIP-350: segwit v1+ addresses. */
        BECH32M(0x2bc830a3);

        private final int constant;

        Variant(int constant) {
            this.constant = constant;
        }
    }

    /** Why a string is not valid bech32; see {@link InvalidBech32}. */
    public enum Problem {
        /** Upper- and lower-case letters in one string (BIP-173 forbids it). */
        MIXED_CASE,
        /** No {@code 1} separator, or nothing before it. */
        NO_SEPARATOR,
        /** A character outside 33..126, or a data character outside the bech32 alphabet. */
        INVALID_CHARACTER,
        /** Fewer than six characters after the separator: no room for a checksum. */
        TOO_SHORT,
        /** The checksum matches neither bech32 nor bech32m. */
        BAD_CHECKSUM
    }

    /** A string that is not bech32, with the first {@link Problem} found. */
    public static final class InvalidBech32 extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        InvalidBech32(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * A decoded bech32 string.
     * The human-readable part is lower case; data words are 5-bit values (0..31) without the checksum.
     */
    public static final class Decoded {
        private final String hrp;
        private final byte[] words;
        private final Variant variant;

        Decoded(String hrp, byte[] words, Variant variant) {
            this.hrp = hrp;
            this.words = words;
            this.variant = variant;
        }

        /** The human-readable part, lower case. */
        public String hrp() {
            return hrp;
        }

        /** The data words (each 0..31), checksum removed; a fresh copy. */
        public byte[] words() {
            return words.clone();
        }

        public Variant variant() {
            return variant;
        }
    }

    /**
     * Decodes a bech32 or bech32m string of any length.
     *
     * @throws InvalidBech32 when the text is not valid bech32; {@link InvalidBech32#problem()} says why
     */
    public static Decoded decode(String text) {
        Objects.requireNonNull(text, "text");
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new InvalidBech32(
                        Problem.INVALID_CHARACTER,
                        "invalid character at position " + i + " (bech32 allows printable ASCII only)");
            }
            if (c >= 'a' && c <= 'z') lower = true;
            if (c >= 'A' && c <= 'Z') upper = true;
        }
        if (lower && upper) {
            throw new InvalidBech32(Problem.MIXED_CASE, "mixes upper and lower case");
        }
        String s = text.toLowerCase(Locale.ROOT);
        int separator = s.lastIndexOf('1');
        if (separator < 1) {
            throw new InvalidBech32(Problem.NO_SEPARATOR, "has no bech32 separator '1' after a prefix");
        }
        int dataLength = s.length() - separator - 1;
        if (dataLength < CHECKSUM_WORDS) {
            throw new InvalidBech32(Problem.TOO_SHORT, "is too short to carry a bech32 checksum");
        }
        String hrp = s.substring(0, separator);
        byte[] all = new byte[dataLength];
        for (int i = 0; i < dataLength; i++) {
            char c = s.charAt(separator + 1 + i);
            byte v = CHARSET_REV[c];
            if (v < 0) {
                throw new InvalidBech32(
                        Problem.INVALID_CHARACTER,
                        "invalid bech32 character '" + c + "' at position " + (separator + 1 + i));
            }
            all[i] = v;
        }
        int check = polymod(hrp, all, all.length);
        Variant variant;
        if (check == Variant.BECH32.constant) {
            variant = Variant.BECH32;
        } else if (check == Variant.BECH32M.constant) {
            variant = Variant.BECH32M;
        } else {
            throw new InvalidBech32(Problem.BAD_CHECKSUM, "bech32 checksum does not match");
        }
        return new Decoded(hrp, Arrays.copyOf(all, dataLength - CHECKSUM_WORDS), variant);
    }

    /**
     * Encodes lower-case bech32 or bech32m.
     *
     * @param hrp   human-readable part: printable ASCII (33..126), no upper case, not empty
     * @param words data words, each 0..31
     */
    public static String encode(String hrp, byte[] words, Variant variant) {
        Objects.requireNonNull(hrp, "hrp");
        Objects.requireNonNull(words, "words");
        Objects.requireNonNull(variant, "variant");
        if (hrp.isEmpty()) throw new IllegalArgumentException("human-readable part must not be empty");
        for (int i = 0; i < hrp.length(); i++) {
            char c = hrp.charAt(i);
            if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z')) {
                throw new IllegalArgumentException("human-readable part must be lower-case printable ASCII");
            }
        }
        for (byte w : words) {
            if (w < 0 || w > 31) throw new IllegalArgumentException("bech32 words are 5-bit values");
        }
        byte[] withChecksum = Arrays.copyOf(words, words.length + CHECKSUM_WORDS);
        int mod = polymod(hrp, withChecksum, withChecksum.length) ^ variant.constant;
        for (int i = 0; i < CHECKSUM_WORDS; i++) {
            withChecksum[words.length + i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        StringBuilder sb = new StringBuilder(hrp.length() + 1 + withChecksum.length);
        sb.append(hrp).append('1');
        for (byte w : withChecksum) sb.append(CHARSET.charAt(w));
        return sb.toString();
    }

    /** Regroups bytes into 5-bit words, padding the last word with zero bits. */
    public static byte[] toWords(byte[] bytes) {
        return toWords(bytes, 0, bytes.length);
    }

    static byte[] toWords(byte[] bytes, int offset, int length) {
        byte[] out = new byte[(length * 8 + 4) / 5];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = offset; i < offset + length; i++) {
            acc = (acc << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = (byte) ((acc >>> bits) & 31);
            }
        }
        if (bits > 0) {
            out[o] = (byte) ((acc << (5 - bits)) & 31);
        }
        return out;
    }

    /**
     * Regroups 5-bit words into bytes, strictly as BIP-173 requires of a complete payload:
     * at most 4 leftover bits, all zero.
     *
     * @throws IllegalArgumentException on a word above 31, or padding that is too long or not zero
     */
    public static byte[] fromWords(byte[] words) {
        int bitCount = words.length * 5;
        if (bitCount % 8 > 4) throw new IllegalArgumentException("bech32 payload has more than 4 padding bits");
        byte[] out = fromWordsTruncating(words, 0, words.length);
        int padBits = bitCount % 8;
        if (padBits > 0 && (words[words.length - 1] & ((1 << padBits) - 1)) != 0) {
            throw new IllegalArgumentException("bech32 payload has non-zero padding");
        }
        return out;
    }

    /**
     * Regroups {@code length} words from {@code offset} into {@code floor(length * 5 / 8)} bytes,
     * dropping the leftover bits. BOLT #11 fields have a known byte length, so their padding
     * carries no information (and is covered by the signature anyway).
     */
    public static byte[] fromWordsTruncating(byte[] words, int offset, int length) {
        byte[] out = new byte[length * 5 / 8];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = offset; i < offset + length && o < out.length; i++) {
            int w = words[i];
            if (w < 0 || w > 31) throw new IllegalArgumentException("bech32 words are 5-bit values");
            acc = (acc << 5) | w;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
            }
        }
        return out;
    }

    /**
     * Regroups {@code length} words into {@code ceil(length * 5 / 8)} bytes, padding the last byte
     * with zero bits: what BOLT #11 signs.
     */
    public static byte[] fromWordsPadded(byte[] words, int offset, int length) {
        byte[] out = new byte[(length * 5 + 7) / 8];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = offset; i < offset + length; i++) {
            acc = (acc << 5) | words[i];
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
            }
        }
        if (bits > 0) {
            out[o] = (byte) (acc << (8 - bits));
        }
        return out;
    }

    private static int polymod(String hrp, byte[] data, int length) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk) ^ (hrp.charAt(i) >>> 5);
        }
        chk = step(chk);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk) ^ (hrp.charAt(i) & 31);
        }
        for (int i = 0; i < length; i++) {
            chk = step(chk) ^ data[i];
        }
        return chk;
    }

    private static int step(int chk) {
        int top = chk >>> 25;
        int c = (chk & 0x1ffffff) << 5;
        if ((top & 1) != 0) c ^= 0x3b6a57b2;
        if ((top & 2) != 0) c ^= 0x26508e6d;
        if ((top & 4) != 0) c ^= 0x1ea119fa;
        if ((top & 8) != 0) c ^= 0x3d4233dd;
        if ((top & 16) != 0) c ^= 0x2a1462b3;
        return c;
    }
}
