package org.lnteller.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import org.lnteller.ports.model.ExchangeRate;

/**
 * The Coinbase Exchange ticker {@code GET /products/BTC-USD/ticker}: {@code {"ask":"...","bid":"...",
 * "volume":"...","trade_id":86326522,"price":"6268.48","size":"...","time":"2020-03-20T00:22:57.833897Z"}},
 * {@code time} being the last trade's. An unknown product is HTTP 404 with {@code {"message":"NotFound"}}.
 */
final class CoinbaseTicker extends HttpTicker {
    CoinbaseTicker(URI baseUrl, Duration timeout, Clock clock) {
        super(Ticker.COINBASE.sourceName(), baseUrl, timeout, clock);
    }

    @Override
    String path(Currency fiat) {
        return "/products/BTC-" + fiat.getCurrencyCode() + "/ticker";
    }

    @Override
    ExchangeRate read(Currency fiat, JsonNode answer, Instant receivedAt) {
        Instant time;
        try {
            time = Instant.parse(answer.path("time").asText(""));
        } catch (DateTimeParseException e) {
            throw failure(fiat, "answered no readable time", e);
        }
        return rate(fiat, price(fiat, answer.get("price"), "price"), time);
    }
}
