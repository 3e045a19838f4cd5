package org.lnteller.app.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lnteller.adapter.rates.MedianExchangeRates;
import org.lnteller.adapter.rates.Ticker;

/**
 * Where prices come from, chosen apart from the Lightning backend ({@code EXCHANGE_RATES}).
 *
 * @param sources            the named sources in the order given: {@code fixed} alone, or any of
 *                           {@code kraken}, {@code bitstamp}, {@code coinbase} and (with Blink as
 *                           the backend) {@code blink}
 * @param fixed              the fixed price per currency ({@code FIXED_RATE_<CCY>}), only with {@code fixed}
 * @param tickerUrls         each public ticker's API root ({@code EXCHANGE_RATES_<NAME>_URL})
 * @param refreshEvery       {@code EXCHANGE_RATES_REFRESH_SECONDS}
 * @param maxAge             {@code EXCHANGE_RATES_MAX_AGE_SECONDS}
 * @param maxDeviationPercent {@code EXCHANGE_RATES_MAX_DEVIATION_PERCENT}
 * @param timeout            {@code EXCHANGE_RATES_TIMEOUT_MS}, per fetch
 */
public record RatesConfig(
        List<String> sources,
        Map<Currency, BigDecimal> fixed,
        Map<Ticker, URI> tickerUrls,
        Duration refreshEvery,
        Duration maxAge,
        BigDecimal maxDeviationPercent,
        Duration timeout) {
    public static final String FIXED = "fixed";
    public static final String BLINK = "blink";

    public RatesConfig {
        sources = List.copyOf(sources);
        fixed = Map.copyOf(fixed);
        tickerUrls = Map.copyOf(tickerUrls);
    }

    /** Only the fixed price: nothing is fetched. */
    public boolean isFixed() {
        return sources.equals(List.of(FIXED));
    }

    /**
     * Reads the rate settings. Defaults keep each backend as it was: the simulated backend its fixed
     * price ({@code FIXED_RATE_<CCY>}, or the older {@code SIMULATED_RATE_<CCY>}, USD 60000 when
     * neither is set), Blink its own price; any other backend (an operator's own node, which has
     * no price) the median of Kraken, Bitstamp and Coinbase.
     */
    // StringSplitter: split drops a trailing empty entry, so a setting's trailing comma is forgiven
    @SuppressWarnings("StringSplitter")
    static RatesConfig from(Settings s, Config.Backend backend, List<Currency> currencies) {
        boolean simulated = backend == Config.Backend.SIMULATED;
        boolean galoy = backend == Config.Backend.GALOY;
        Optional<String> chosen = s.get("EXCHANGE_RATES").filter(v -> !v.isBlank());
        if (chosen.isEmpty() && !simulated) {
            // A price meant for the simulated wallet must not silently price real money.
            s.names().stream()
                    .filter(n -> n.startsWith("SIMULATED_RATE_"))
                    .findFirst()
                    .ifPresent(n -> {
                        throw new ConfigException(n + " prices only the simulated backend; with LIGHTNING_BACKEND="
                                + backend.name().toLowerCase(Locale.ROOT) + " choose the prices with EXCHANGE_RATES"
                                + " (e.g. kraken,bitstamp,coinbase, or fixed with FIXED_RATE_"
                                + currencies.get(0).getCurrencyCode() + ")");
                    });
        }
        String names = chosen.orElse(simulated ? FIXED : galoy ? BLINK : "kraken,bitstamp,coinbase");
        List<String> sources = new ArrayList<>();
        for (String raw : names.split(",")) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            if (!name.equals(FIXED) && !name.equals(BLINK) && Ticker.named(name).isEmpty()) {
                throw new ConfigException("EXCHANGE_RATES names an unknown source '" + raw.strip()
                        + "': use kraken, bitstamp, coinbase, blink (with LIGHTNING_BACKEND=galoy) or fixed");
            }
            if (sources.contains(name)) throw new ConfigException("EXCHANGE_RATES names " + name + " twice");
            sources.add(name);
        }
        if (sources.contains(FIXED) && sources.size() > 1) {
            throw new ConfigException(
                    "EXCHANGE_RATES=fixed stands alone: a fixed price never goes stale and would outvote the market");
        }
        if (sources.contains(BLINK) && !galoy) {
            throw new ConfigException(
                    "EXCHANGE_RATES may name blink only with LIGHTNING_BACKEND=galoy (Blink's price comes with its API key)");
        }

        Map<Currency, BigDecimal> fixed = new LinkedHashMap<>();
        if (sources.contains(FIXED)) {
            for (Currency c : currencies) {
                String name = "FIXED_RATE_" + c.getCurrencyCode();
                String legacy = "SIMULATED_RATE_" + c.getCurrencyCode();
                Optional<String> value = s.get(name).or(() -> simulated ? s.get(legacy) : Optional.empty());
                BigDecimal fallback = simulated && "USD".equals(c.getCurrencyCode()) ? new BigDecimal("60000") : null;
                BigDecimal rate = value.map(
                                v -> Config.parse(value.equals(s.get(name)) ? name : legacy, v, BigDecimal::new))
                        .orElse(fallback);
                if (rate == null) {
                    throw new ConfigException(
                            name + " is required with EXCHANGE_RATES=fixed: the " + c + " price of one BTC");
                }
                if (rate.signum() <= 0) throw new ConfigException(name + " must be positive");
                fixed.put(c, rate);
            }
        }
        Map<Ticker, URI> urls = new EnumMap<>(Ticker.class);
        for (Ticker t : Ticker.values()) {
            String name = "EXCHANGE_RATES_" + t.name() + "_URL";
            URI url = Config.parse(name, s.get(name).orElse(t.defaultBaseUrl().toString()), URI::create);
            if ((!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme()))
                    || url.getHost() == null) {
                throw new ConfigException(
                        name + " must be an http(s) URL such as " + t.defaultBaseUrl() + ", not '" + url + "'");
            }
            urls.put(t, url);
        }
        Duration refresh = Duration.ofSeconds(Config.integer(
                s,
                "EXCHANGE_RATES_REFRESH_SECONDS",
                MedianExchangeRates.Settings.DEFAULT_REFRESH.toSeconds(),
                1,
                3_600));
        Duration maxAge = Duration.ofSeconds(Config.integer(
                s,
                "EXCHANGE_RATES_MAX_AGE_SECONDS",
                MedianExchangeRates.Settings.DEFAULT_MAX_AGE.toSeconds(),
                2,
                86_400));
        if (refresh.compareTo(maxAge) >= 0) {
            throw new ConfigException("EXCHANGE_RATES_REFRESH_SECONDS (" + refresh.toSeconds()
                    + ") must be less than EXCHANGE_RATES_MAX_AGE_SECONDS (" + maxAge.toSeconds()
                    + "), or every price goes stale before it is fetched again");
        }
        BigDecimal deviation = Config.parse(
                "EXCHANGE_RATES_MAX_DEVIATION_PERCENT",
                s.get("EXCHANGE_RATES_MAX_DEVIATION_PERCENT")
                        .orElse(MedianExchangeRates.Settings.DEFAULT_MAX_DEVIATION_PERCENT.toPlainString()),
                BigDecimal::new);
        if (deviation.signum() <= 0 || deviation.compareTo(BigDecimal.valueOf(50)) > 0) {
            throw new ConfigException("EXCHANGE_RATES_MAX_DEVIATION_PERCENT must be above 0 and at most 50, not "
                    + deviation.toPlainString());
        }
        Duration timeout = Duration.ofMillis(Config.integer(
                s,
                "EXCHANGE_RATES_TIMEOUT_MS",
                MedianExchangeRates.Settings.DEFAULT_FETCH_TIMEOUT.toMillis(),
                100,
                60_000));
        return new RatesConfig(sources, fixed, urls, refresh, maxAge, deviation, timeout);
    }

    @Override
    public String toString() {
        return isFixed()
                ? "fixed " + fixed
                : String.join(",", sources) + " (every " + refreshEvery.toSeconds() + " s, at most "
                        + maxAge.toSeconds() + " s old, within " + maxDeviationPercent.toPlainString() + " %)";
    }
}
