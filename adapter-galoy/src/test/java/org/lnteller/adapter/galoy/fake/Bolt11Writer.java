package org.lnteller.adapter.galoy.fake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * Writes BOLT #11 invoices for the fake Blink server: real bech32 with a valid checksum, the
 * fields a payer reads ({@code p}, {@code s}, {@code d}, {@code x}), and a dummy signature.
 *
 * <p>Why unsigned: neither the fake nor the adapter verifies signatures (the adapter may not use
 * core's secp256k1 decoder), and a test tree without a node key keeps the fake self-contained.
 * The signature words are 0x01 bytes, so a real decoder rejects these invoices instead of paying.
 */
public final class Bolt11Writer {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private Bolt11Writer() {}

    /**
     * @param currency  the BOLT #11 currency prefix after {@code ln}: {@code bc}, {@code tb}, {@code bcrt}
     * @param amount    empty for an amount-less invoice
     * @param expiry    written as {@code x} in whole seconds
     */
    public static String write(String currency, Optional<MilliSatoshi> amount, Instant timestamp, PaymentHash hash,
                               byte[] paymentSecret, String description, Duration expiry) {
        String hrp = "ln" + currency + amount.map(Bolt11Writer::amountPart).orElse("");
        Words w = new Words();
        w.number(timestamp.getEpochSecond(), 7);
        w.tagged(1, bytesToWords(hash.bytes()));                 // p
        w.tagged(16, bytesToWords(paymentSecret));               // s
        w.tagged(13, bytesToWords(description.getBytes(StandardCharsets.UTF_8)));   // d
        w.tagged(6, numberWords(expiry.getSeconds()));           // x
        byte[] signature = new byte[65];
        Arrays.fill(signature, (byte) 1);
        w.all(bytesToWords(signature));
        int[] data = w.toArray();
        int[] checksum = checksum(hrp, data);
        StringBuilder b = new StringBuilder(hrp).append('1');
        for (int v : data) b.append(CHARSET.charAt(v));
        for (int v : checksum) b.append(CHARSET.charAt(v));
        return b.toString();
    }

    /** The shortest exact form: whole BTC multiples as m, u, n, or p (tenths of a msat never occur here). */
    static String amountPart(MilliSatoshi amount) {
        long msat = amount.msat();
        if (msat % 100_000_000L == 0) return (msat / 100_000_000L) + "m";
        if (msat % 100_000L == 0) return (msat / 100_000L) + "u";
        if (msat % 100L == 0) return (msat / 100L) + "n";
        return (msat * 10) + "p";
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

    static int[] bytesToWords(byte[] bytes) {
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
