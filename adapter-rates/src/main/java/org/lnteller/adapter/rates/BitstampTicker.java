package org.lnteller.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import org.lnteller.ports.model.ExchangeRate;

/**
 * Bitstamp's {@code GET /api/v2/ticker/btcusd/}: {@code {"timestamp":"1700000000","last":"37000",
 * "bid":...,"ask":...,...}}, numbers as strings, {@code timestamp} in Unix seconds. An unknown
 * pair is HTTP 404.
 */
final class BitstampTicker extends HttpTicker {
    BitstampTicker(URI baseUrl, Duration timeout, Clock clock) {
        super(Ticker.BITSTAMP.sourceName(), baseUrl, timeout, clock);
    }

    @Override
    String path(Currency fiat) {
        return "/api/v2/ticker/btc" + fiat.getCurrencyCode().toLowerCase(Locale.ROOT) + "/";
    }

    @Override
    ExchangeRate read(Currency fiat, JsonNode answer, Instant receivedAt) {
        JsonNode timestamp = answer.get("timestamp");
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.asText().strip());
        } catch (NumberFormatException e) {
            throw failure(fiat, "answered no readable timestamp", e);
        }
        return rate(fiat, price(fiat, answer.get("last"), "last price"), Instant.ofEpochSecond(seconds));
    }
}
