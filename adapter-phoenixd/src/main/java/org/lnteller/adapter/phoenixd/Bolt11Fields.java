package org.lnteller.adapter.phoenixd;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * The few facts this adapter reads from a BOLT #11 invoice: the amount in the human-readable
 * part, the timestamp, the payment hash ({@code p}) and the expiry ({@code x}, 3600 s when absent).
 *
 * <p>Why a reader of its own: adapters may not depend on {@code core}, whose decoder also checks
 * the signature (the same reader as adapter-galoy's; the re-cut's codec module will hold one for
 * both). It checks the bech32 checksum and the shape of the fields it reads, nothing else. That is
 * enough here: phoenixd decodes and verifies every invoice it is asked to pay; the adapter only
 * needs the expiry of the invoices phoenixd issues and, before a payment, the amount and hash, to
 * send {@code amountSat} only for an amount-less invoice and to refuse an invoice whose hash is not
 * the one the caller will reconcile by.
 */
record Bolt11Fields(Optional<MilliSatoshi> amount, Instant timestamp, PaymentHash paymentHash, Duration expiry) {
    /** BOLT #11: an invoice without {@code x} expires an hour after its timestamp. */
    static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(3600);

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int CHECKSUM_WORDS = 6;
    private static final int TIMESTAMP_WORDS = 7;
    /** 65 bytes of recoverable signature: 104 five-bit words. */
    private static final int SIGNATURE_WORDS = 104;
    private static final int TAG_PAYMENT_HASH = 1;   // 'p'
    private static final int TAG_EXPIRY = 6;         // 'x'

    Bolt11Fields {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(expiry, "expiry");
    }

    /** When the invoice stops being payable: timestamp plus expiry. */
    Instant expiresAt() {
        return timestamp.plus(expiry);
    }

    /** The one failure of {@link #read}: the text is not a readable invoice. */
    static final class UnreadableInvoice extends RuntimeException {
        UnreadableInvoice(String message) {
            super(message);
        }
    }

    /**
     * Reads an invoice (case-insensitive, surrounding blanks ignored; no {@code lightning:} prefix).
     *
     * @throws UnreadableInvoice when it is not bech32 with an {@code ln} prefix, the checksum fails,
     *                           the amount is malformed, or there is no well-formed payment hash
     */
    static Bolt11Fields read(String text) {
        if (text == null) throw new UnreadableInvoice("no invoice");
        String s = text.trim();
        if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
            throw new UnreadableInvoice("mixed case");
        }
        s = s.toLowerCase(Locale.ROOT);
        int sep = s.lastIndexOf('1');
        if (sep < 3 || !s.startsWith("ln")) throw new UnreadableInvoice("not a Lightning invoice");
        String hrp = s.substring(0, sep);
        int[] words = new int[s.length() - sep - 1];
        for (int i = 0; i < words.length; i++) {
            int v = CHARSET.indexOf(s.charAt(sep + 1 + i));
            if (v < 0) throw new UnreadableInvoice("not bech32");
            words[i] = v;
        }
        if (words.length < TIMESTAMP_WORDS + SIGNATURE_WORDS + CHECKSUM_WORDS) throw new UnreadableInvoice("too short");
        if (!checksumHolds(hrp, words)) throw new UnreadableInvoice("bad checksum");

        Optional<MilliSatoshi> amount = amount(hrp.substring(2));
        int end = words.length - CHECKSUM_WORDS - SIGNATURE_WORDS;
        long seconds = 0;
        for (int i = 0; i < TIMESTAMP_WORDS; i++) seconds = seconds << 5 | words[i];
        PaymentHash hash = null;
        Duration expiry = DEFAULT_EXPIRY;
        int i = TIMESTAMP_WORDS;
        while (i < end) {
            if (i + 3 > end) throw new UnreadableInvoice("truncated field");
            int tag = words[i];
            int length = words[i + 1] << 5 | words[i + 2];
            int from = i + 3;
            if (from + length > end) throw new UnreadableInvoice("truncated field");
            // BOLT #11: a reader skips a p of the wrong length, and uses the first p it can read
            if (tag == TAG_PAYMENT_HASH && length == 52 && hash == null) {
                hash = PaymentHash.of(bytes(words, from, length, 32));
            } else if (tag == TAG_EXPIRY) {
                if (length > 7) throw new UnreadableInvoice("expiry too large");
                long x = 0;
                for (int k = 0; k < length; k++) x = x << 5 | words[from + k];
                expiry = Duration.ofSeconds(x);
            }
            i = from + length;
        }
        if (hash == null) throw new UnreadableInvoice("no payment hash");
        return new Bolt11Fields(amount, Instant.ofEpochSecond(seconds), hash, expiry);
    }

    /** The amount after the currency prefix: digits and an optional multiplier; none for an amount-less invoice. */
    private static Optional<MilliSatoshi> amount(String afterLn) {
        int digits = 0;
        while (digits < afterLn.length() && !Character.isDigit(afterLn.charAt(digits))) digits++;
        String part = afterLn.substring(digits);
        if (part.isEmpty()) return Optional.empty();
        char last = part.charAt(part.length() - 1);
        String number = Character.isDigit(last) ? part : part.substring(0, part.length() - 1);
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit) || number.length() > 20
                || (number.length() > 1 && number.charAt(0) == '0')) {
            throw new UnreadableInvoice("malformed amount");
        }
        // one BTC is 10^11 msat; the multiplier divides it
        int exponent;
        switch (last) {
            case 'm': exponent = 8; break;
            case 'u': exponent = 5; break;
            case 'n': exponent = 2; break;
            case 'p': exponent = -1; break;
            default:
                if (!Character.isDigit(last)) throw new UnreadableInvoice("unknown amount multiplier");
                exponent = 11;
        }
        BigDecimal msat = new BigDecimal(number).scaleByPowerOfTen(exponent);
        try {
            long value = msat.longValueExact();   // a pico amount that is not a whole msat fails here
            if (value == 0) throw new UnreadableInvoice("zero amount");
            return Optional.of(MilliSatoshi.of(value));
        } catch (ArithmeticException e) {
            throw new UnreadableInvoice("amount is not a whole number of millisatoshis");
        }
    }

    private static byte[] bytes(int[] words, int from, int length, int size) {
        byte[] out = new byte[size];
        int acc = 0;
        int bits = 0;
        int n = 0;
        for (int k = 0; k < length && n < size; k++) {
            acc = acc << 5 | words[from + k];
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        return out;
    }

    private static boolean checksumHolds(String hrp, int[] words) {
        int[] values = new int[hrp.length() * 2 + 1 + words.length];
        int k = 0;
        for (int i = 0; i < hrp.length(); i++) values[k++] = hrp.charAt(i) >> 5;
        values[k++] = 0;
        for (int i = 0; i < hrp.length(); i++) values[k++] = hrp.charAt(i) & 31;
        System.arraycopy(words, 0, values, k, words.length);
        return polymod(values) == 1;
    }

    /** BIP-173's checksum function; bech32 (not bech32m) is what BOLT #11 uses. */
    static int polymod(int[] values) {
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
}
