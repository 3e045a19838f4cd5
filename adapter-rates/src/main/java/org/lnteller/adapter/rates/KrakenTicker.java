package org.lnteller.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Iterator;
import java.util.Map;
import org.lnteller.ports.model.ExchangeRate;

/**
 * Kraken's {@code GET /0/public/Ticker?pair=XBTUSD}: {@code {"error":[],"result":{"XXBTZUSD":{"c":["price","lot"],...}}}}.
 * The result is keyed by Kraken's own pair name ({@code XXBTZUSD} for {@code XBTUSD}), so the one
 * entry of {@code result} is read whatever its key. An unknown pair is a non-empty {@code error}
 * array with HTTP 200. The answer carries no time: it is stamped when it arrives.
 */
final class KrakenTicker extends HttpTicker {
    KrakenTicker(URI baseUrl, Duration timeout, Clock clock) {
        super(Ticker.KRAKEN.sourceName(), baseUrl, timeout, clock);
    }

    @Override
    String path(Currency fiat) {
        return "/0/public/Ticker?pair=XBT" + fiat.getCurrencyCode();
    }

    @Override
    ExchangeRate read(Currency fiat, JsonNode answer, Instant receivedAt) {
        JsonNode errors = answer.path("error");
        if (errors.isArray() && !errors.isEmpty()) throw failure(fiat, "answered " + errors, null);
        JsonNode result = answer.path("result");
        if (!result.isObject() || result.size() != 1) {
            throw failure(
                    fiat,
                    "answered " + (result.isObject() ? result.size() : "no") + " pairs where one was asked for",
                    null);
        }
        Iterator<Map.Entry<String, JsonNode>> pairs = result.fields();
        Map.Entry<String, JsonNode> pair = pairs.next();
        if (!pair.getKey().endsWith(fiat.getCurrencyCode())) {
            throw failure(
                    fiat,
                    "answered the pair " + pair.getKey() + " where XBT" + fiat.getCurrencyCode() + " was asked for",
                    null);
        }
        JsonNode lastTrade = pair.getValue().path("c");
        return rate(
                fiat,
                price(fiat, lastTrade.isArray() ? lastTrade.get(0) : null, "last trade price (c[0])"),
                receivedAt);
    }
}
