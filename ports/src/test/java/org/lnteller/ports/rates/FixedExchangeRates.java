package org.lnteller.ports.rates;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.lnteller.ports.model.ExchangeRate;

/**
 * A price source that quotes the rates it is given, as a market that never moves unless the test
 * moves it ({@link #set}). It can also be down: {@link #failNext} makes the next calls throw
 * {@link UnableToFetchRate}, as a real source that is unreachable would. Every rate is stamped
 * with the clock's current instant and the source {@value #SOURCE}.
 *
 * <p>Threading: safe for concurrent use; rates and counters are held in concurrent structures.
 */
public final class FixedExchangeRates implements ExchangeRates {
    public static final String SOURCE = "fixed";

    private final Clock clock;
    private final Map<Currency, BigDecimal> fiatPerBtc = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    /** @param fiatPerBtc whole currency units per bitcoin, each positive */
    public FixedExchangeRates(Clock clock, Map<Currency, BigDecimal> fiatPerBtc) {
        this.clock = Objects.requireNonNull(clock, "clock");
        fiatPerBtc.forEach(this::set);
    }

    /** One currency, e.g. {@code of(clock, "USD", "60000")}. */
    public static FixedExchangeRates of(Clock clock, String currencyCode, String fiatPerBtc) {
        return new FixedExchangeRates(clock, Map.of(Currency.getInstance(currencyCode), new BigDecimal(fiatPerBtc)));
    }

    /** Quotes {@code fiatPerBtc} for {@code currency} from now on. */
    public void set(Currency currency, BigDecimal fiatPerBtc) {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(fiatPerBtc, "fiatPerBtc");
        // Refused here rather than when quoted, so a test's mistake shows where it was made.
        if (fiatPerBtc.signum() <= 0) throw new IllegalArgumentException("rate must be positive: " + fiatPerBtc);
        this.fiatPerBtc.put(currency, fiatPerBtc);
    }

    /** Stops quoting {@code currency}. */
    public void remove(Currency currency) {
        fiatPerBtc.remove(currency);
    }

    /** The next {@code times} calls throw {@link UnableToFetchRate}, whatever the currency. */
    public void failNext(int times) {
        if (times < 1) throw new IllegalArgumentException("times must be positive: " + times);
        failures.addAndGet(times);
    }

    /** How many times {@link #current} was called, including calls that failed. */
    public int calls() {
        return calls.get();
    }

    @Override
    public ExchangeRate current(Currency fiat) {
        Objects.requireNonNull(fiat, "fiat");
        calls.incrementAndGet();
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new UnableToFetchRate("injected: the price source for " + fiat.getCurrencyCode() + " is unreachable");
        }
        BigDecimal rate = fiatPerBtc.get(fiat);
        if (rate == null) throw new UnableToFetchRate("no rate configured for " + fiat.getCurrencyCode());
        return new ExchangeRate(fiat, rate, SOURCE, clock.instant());
    }
}
