package org.lnteller.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * One machine's view of a server over real HTTP: every request is timed into the machine's own
 * {@link Latencies} under a route label, and every answer other than 2xx or 304 (and every
 * request that got no answer) is counted in the shared {@link Errors}.
 */
final class BenchHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** An answer; {@code body} is null for 304, for an empty body, and when no answer came. */
    record Answer(int status, JsonNode body, String raw) {
        static final Answer NONE = new Answer(0, null, "");

        boolean ok() {
            return (status >= 200 && status < 300) || status == 304;
        }

        String text(String field) {
            return body == null ? "" : body.path(field).asText("");
        }

        boolean flag(String field) {
            return body != null && body.path(field).asBoolean(false);
        }
    }

    private final Targets targets;
    private final HttpClient client;
    private final Latencies latencies;
    private final Errors errors;

    BenchHttp(URI base, HttpClient client, Latencies latencies, Errors errors) {
        this(Targets.of(base), client, latencies, errors);
    }

    /** Requests to one of {@code targets} each, at random; {@code path} may also be an absolute URL. */
    BenchHttp(Targets targets, HttpClient client, Latencies latencies, Errors errors) {
        this.targets = targets;
        this.client = client;
        this.latencies = latencies;
        this.errors = errors;
    }

    /** HTTP/1.1 with keep-alive, as Lamassu machines talk; no h2c upgrade attempt on each new connection. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    Latencies latencies() {
        return latencies;
    }

    Answer post(String route, String path, Optional<String> token, String json) {
        return send(
                route,
                target -> builder(target, path, token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    Answer get(String route, String path, Optional<String> token) {
        return send(route, target -> builder(target, path, token).GET().build());
    }

    private static HttpRequest.Builder builder(URI target, String path, Optional<String> token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(path)).timeout(REQUEST_TIMEOUT);
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private Answer send(String route, Function<URI, HttpRequest> request) {
        while (true) {
            URI target = targets.pick();
            long start = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = client.send(request.apply(target), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // an instance killed under the request: the machine sends it again, to the instance still up
                if (targets.isDown(target)) {
                    targets.lost();
                    continue;
                }
                errors.add(
                        route
                                + (e instanceof HttpTimeoutException
                                        ? " timeout"
                                        : " " + e.getClass().getSimpleName()),
                        e.getMessage());
                return Answer.NONE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Answer.NONE;
            }
            latencies.record(route, (System.nanoTime() - start) / 1_000);
            return answer(route, response);
        }
    }

    private Answer answer(String route, HttpResponse<String> response) {
        Answer answer = new Answer(response.statusCode(), parse(response.body()), response.body());
        if (!answer.ok()) errors.add(route + " " + answer.status(), answer.raw());
        return answer;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) return null;
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
