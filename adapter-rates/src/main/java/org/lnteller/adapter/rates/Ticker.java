package org.lnteller.adapter.rates;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.lnteller.ports.rates.ExchangeRates;

/**
 * The public tickers lnteller can price from: no account, no key, one HTTPS GET per currency.
 * Each reads the exchange's last trade price for BTC in the asked currency:
 * <ul>
 *   <li>{@link #KRAKEN}: {@code GET /0/public/Ticker?pair=XBT<CCY>}, field {@code c[0]} (last trade
 *       closed). The answer carries no time, so it is stamped when it arrives.</li>
 *   <li>{@link #BITSTAMP}: {@code GET /api/v2/ticker/btc<ccy>/}, field {@code last}, stamped with the
 *       answer's {@code timestamp} (Unix seconds).</li>
 *   <li>{@link #COINBASE}: the Coinbase Exchange ticker {@code GET /products/BTC-<CCY>/ticker}, field
 *       {@code price}, stamped with {@code time} (the last trade's ISO-8601 instant). Chosen over the
 *       retail {@code /v2/prices/BTC-USD/spot}, which answers no time and so could not be checked
 *       for age, and is not an exchange's own trade price.</li>
 * </ul>
 * A source that does not list a currency simply has no rate for it.
 */
public enum Ticker {
    KRAKEN("kraken", "https://api.kraken.com"),
    BITSTAMP("bitstamp", "https://www.bitstamp.net"),
    COINBASE("coinbase", "https://api.exchange.coinbase.com");

    private final String sourceName;
    private final URI defaultBaseUrl;

    Ticker(String sourceName, String defaultBaseUrl) {
        this.sourceName = sourceName;
        this.defaultBaseUrl = URI.create(defaultBaseUrl);
    }

    /** The name an operator writes in the configuration and that {@code ExchangeRate.source()} carries. */
    public String sourceName() {
        return sourceName;
    }

    /** The exchange's public API root. */
    public URI defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The ticker of that name ({@code kraken}, {@code bitstamp}, {@code coinbase}), any case. */
    public static Optional<Ticker> named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.sourceName.equals(n)).findFirst();
    }

    /**
     * This ticker as an {@link ExchangeRates} that asks the exchange on every call (no cache: put it
     * behind {@link MedianExchangeRates}, which fetches in the background).
     *
     * @param baseUrl the API root, {@link #defaultBaseUrl()} in production, a loopback stand-in in tests
     * @param timeout how long one call may take, connecting included
     * @param clock   stamps the answers that carry no time of their own
     */
    public ExchangeRates open(URI baseUrl, Duration timeout, Clock clock) {
        return switch (this) {
            case KRAKEN -> new KrakenTicker(baseUrl, timeout, clock);
            case BITSTAMP -> new BitstampTicker(baseUrl, timeout, clock);
            case COINBASE -> new CoinbaseTicker(baseUrl, timeout, clock);
        };
    }
}
