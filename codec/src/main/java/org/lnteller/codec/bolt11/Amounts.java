package org.lnteller.codec.bolt11;

import java.math.BigInteger;
import java.util.OptionalLong;

/** The amount in a BOLT #11 human-readable part: bitcoin, scaled by an optional multiplier. */
final class Amounts {
    private Amounts() {}

    /** 21 million bitcoin in millisatoshis: no real invoice asks for more. */
    static final long MAX_MSAT = 2_100_000_000_000_000_000L;

    private static final long MSAT_PER_BTC = 100_000_000_000L;
    private static final BigInteger MAX = BigInteger.valueOf(MAX_MSAT);

    /**
     * Reads the text after the network prefix: empty (no amount), or digits without leading zeros
     * followed by at most one of m, u, n, p.
     */
    static OptionalLong parse(String text) {
        if (text.isEmpty()) return OptionalLong.empty();
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') digits++;
        if (digits == 0) {
            throw new InvalidInvoice(InvalidInvoice.Reason.INVALID_AMOUNT, "the amount '" + text + "' is not a number");
        }
        String number = text.substring(0, digits);
        String rest = text.substring(digits);
        if (rest.length() > 1) {
            throw new InvalidInvoice(
                    InvalidInvoice.Reason.INVALID_AMOUNT,
                    "the amount '" + text + "' is followed by more than a multiplier");
        }
        if (number.charAt(0) == '0') {
            throw new InvalidInvoice(
                    InvalidInvoice.Reason.INVALID_AMOUNT,
                    "the amount '" + text + "' must be a positive number without leading zeros");
        }
        BigInteger value = new BigInteger(number);
        BigInteger msat;
        if (rest.isEmpty()) {
            msat = value.multiply(BigInteger.valueOf(MSAT_PER_BTC));
        } else {
            char multiplier = rest.charAt(0);
            msat = switch (multiplier) {
                case 'm' -> value.multiply(BigInteger.valueOf(100_000_000L));
                case 'u' -> value.multiply(BigInteger.valueOf(100_000L));
                case 'n' -> value.multiply(BigInteger.valueOf(100L));
                case 'p' -> {
                    // 1 pico-bitcoin is a tenth of a millisatoshi: only multiples of ten can be paid
                    if (number.charAt(number.length() - 1) != '0') {
                        throw new InvalidInvoice(
                                InvalidInvoice.Reason.SUB_MILLISATOSHI,
                                "the amount " + text + " is a fraction of a millisatoshi, which cannot be paid");
                    }
                    yield value.divide(BigInteger.TEN);
                }
                default ->
                    throw new InvalidInvoice(
                            InvalidInvoice.Reason.INVALID_MULTIPLIER,
                            "'" + multiplier + "' is not an amount multiplier (m, u, n or p)");
            };
        }
        if (msat.compareTo(MAX) > 0) {
            throw new InvalidInvoice(
                    InvalidInvoice.Reason.INVALID_AMOUNT, "the amount " + text + " is more than 21 million bitcoin");
        }
        return OptionalLong.of(msat.longValueExact());
    }

    /** The shortest exact form: the largest multiplier that leaves a whole number. */
    static String format(long msat) {
        if (msat <= 0) throw new IllegalArgumentException("an invoice amount is positive");
        if (msat % MSAT_PER_BTC == 0) return Long.toString(msat / MSAT_PER_BTC);
        if (msat % 100_000_000L == 0) return msat / 100_000_000L + "m";
        if (msat % 100_000L == 0) return msat / 100_000L + "u";
        if (msat % 100L == 0) return msat / 100L + "n";
        // tenths of a millisatoshi: append the zero as text, since msat * 10 may not fit a long
        return msat + "0p";
    }
}
