package org.lnteller.ports.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * The price of one bitcoin in a fiat currency, in whole units of that currency (e.g. 60000.50
 * USD per BTC), with where it came from and when it was observed.
 */
public record ExchangeRate(Currency currency, BigDecimal fiatPerBtc, String source, Instant observedAt) {
    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000L);

    public ExchangeRate {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(fiatPerBtc, "fiatPerBtc");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        if (fiatPerBtc.signum() <= 0) throw new IllegalArgumentException("rate must be positive: " + fiatPerBtc);
    }

    /** Sats that {@code fiat} buys at this rate, rounded as named. */
    public Satoshi toSatoshi(FiatAmount fiat, RoundingMode rounding) {
        requireCurrency(fiat);
        BigDecimal sats = fiat.toMajor().multiply(SATS_PER_BTC).divide(fiatPerBtc, 0, rounding);
        return new Satoshi(sats.longValueExact());
    }

    /**
     * This rate moved by a commission in percent: {@code +5} makes bitcoin 5% dearer (what a
     * customer pays buying sats), {@code -5} 5% cheaper (what a customer gets selling them).
     */
    public ExchangeRate withMarkup(BigDecimal percent) {
        BigDecimal factor = BigDecimal.ONE.add(percent.movePointLeft(2));
        if (factor.signum() <= 0) throw new IllegalArgumentException("markup leaves no price: " + percent + "%");
        return new ExchangeRate(currency, fiatPerBtc.multiply(factor), source, observedAt);
    }

    /**
     * This rate divided by {@code 1 + percent/100}: the price a Lamassu machine is given for a
     * cash-out ({@code bid / (1 + cashOutCommission/100)}, as lamassu-server computes it), so that the
     * sats the machine asks for and the sats this server requires agree. Kept to 20 significant
     * digits, far below a satoshi's worth at any price.
     */
    public ExchangeRate withCommissionDivided(BigDecimal percent) {
        BigDecimal factor = BigDecimal.ONE.add(percent.movePointLeft(2));
        if (factor.signum() <= 0) throw new IllegalArgumentException("commission leaves no price: " + percent + "%");
        return new ExchangeRate(
                currency,
                fiatPerBtc.divide(factor, new java.math.MathContext(20, RoundingMode.FLOOR)),
                source,
                observedAt);
    }

    private void requireCurrency(FiatAmount fiat) {
        if (!fiat.currency().equals(currency)) {
            throw new IllegalArgumentException("rate is for " + currency + ", amount is in " + fiat.currency());
        }
    }

    @Override
    public String toString() {
        return fiatPerBtc.toPlainString() + " " + currency.getCurrencyCode() + "/BTC from " + source + " at "
                + observedAt;
    }
}
