package org.lnteller.app.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.adapter.rates.FixedRates;
import org.lnteller.adapter.rates.MedianExchangeRates;
import org.lnteller.adapter.rates.Ticker;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.config.RatesConfig;
import org.lnteller.ports.rates.ExchangeRates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link ExchangeRates} the server prices with from {@code EXCHANGE_RATES}, whatever
 * the Lightning backend: the fixed price as it is, any market source (public tickers, Blink)
 * behind {@link MedianExchangeRates}, fetched once before the server answers and then in the
 * background.
 */
final class RateSources {
    private static final Logger LOG = LoggerFactory.getLogger(RateSources.class);

    private RateSources() {}

    /**
     * @param backendRates the backend's own prices (Blink's), when it has them
     * @param toClose      where the background refresh is registered to be stopped
     */
    static ExchangeRates open(
            RatesConfig config,
            List<Currency> currencies,
            Optional<ExchangeRates> backendRates,
            Clock clock,
            Deque<AutoCloseable> toClose) {
        if (config.isFixed()) return new FixedRates(config.fixed(), clock);
        List<MedianExchangeRates.Source> sources = new ArrayList<>();
        for (String name : config.sources()) {
            ExchangeRates rates = name.equals(RatesConfig.BLINK)
                    ? backendRates.orElseThrow(
                            () -> new ConfigException("EXCHANGE_RATES=blink needs LIGHTNING_BACKEND=galoy"))
                    : Ticker.named(name)
                            .map(t -> t.open(
                                    Objects.requireNonNull(config.tickerUrls().get(t), "ticker URL"),
                                    config.timeout(),
                                    clock))
                            .orElseThrow(() -> new ConfigException("EXCHANGE_RATES names an unknown source " + name));
            sources.add(new MedianExchangeRates.Source(name, rates));
        }
        MedianExchangeRates median = new MedianExchangeRates(
                sources,
                new MedianExchangeRates.Settings(
                        new LinkedHashSet<>(currencies),
                        config.refreshEvery(),
                        config.maxAge(),
                        config.maxDeviationPercent(),
                        config.timeout(),
                        MedianExchangeRates.Settings.DEFAULT_CLOCK_SKEW),
                clock);
        toClose.push(median);
        // One round before the first machine asks (bounded by the fetch timeout), then in the background.
        median.refreshNow();
        median.start();
        LOG.info("exchange rates: {}", config);
        return median;
    }
}
