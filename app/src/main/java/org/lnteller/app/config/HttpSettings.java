package org.lnteller.app.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the HTTP API listens and how it keeps slow clients from starving it, beside
 * {@code HTTP_PORT} in {@link Config}.
 *
 * @param bind         {@code HTTP_BIND}: the interface address of the API; {@code 0.0.0.0} (all, the
 *                     default, as before) or {@code 127.0.0.1} behind a reverse proxy on the same host
 * @param metricsPort  {@code METRICS_PORT}: a listener of its own for {@code /metrics} (and
 *                     {@code /healthz}), answered there without the admin token; unset, {@code /metrics}
 *                     is served on {@code HTTP_PORT} behind the admin token
 * @param metricsBind  {@code METRICS_BIND}: that listener's interface address, {@code 127.0.0.1} unless set
 * @param txPerApp     {@code HTTP_TX_CONCURRENCY_PER_APP}: {@code POST /tx} in flight per machine (4)
 * @param txTotal      {@code HTTP_TX_CONCURRENCY}: {@code POST /tx} in flight in all (100, of 250 request threads)
 * @param txWait       {@code HTTP_TX_WAIT_MS}: how long a post over {@code txTotal} waits for a slot before 503 (5000)
 * @param bodyDeadline {@code HTTP_BODY_DEADLINE_MS}: how long a request body may take to arrive (5000)
 */
public record HttpSettings(
        String bind,
        Optional<Integer> metricsPort,
        String metricsBind,
        int txPerApp,
        int txTotal,
        Duration txWait,
        Duration bodyDeadline) {

    static HttpSettings from(Settings s, int httpPort) {
        Optional<Integer> metricsPort =
                s.get("METRICS_PORT").filter(v -> !v.isBlank()).map(v -> (int) integer(s, "METRICS_PORT", 0, 0, 65535));
        if (metricsPort.isPresent() && metricsPort.get() != 0 && metricsPort.get() == httpPort) {
            throw new ConfigException("METRICS_PORT must differ from HTTP_PORT (" + httpPort
                    + "); leave it unset to serve" + " /metrics on HTTP_PORT behind the admin token");
        }
        return new HttpSettings(
                address(s, "HTTP_BIND", "0.0.0.0"),
                metricsPort,
                address(s, "METRICS_BIND", "127.0.0.1"),
                (int) integer(s, "HTTP_TX_CONCURRENCY_PER_APP", 4, 1, 10_000),
                (int) integer(s, "HTTP_TX_CONCURRENCY", 100, 1, 10_000),
                Duration.ofMillis(integer(s, "HTTP_TX_WAIT_MS", 5_000, 0, 60_000)),
                Duration.ofMillis(integer(s, "HTTP_BODY_DEADLINE_MS", 5_000, 100, 600_000)));
    }

    /** An interface address or host name: one word, no scheme or port. */
    private static String address(Settings s, String name, String fallback) {
        String value = s.get(name).map(String::strip).filter(v -> !v.isEmpty()).orElse(fallback);
        if (!value.matches("[A-Za-z0-9.:%_-]+") || value.matches(".*://.*")) {
            throw new ConfigException(
                    name + " must be an interface address such as 0.0.0.0 or 127.0.0.1, not '" + value + "'");
        }
        return value;
    }

    private static long integer(Settings s, String name, long fallback, long min, long max) {
        long value;
        try {
            value = s.get(name)
                    .filter(v -> !v.isBlank())
                    .map(v -> Long.parseLong(v.strip()))
                    .orElse(fallback);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " is malformed: '" + s.get(name).orElse("") + "' (not a whole number)");
        }
        if (value < min || value > max)
            throw new ConfigException(name + " must be between " + min + " and " + max + ", not " + value);
        return value;
    }
}
