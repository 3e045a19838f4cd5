package org.lnteller.ports.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of an ISO 4217 currency in its minor units (cents for USD, whole yen for JPY).
 * Never negative; arithmetic is exact. On the wire machines send whole units ({@code "100"} is
 * 100 USD): {@link #ofMajor(Currency, BigDecimal)} converts, refusing fractions finer than the
 * currency's minor unit.
 */
public record FiatAmount(Currency currency, long minor) implements Comparable<FiatAmount> {

    public FiatAmount {
        Objects.requireNonNull(currency, "currency");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("not a fiat currency with minor units: " + currency);
        }
        if (minor < 0) throw new IllegalArgumentException("amount must not be negative: " + minor + " minor units");
    }

    public static FiatAmount ofMinor(String currencyCode, long minor) {
        return new FiatAmount(currency(currencyCode), minor);
    }

    /**
     * From whole currency units as a decimal ("100", "12.5").
     *
     * @throws IllegalArgumentException when negative or finer than the currency's minor unit
     * @throws ArithmeticException when it overflows
     */
    public static FiatAmount ofMajor(Currency currency, BigDecimal major) {
        int digits = currency.getDefaultFractionDigits();
        BigDecimal scaled;
        try {
            scaled = major.setScale(digits, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    major.toPlainString() + " " + currency + " has more than " + digits + " decimal places");
        }
        return new FiatAmount(currency, scaled.unscaledValue().longValueExact());
    }

    public static FiatAmount ofMajor(String currencyCode, String major) {
        return ofMajor(currency(currencyCode), new BigDecimal(major));
    }

    /** @throws IllegalArgumentException for a code that is not ISO 4217 */
    public static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + code);
        }
    }

    public static FiatAmount zero(Currency currency) {
        return new FiatAmount(currency, 0);
    }

    /** Whole units as a decimal: 12345 minor USD is 123.45. */
    public BigDecimal toMajor() {
        return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits());
    }

    public FiatAmount plus(FiatAmount other) {
        requireSameCurrency(other);
        return new FiatAmount(currency, Math.addExact(minor, other.minor));
    }

    public FiatAmount minus(FiatAmount other) {
        requireSameCurrency(other);
        return new FiatAmount(currency, Math.subtractExact(minor, other.minor));
    }

    public FiatAmount times(long n) {
        return new FiatAmount(currency, Math.multiplyExact(minor, n));
    }

    public boolean isZero() {
        return minor == 0;
    }

    private void requireSameCurrency(FiatAmount other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currencies differ: " + currency + " and " + other.currency);
        }
    }

    @Override
    public int compareTo(FiatAmount o) {
        requireSameCurrency(o);
        return Long.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return toMajor().toPlainString() + " " + currency.getCurrencyCode();
    }
}
