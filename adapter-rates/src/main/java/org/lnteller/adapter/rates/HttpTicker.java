package org.lnteller.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.UnableToFetchRate;

/**
 * One public ticker over the JDK HttpClient: a GET without credentials, a bounded wait, a bounded
 * answer, and every failure (timeout, refused connection, non-200, unreadable or absurd answer)
 * reported as {@link UnableToFetchRate} naming the source. Thread-safe; no cache.
 */
abstract class HttpTicker implements ExchangeRates {
    /** A ticker's answer is a few hundred bytes; anything much larger is not a ticker. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    protected final Clock clock;

    HttpTicker(String name, URI baseUrl, Duration timeout, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The path and query, from the API root, of {@code fiat}'s ticker. */
    abstract String path(Currency fiat);

    /** The rate in {@code answer}, received at {@code receivedAt}; throws {@link UnableToFetchRate} when there is none. */
    abstract ExchangeRate read(Currency fiat, JsonNode answer, Instant receivedAt);

    @Override
    public final ExchangeRate current(Currency fiat) {
        Objects.requireNonNull(fiat, "fiat");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path(fiat)))
                .timeout(timeout)
                .header("Accept", "application/json")
                // Coinbase refuses requests without a User-Agent
                .header("User-Agent", "lnteller")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
        } catch (HttpTimeoutException e) {
            throw failure(fiat, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw failure(
                    fiat,
                    "unreachable (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(fiat, "interrupted while waiting", e);
        }
        Instant receivedAt = clock.instant();
        if (body.length > MAX_ANSWER_BYTES)
            throw failure(fiat, "answered more than " + MAX_ANSWER_BYTES + " bytes", null);
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (response.statusCode() != 200) {
            throw failure(fiat, "answered HTTP " + response.statusCode() + errorText(json), null);
        }
        if (json == null || !json.isObject()) throw failure(fiat, "answered something that is not a JSON object", null);
        try {
            return read(fiat, json, receivedAt);
        } catch (UnableToFetchRate e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(fiat, "answered an unreadable ticker (" + e.getMessage() + ")", e);
        }
    }

    /** What an error answer says, briefly, or nothing. */
    String errorText(@Nullable JsonNode json) {
        if (json == null) return "";
        JsonNode message = json.has("message") ? json.get("message") : json.get("error");
        if (message == null || message.isNull()) return "";
        String text = message.isTextual() ? message.asText() : message.toString();
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    /** {@code text} as a positive price, or {@link UnableToFetchRate}. */
    BigDecimal price(Currency fiat, @Nullable JsonNode text, String field) {
        if (text == null || !(text.isTextual() || text.isNumber())) throw failure(fiat, "answered no " + field, null);
        BigDecimal value;
        try {
            value = new BigDecimal(text.asText().strip());
        } catch (NumberFormatException e) {
            throw failure(fiat, "answered a " + field + " that is not a number: '" + text.asText() + "'", e);
        }
        if (value.signum() <= 0)
            throw failure(fiat, "answered a " + field + " that is not positive: " + value.toPlainString(), null);
        return value.stripTrailingZeros();
    }

    ExchangeRate rate(Currency fiat, BigDecimal price, Instant observedAt) {
        return new ExchangeRate(fiat, price, name, observedAt);
    }

    UnableToFetchRate failure(Currency fiat, String what, @Nullable Throwable cause) {
        return new UnableToFetchRate(name + " " + fiat.getCurrencyCode() + ": " + what, cause);
    }

    @Override
    public String toString() {
        return name + " ticker at " + baseUrl;
    }
}
