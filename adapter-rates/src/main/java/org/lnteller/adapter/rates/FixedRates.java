package org.lnteller.adapter.rates;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.UnableToFetchRate;

/**
 * Prices set by the operator, one per currency, for tests, demos and running offline. Every rate
 * is from source {@value #SOURCE} and observed now by the clock: a fixed price never goes stale,
 * which is why it is never mixed with a market source. Immutable and thread-safe; nothing is fetched.
 */
public final class FixedRates implements ExchangeRates {
    /** The source named on every rate. */
    public static final String SOURCE = "fixed";

    private final Map<Currency, BigDecimal> fiatPerBtc;
    private final Clock clock;

    /**
     * @param fiatPerBtc the price of one bitcoin per currency, in whole units of that currency
     *                   (60000 for 60,000 USD per BTC); each positive
     * @param clock      stamps {@link ExchangeRate#observedAt()}
     * @throws IllegalArgumentException when a price is not positive
     */
    public FixedRates(Map<Currency, BigDecimal> fiatPerBtc, Clock clock) {
        Objects.requireNonNull(fiatPerBtc, "fiatPerBtc");
        fiatPerBtc.forEach((currency, price) -> {
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(price, "price of " + currency);
            if (price.signum() <= 0) {
                throw new IllegalArgumentException(
                        "the fixed " + currency + " price must be positive, not " + price.toPlainString());
            }
        });
        this.fiatPerBtc = Map.copyOf(fiatPerBtc);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws UnableToFetchRate for a currency without a fixed price */
    @Override
    public ExchangeRate current(Currency fiat) {
        Objects.requireNonNull(fiat, "fiat");
        BigDecimal price = fiatPerBtc.get(fiat);
        if (price == null) throw new UnableToFetchRate("no fixed price for " + fiat.getCurrencyCode());
        return new ExchangeRate(fiat, price, SOURCE, clock.instant());
    }

    @Override
    public String toString() {
        return "FixedRates" + fiatPerBtc;
    }
}
