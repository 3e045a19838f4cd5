package org.lnteller.ports.lightning;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * The invoice text of {@link InMemoryLightningBackend}: {@code lnfake1<msat>x<hash>}, where
 * {@code <msat>} is the amount in millisatoshis in decimal ({@code 0} for an amount-less invoice)
 * and {@code <hash>} the 64 lower-case hex digits of the payment hash. For example
 * {@code lnfake110000000x9f86...} asks for 10,000 sat.
 *
 * <p>Why not real BOLT11: the ports module is JDK-only and cannot sign with secp256k1, so the fake
 * uses a form that is obviously not a real invoice (no real decoder accepts the {@code lnfake}
 * prefix, so it can never be paid by mistake) yet carries the two facts a payer needs.
 */
public final class FakeBolt11 {
    public static final String PREFIX = "lnfake1";
    private static final Pattern SHAPE = Pattern.compile("lnfake1(0|[1-9][0-9]{0,18})x([0-9a-f]{64})");

    /** What a fake invoice says. */
    public record Decoded(Optional<MilliSatoshi> amount, PaymentHash paymentHash) {
        public Decoded {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(paymentHash, "paymentHash");
        }
    }

    private FakeBolt11() {}

    /** @param amount empty, or positive, for an amount-less invoice */
    public static String format(Optional<MilliSatoshi> amount, PaymentHash paymentHash) {
        long msat = amount.map(MilliSatoshi::msat).orElse(0L);
        if (amount.isPresent() && msat == 0) {
            throw new IllegalArgumentException("an invoice amount must be positive; use empty for amount-less");
        }
        return PREFIX + msat + "x" + paymentHash.hex();
    }

    /** @return empty when {@code text} is not a fake invoice (case-insensitive, surrounding blanks ignored) */
    public static Optional<Decoded> parse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = SHAPE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) return Optional.empty();
        long msat;
        try {
            msat = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
        Optional<MilliSatoshi> amount = msat == 0 ? Optional.empty() : Optional.of(MilliSatoshi.of(msat));
        return Optional.of(new Decoded(amount, PaymentHash.fromHex(m.group(2))));
    }
}
