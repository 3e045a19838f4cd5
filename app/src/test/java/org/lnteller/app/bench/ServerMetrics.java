package org.lnteller.app.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own counters, scraped from GET /metrics: calls to the Lightning backend by
 * operation (all outcomes together, and the ones that were not {@code ok}). Two scrapes, before and
 * after a phase, give the calls the phase caused.
 */
record ServerMetrics(Map<String, Long> backendCalls, Map<String, Long> backendFailures) {
    private static final Pattern BACKEND =
            Pattern.compile("^lightning_backend_calls_seconds_count\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern OPERATION = Pattern.compile("operation=\"([^\"]*)\"");
    private static final Pattern OUTCOME = Pattern.compile("outcome=\"([^\"]*)\"");

    /** @param adminToken {@code /metrics} is behind it on the API's port */
    static ServerMetrics scrape(HttpClient client, URI base, String adminToken) {
        return parse(text(client, base, adminToken));
    }

    /** The whole text of GET /metrics. */
    static String text(HttpClient client, URI base, String adminToken) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/metrics"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .GET()
                .build();
        String text;
        try {
            text = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping the metrics", e);
        }
        return text;
    }

    static ServerMetrics parse(String text) {
        Map<String, Long> calls = new TreeMap<>();
        Map<String, Long> failures = new TreeMap<>();
        Matcher m = BACKEND.matcher(text);
        while (m.find()) {
            Matcher op = OPERATION.matcher(m.group(1));
            Matcher outcome = OUTCOME.matcher(m.group(1));
            String operation = op.find() ? op.group(1) : "?";
            long count = (long) Double.parseDouble(m.group(2));
            calls.merge(operation, count, Long::sum);
            if (outcome.find() && !"ok".equals(outcome.group(1))) failures.merge(operation, count, Long::sum);
        }
        return new ServerMetrics(calls, failures);
    }

    /** What happened between {@code earlier} and this scrape. */
    ServerMetrics since(ServerMetrics earlier) {
        return new ServerMetrics(
                minus(backendCalls, earlier.backendCalls), minus(backendFailures, earlier.backendFailures));
    }

    /** This and {@code other} together (two instances' deltas). */
    ServerMetrics plus(ServerMetrics other) {
        Map<String, Long> calls = new TreeMap<>(backendCalls);
        other.backendCalls.forEach((k, v) -> calls.merge(k, v, Long::sum));
        Map<String, Long> failures = new TreeMap<>(backendFailures);
        other.backendFailures.forEach((k, v) -> failures.merge(k, v, Long::sum));
        return new ServerMetrics(calls, failures);
    }

    static ServerMetrics none() {
        return new ServerMetrics(Map.of(), Map.of());
    }

    long totalCalls() {
        return backendCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> minus(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> delta = new TreeMap<>();
        later.forEach((k, v) -> {
            long d = v - earlier.getOrDefault(k, 0L);
            if (d != 0) delta.put(k, d);
        });
        return delta;
    }
}
