package org.lnteller.adapter.lnd.fake;

import fr.acinq.secp256k1.Secp256k1;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * Writes real, signed BOLT #11 invoices for the LND stand-in: bech32 with a valid checksum, the
 * fields a payer reads ({@code p}, {@code s}, {@code d}, {@code x}, {@code 9} with var_onion and
 * payment_secret), and a recoverable secp256k1 signature by the node's own key over
 * SHA-256(hrp || data), as BOLT #11 prescribes. A real decoder (core's) accepts them and recovers
 * the node's id.
 *
 * <p>Why here and not core's encoder: the dependency rule keeps an adapter's tests off core too.
 */
public final class SignedBolt11 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    /** A node's signing key and its compressed public key. */
    public record NodeKey(byte[] privateKey, byte[] publicKey) {
        public static NodeKey random(SecureRandom random) {
            Secp256k1 secp = Secp256k1.get();
            byte[] key = new byte[32];
            do {
                random.nextBytes(key);
            } while (!secp.secKeyVerify(key));
            return new NodeKey(key, secp.pubKeyCompress(secp.pubkeyCreate(key)));
        }

        public String publicKeyHex() {
            return HexFormat.of().formatHex(publicKey);
        }
    }

    private SignedBolt11() {}

    /** @param currency the prefix after {@code ln}: {@code bc}, {@code tb}, {@code tbs}, {@code bcrt} */
    public static String write(NodeKey key, String currency, Optional<MilliSatoshi> amount, Instant timestamp,
                               PaymentHash hash, byte[] paymentSecret, String description, Duration expiry) {
        String hrp = "ln" + currency + amount.map(SignedBolt11::amountPart).orElse("");
        Words w = new Words();
        w.number(timestamp.getEpochSecond(), 7);
        w.tagged(1, bytesToWords(hash.bytes()));                                       // p
        w.tagged(16, bytesToWords(paymentSecret));                                     // s
        w.tagged(13, bytesToWords(description.getBytes(StandardCharsets.UTF_8)));      // d
        w.tagged(6, numberWords(expiry.getSeconds()));                                 // x
        w.tagged(9, numberWords((1L << 14) | (1L << 8)));                              // 9: var_onion, payment_secret
        int[] unsigned = w.toArray();
        byte[] digest = sha256(concat(hrp.getBytes(StandardCharsets.US_ASCII), wordsToBytes(unsigned)));
        w.all(bytesToWords(signRecoverable(digest, key)));
        int[] data = w.toArray();
        int[] checksum = checksum(hrp, data);
        StringBuilder b = new StringBuilder(hrp).append('1');
        for (int v : data) b.append(CHARSET.charAt(v));
        for (int v : checksum) b.append(CHARSET.charAt(v));
        return b.toString();
    }

    /** Whether {@code text} is bech32 of the right shape with a valid checksum (what zpay32 checks first). */
    public static Optional<String> bech32Problem(String text) {
        String s = text.strip();
        if (s.length() < 8 || s.length() > 7089) return Optional.of("invalid bech32 string length " + s.length());
        if (!s.equals(s.toLowerCase()) && !s.equals(s.toUpperCase())) {
            return Optional.of("string not all lowercase or all uppercase");
        }
        s = s.toLowerCase();
        int sep = s.lastIndexOf('1');
        if (sep < 1 || sep + 7 > s.length()) return Optional.of("invalid index of 1");
        int[] data = new int[s.length() - sep - 1];
        for (int i = 0; i < data.length; i++) {
            int v = CHARSET.indexOf(s.charAt(sep + 1 + i));
            if (v < 0) return Optional.of("invalid character not part of charset: " + (int) s.charAt(sep + 1 + i));
            data[i] = v;
        }
        String hrp = s.substring(0, sep);
        int[] values = new int[hrp.length() * 2 + 1 + data.length];
        int k = 0;
        for (int i = 0; i < hrp.length(); i++) values[k++] = hrp.charAt(i) >> 5;
        values[k++] = 0;
        for (int i = 0; i < hrp.length(); i++) values[k++] = hrp.charAt(i) & 31;
        System.arraycopy(data, 0, values, k, data.length);
        if (polymod(values) != 1) return Optional.of("checksum failed");
        if (!hrp.startsWith("ln")) return Optional.of("prefix should be \"ln\"");
        return Optional.empty();
    }

    static byte[] signRecoverable(byte[] digest, NodeKey key) {
        Secp256k1 secp = Secp256k1.get();
        byte[] sig = secp.sign(digest, key.privateKey());
        for (int recid = 0; recid < 4; recid++) {
            try {
                if (Arrays.equals(secp.pubKeyCompress(secp.ecdsaRecover(sig, digest, recid)), key.publicKey())) {
                    byte[] out = Arrays.copyOf(sig, 65);
                    out[64] = (byte) recid;
                    return out;
                }
            } catch (RuntimeException notThisOne) {
                // libsecp256k1 throws for a recovery id that yields no point
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signing key");
    }

    static String amountPart(MilliSatoshi amount) {
        long msat = amount.msat();
        if (msat % 100_000_000L == 0) return (msat / 100_000_000L) + "m";
        if (msat % 100_000L == 0) return (msat / 100_000L) + "u";
        if (msat % 100L == 0) return (msat / 100L) + "n";
        return (msat * 10) + "p";
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** 5-bit words to bytes, the last byte padded with zero bits (BOLT #11's signing input). */
    private static byte[] wordsToBytes(int[] words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int acc = 0;
        int bits = 0;
        for (int w : words) {
            acc = acc << 5 | w;
            bits += 5;
            while (bits >= 8) {
                bits -= 8;
                out.write(acc >> bits & 0xff);
            }
        }
        if (bits > 0) out.write(acc << (8 - bits) & 0xff);
        return out.toByteArray();
    }

    private static int[] numberWords(long value) {
        if (value == 0) return new int[0];
        int n = 0;
        for (long v = value; v > 0; v >>= 5) n++;
        int[] out = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = (int) (value & 31);
            value >>= 5;
        }
        return out;
    }

    private static int[] bytesToWords(byte[] bytes) {
        int[] out = new int[(bytes.length * 8 + 4) / 5];
        int acc = 0;
        int bits = 0;
        int n = 0;
        for (byte b : bytes) {
            acc = acc << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[n++] = acc >> bits & 31;
            }
        }
        if (bits > 0) out[n++] = acc << (5 - bits) & 31;
        return out;
    }

    private static int[] checksum(String hrp, int[] data) {
        int[] values = new int[hrp.length() * 2 + 1 + data.length + 6];
        int k = 0;
        for (int i = 0; i < hrp.length(); i++) values[k++] = hrp.charAt(i) >> 5;
        values[k++] = 0;
        for (int i = 0; i < hrp.length(); i++) values[k++] = hrp.charAt(i) & 31;
        System.arraycopy(data, 0, values, k, data.length);
        int mod = polymod(values) ^ 1;
        int[] out = new int[6];
        for (int i = 0; i < 6; i++) out[i] = mod >> 5 * (5 - i) & 31;
        return out;
    }

    private static int polymod(int[] values) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int v : values) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ v;
            for (int i = 0; i < 5; i++) {
                if ((top >>> i & 1) == 1) chk ^= gen[i];
            }
        }
        return chk;
    }

    private static final class Words {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void number(long value, int words) {
            for (int i = words - 1; i >= 0; i--) out.write((int) (value >> 5 * i & 31));
        }

        void tagged(int tag, int[] data) {
            out.write(tag);
            number(data.length, 2);
            all(data);
        }

        void all(int[] data) {
            for (int v : data) out.write(v);
        }

        int[] toArray() {
            byte[] b = out.toByteArray();
            int[] r = new int[b.length];
            for (int i = 0; i < b.length; i++) r[i] = b[i];
            return r;
        }
    }
}
