package org.lnteller.adapter.phoenixd.standin;

import fr.acinq.secp256k1.Secp256k1;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * BOLT #11 for the phoenixd stand-in: writes invoices signed with a node key (recoverable
 * secp256k1 ECDSA over SHA-256 of the human-readable part and the data, as BOLT #11 says), and
 * reads back what the stand-in needs to pay one (amount, hash, the payee recovered from the
 * signature). Fields written: {@code p}, {@code s}, {@code d}, {@code x}, and {@code 9} with the
 * var_onion_optin and payment_secret features required, as phoenixd's invoices carry them.
 *
 * <p>Why not core's encoder: adapter tests obey the dependency rule too (no {@code core}).
 */
public final class SignedBolt11 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private SignedBolt11() {}

    /** What a reader of an invoice learns. */
    public record Read(Optional<MilliSatoshi> amount, PaymentHash paymentHash, Instant timestamp, Duration expiry, byte[] payee) {
        public Instant expiresAt() {
            return timestamp.plus(expiry);
        }
    }

    /** Not a readable, well-signed invoice. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** The compressed public key of {@code privateKey}: the node id. */
    public static byte[] nodeId(byte[] privateKey) {
        Secp256k1 secp = Secp256k1.get();
        return secp.pubKeyCompress(secp.pubkeyCreate(privateKey));
    }

    /** @param currency {@code bc}, {@code tb} or {@code bcrt} */
    public static String write(byte[] privateKey, String currency, Optional<MilliSatoshi> amount, Instant timestamp,
                               PaymentHash hash, byte[] paymentSecret, String description, Duration expiry) {
        String hrp = "ln" + currency + amount.map(SignedBolt11::amountPart).orElse("");
        Words w = new Words();
        w.number(timestamp.getEpochSecond(), 7);
        w.tagged(1, toWords(hash.bytes()));                 // p
        w.tagged(16, toWords(paymentSecret));               // s
        w.tagged(13, toWords(description.getBytes(StandardCharsets.UTF_8)));   // d
        w.tagged(6, numberWords(expiry.getSeconds()));      // x
        // 9: features 8 (var_onion_optin, required) and 14 (payment_secret, required), big-endian bits
        w.tagged(5, new int[] {0b10000, 0b01000, 0b00000});
        int[] data = w.toArray();
        byte[] digest = sha256(concat(hrp.getBytes(StandardCharsets.UTF_8), fromWords(data)));
        byte[] signature = signRecoverable(digest, privateKey);
        int[] all = concat(data, toWords(signature));
        int[] checksum = checksum(hrp, all);
        StringBuilder b = new StringBuilder(hrp).append('1');
        for (int v : all) b.append(CHARSET.charAt(v));
        for (int v : checksum) b.append(CHARSET.charAt(v));
        return b.toString();
    }

    /** Reads and checks an invoice: bech32 checksum, a payment hash, a signature that recovers a key. */
    public static Read read(String text) throws Unreadable {
        if (text == null) throw new Unreadable("no invoice");
        String s = text.trim().toLowerCase(Locale.ROOT);
        int sep = s.lastIndexOf('1');
        if (sep < 3 || !s.startsWith("ln")) throw new Unreadable("not a Lightning invoice");
        String hrp = s.substring(0, sep);
        int[] words = new int[s.length() - sep - 1];
        for (int i = 0; i < words.length; i++) {
            int v = CHARSET.indexOf(s.charAt(sep + 1 + i));
            if (v < 0) throw new Unreadable("not bech32");
            words[i] = v;
        }
        if (words.length < 7 + 104 + 6) throw new Unreadable("too short");
        if (polymod(concat(expand(hrp), words)) != 1) throw new Unreadable("bad checksum");
        int[] body = Arrays.copyOf(words, words.length - 6);
        int[] data = Arrays.copyOf(body, body.length - 104);
        byte[] sig = fromWords(Arrays.copyOfRange(body, body.length - 104, body.length));
        long ts = 0;
        for (int i = 0; i < 7; i++) ts = ts << 5 | data[i];
        PaymentHash hash = null;
        Duration expiry = Duration.ofHours(1);
        for (int i = 7; i + 3 <= data.length; ) {
            int tag = data[i];
            int len = data[i + 1] << 5 | data[i + 2];
            int from = i + 3;
            if (from + len > data.length) throw new Unreadable("truncated field");
            if (tag == 1 && len == 52 && hash == null) hash = PaymentHash.of(Arrays.copyOf(fromWords(Arrays.copyOfRange(data, from, from + len)), 32));
            if (tag == 6) {
                long x = 0;
                for (int k = 0; k < len; k++) x = x << 5 | data[from + k];
                expiry = Duration.ofSeconds(x);
            }
            i = from + len;
        }
        if (hash == null) throw new Unreadable("no payment hash");
        byte[] digest = sha256(concat(hrp.getBytes(StandardCharsets.UTF_8), fromWords(data)));
        byte[] payee;
        try {
            Secp256k1 secp = Secp256k1.get();
            payee = secp.pubKeyCompress(secp.ecdsaRecover(Arrays.copyOf(sig, 64), digest, sig[64]));
        } catch (RuntimeException e) {
            throw new Unreadable("bad signature");
        }
        return new Read(amount(hrp), hash, Instant.ofEpochSecond(ts), expiry, payee);
    }

    private static Optional<MilliSatoshi> amount(String hrp) throws Unreadable {
        String rest = hrp.substring(2);
        int i = 0;
        while (i < rest.length() && !Character.isDigit(rest.charAt(i))) i++;
        String part = rest.substring(i);
        if (part.isEmpty()) return Optional.empty();
        char last = part.charAt(part.length() - 1);
        String digits = Character.isDigit(last) ? part : part.substring(0, part.length() - 1);
        if (digits.isEmpty()) throw new Unreadable("malformed amount");
        long n = Long.parseLong(digits);
        long msat = switch (last) {
            case 'm' -> n * 100_000_000L;
            case 'u' -> n * 100_000L;
            case 'n' -> n * 100L;
            case 'p' -> {
                if (n % 10 != 0) throw new Unreadable("sub-millisatoshi amount");
                yield n / 10;
            }
            default -> n * 100_000_000_000L;
        };
        return Optional.of(MilliSatoshi.of(msat));
    }

    private static String amountPart(MilliSatoshi amount) {
        long msat = amount.msat();
        if (msat % 100_000_000L == 0) return (msat / 100_000_000L) + "m";
        if (msat % 100_000L == 0) return (msat / 100_000L) + "u";
        if (msat % 100L == 0) return (msat / 100L) + "n";
        return (msat * 10) + "p";
    }

    private static byte[] signRecoverable(byte[] digest, byte[] privateKey) {
        Secp256k1 secp = Secp256k1.get();
        byte[] pub = nodeId(privateKey);
        byte[] sig = secp.sign(digest, privateKey);
        for (int recid = 0; recid < 4; recid++) {
            try {
                if (Arrays.equals(secp.pubKeyCompress(secp.ecdsaRecover(sig, digest, recid)), pub)) {
                    byte[] out = Arrays.copyOf(sig, 65);
                    out[64] = (byte) recid;
                    return out;
                }
            } catch (RuntimeException e) {
                // this recovery id does not recover a key: try the next
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signing key");
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] numberWords(long value) {
        if (value == 0) return new int[0];
        int n = 0;
        for (long v = value; v != 0; v >>>= 5) n++;
        int[] out = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = (int) (value & 31);
            value >>>= 5;
        }
        return out;
    }

    private static int[] toWords(byte[] bytes) {
        int acc = 0;
        int bits = 0;
        int[] out = new int[(bytes.length * 8 + 4) / 5];
        int n = 0;
        for (byte b : bytes) {
            acc = acc << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[n++] = (acc >> bits) & 31;
            }
        }
        if (bits > 0) out[n++] = (acc << (5 - bits)) & 31;
        return out;
    }

    /** 5-bit words to bytes, the last partial byte zero-padded (BOLT #11's signing input). */
    private static byte[] fromWords(int[] words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int acc = 0;
        int bits = 0;
        for (int w : words) {
            acc = acc << 5 | w;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((acc >> bits) & 0xff);
            }
        }
        if (bits > 0) out.write((acc << (8 - bits)) & 0xff);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] expand(String hrp) {
        int[] v = new int[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            v[i] = hrp.charAt(i) >> 5;
            v[hrp.length() + 1 + i] = hrp.charAt(i) & 31;
        }
        return v;
    }

    private static int[] checksum(String hrp, int[] data) {
        int[] values = concat(concat(expand(hrp), data), new int[6]);
        int mod = polymod(values) ^ 1;
        int[] out = new int[6];
        for (int i = 0; i < 6; i++) out[i] = (mod >> 5 * (5 - i)) & 31;
        return out;
    }

    private static int polymod(int[] values) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int v : values) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ v;
            for (int i = 0; i < 5; i++) if ((top >>> i & 1) == 1) chk ^= gen[i];
        }
        return chk;
    }

    /** Accumulates 5-bit words. */
    private static final class Words {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void number(long value, int count) {
            for (int i = count - 1; i >= 0; i--) out.write((int) (value >>> (5 * i)) & 31);
        }

        void tagged(int tag, int[] data) {
            out.write(tag);
            out.write(data.length >> 5);
            out.write(data.length & 31);
            for (int d : data) out.write(d);
        }

        int[] toArray() {
            byte[] b = out.toByteArray();
            int[] r = new int[b.length];
            for (int i = 0; i < b.length; i++) r[i] = b[i];
            return r;
        }
    }
}
