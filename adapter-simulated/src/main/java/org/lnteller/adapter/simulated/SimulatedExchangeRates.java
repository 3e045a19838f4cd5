package org.lnteller.adapter.simulated;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.UnableToFetchRate;

/**
 * Fixed bitcoin prices, configured per currency ({@code SIMULATED_RATE_<CODE>}), for running
 * without a market feed. Every rate is reported from source {@value #SOURCE}, observed now by the
 * clock. Immutable and thread-safe.
 */
public final class SimulatedExchangeRates implements ExchangeRates {
    /** The source named on every rate. */
    public static final String SOURCE = "simulated";

    private final Map<Currency, BigDecimal> fiatPerBtc;
    private final Clock clock;

    /**
     * @param fiatPerBtc the price of one bitcoin per currency, in whole units of that currency
     *                   (60000 for 60,000 USD per BTC); each positive
     * @param clock      stamps {@link ExchangeRate#observedAt()}
     * @throws IllegalArgumentException when a price is not positive
     */
    public SimulatedExchangeRates(Map<Currency, BigDecimal> fiatPerBtc, Clock clock) {
        Objects.requireNonNull(fiatPerBtc, "fiatPerBtc");
        fiatPerBtc.forEach((currency, price) -> {
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(price, "price of " + currency);
            if (price.signum() <= 0) {
                throw new IllegalArgumentException(variable(currency) + " must be a positive price per BTC, not " + price);
            }
        });
        this.fiatPerBtc = Map.copyOf(fiatPerBtc);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws UnableToFetchRate for a currency without a configured price, naming the variable that sets it */
    @Override
    public ExchangeRate current(Currency fiat) {
        Objects.requireNonNull(fiat, "fiat");
        BigDecimal price = fiatPerBtc.get(fiat);
        if (price == null) {
            throw new UnableToFetchRate("no simulated rate for " + fiat.getCurrencyCode() + ": set " + variable(fiat)
                    + " to the price of one BTC in " + fiat.getCurrencyCode());
        }
        return new ExchangeRate(fiat, price, SOURCE, clock.instant());
    }

    private static String variable(Currency currency) {
        return "SIMULATED_RATE_" + currency.getCurrencyCode();
    }

    @Override
    public String toString() {
        return "SimulatedExchangeRates" + fiatPerBtc;
    }
}
