package org.lnteller.adapter.phoenixd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.UnableToQueryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * phoenixd's HTTP API as the adapter uses it: GET with query parameters, POST with a
 * form-encoded body, HTTP Basic with the full-access password (phoenixd ignores the user name),
 * JSON answers. Reads are retried after transient failures; sends never are.
 *
 * <p>Messages of exceptions name the method and path, never the password or the Authorization
 * header. Threading: safe for concurrent use.
 */
final class PhoenixdHttp {
    private static final Logger log = LoggerFactory.getLogger(PhoenixdHttp.class);

    /** An answer: status and body as received. */
    record Reply(int status, String body) {
        boolean ok() {
            return status == 200;
        }
    }

    /** The call broke off or timed out: phoenixd may or may not have acted. */
    static final class Broken extends Exception {
        private final Kind kind;

        Broken(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        /** Never null: the constructor takes a message. */
        @Override
        public String getMessage() {
            return Objects.requireNonNull(super.getMessage());
        }

        Kind kind() {
            return kind;
        }
    }

    /** Waits between retries; a parameter so that tests need not sleep. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final PhoenixdSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Sleeper sleeper;
    private final String authorization;

    PhoenixdHttp(PhoenixdSettings settings, HttpClient http, ObjectMapper json, Sleeper sleeper) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.sleeper = sleeper;
        // phoenixd checks the password only; the user name is free
        this.authorization = basic(settings.password());
    }

    static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString((":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpClient newHttpClient(PhoenixdSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    String authorization() {
        return authorization;
    }

    ObjectMapper json() {
        return json;
    }

    /** One GET, not retried. */
    Reply getOnce(String path, Duration timeout) throws Broken {
        return send(HttpRequest.newBuilder(uri(path)).GET(), "GET " + pathOnly(path), timeout);
    }

    /** One form POST, not retried. */
    Reply postOnce(String path, Map<String, String> form, Duration timeout) throws Broken {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        return send(b, "POST " + path, timeout);
    }

    /**
     * A GET retried after transient failures (broken calls, 5xx, 429) with doubling backoff.
     * Answers anything else as received (200, 400, 404, ...).
     *
     * @throws UnableToQueryBackend NOT_AUTHORIZED on 401/403; the last failure's kind when retries run out
     */
    Reply read(String path) {
        String what = "GET " + pathOnly(path);
        Duration delay = settings.retryBase();
        for (int attempt = 0; ; attempt++) {
            LightningBackendException failure;
            try {
                Reply reply = getOnce(path, settings.callTimeout());
                if (reply.status() == 401 || reply.status() == 403) {
                    throw new UnableToQueryBackend(
                            Kind.NOT_AUTHORIZED,
                            "phoenixd refused " + what + " (HTTP " + reply.status()
                                    + "): check the full-access http-password");
                }
                if (reply.status() < 500 && reply.status() != 429) return reply;
                failure = new UnableToQueryBackend(
                        reply.status() == 429 ? Kind.RATE_LIMITED : Kind.UNAVAILABLE,
                        "phoenixd answered " + what + " with HTTP " + reply.status() + ": " + excerpt(reply.body()));
            } catch (Broken b) {
                failure = new UnableToQueryBackend(b.kind(), b.getMessage(), b.getCause());
            }
            if (attempt >= settings.readRetries()) throw failure;
            log.debug(
                    "phoenixd {} failed ({}); retry {} of {} in {}",
                    what,
                    failure.getMessage(),
                    attempt + 1,
                    settings.readRetries(),
                    delay);
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnableToQueryBackend(Kind.UNAVAILABLE, what + " interrupted", e);
            }
            delay = delay.multipliedBy(2);
        }
    }

    /** The body as JSON. @throws UnableToQueryBackend PROTOCOL when it is not JSON */
    JsonNode parse(Reply reply, String what) {
        try {
            JsonNode node = json.readTree(reply.body());
            if (node == null || node.isMissingNode()) throw new IOException("empty body");
            return node;
        } catch (IOException e) {
            throw new UnableToQueryBackend(
                    Kind.PROTOCOL,
                    "phoenixd answered " + what + " with something that is not JSON: " + excerpt(reply.body()));
        }
    }

    private Reply send(HttpRequest.Builder b, String what, Duration timeout) throws Broken {
        HttpRequest request = b.timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body() == null ? "" : r.body());
        } catch (HttpTimeoutException e) {
            throw new Broken(Kind.TIMEOUT, "phoenixd did not answer " + what + " within " + timeout, e);
        } catch (IOException e) {
            throw new Broken(
                    Kind.UNAVAILABLE,
                    "phoenixd " + what + " failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Broken(Kind.UNAVAILABLE, "phoenixd " + what + " interrupted", e);
        }
    }

    private URI uri(String path) {
        String base = settings.url().toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return URI.create(base + "/" + path);
    }

    static String form(Map<String, String> fields) {
        StringJoiner j = new StringJoiner("&");
        fields.forEach((k, v) -> j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** The start of a body for a message: phoenixd's error answers are short plain text. */
    static String excerpt(String body) {
        if (body == null || body.isBlank()) return "(empty)";
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
