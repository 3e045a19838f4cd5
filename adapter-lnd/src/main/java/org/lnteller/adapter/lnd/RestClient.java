package org.lnteller.adapter.lnd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.UnableToQueryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS to lnd's REST gateway: the macaroon in {@code Grpc-Metadata-macaroon} on every request,
 * TLS pinned to the node's certificate, a deadline on every unary call. {@link #read} retries
 * transient failures with capped exponential backoff and jitter; {@link #once} makes exactly one
 * attempt and says whether a failed attempt may have reached the node; {@link #stream} opens one
 * of lnd's streaming calls (newline-delimited JSON over one long response).
 *
 * <p>The gateway answers gRPC errors as JSON {@code {"code": <grpc code>, "message": ...}} (a
 * stream: {@code {"error": {...}}}) with an HTTP status derived from the code; most of lnd's own
 * refusals are code 2 (Unknown), HTTP 500. Such an answer is lnd speaking ({@link Reply.Refused}),
 * unlike a 5xx without that body (a proxy, a crash), which is {@link Reply.Broken}.
 *
 * <p>Threading: safe for concurrent use. Logs name the path, never the macaroon or a body.
 */
final class RestClient {
    private static final Logger log = LoggerFactory.getLogger(RestClient.class);
    static final String MACAROON_HEADER = "Grpc-Metadata-macaroon";

    /** One attempt's result. */
    sealed interface Reply {
        /** One function per case; a new case does not compile until every caller handles it. */
        <R> R fold(
                Function<? super Ok, ? extends R> ok,
                Function<? super Refused, ? extends R> refused,
                Function<? super Broken, ? extends R> broken);

        /** HTTP 200 with a JSON object. */
        record Ok(JsonNode body) implements Reply, Answer {
            @Override
            public <R> R fold(
                    Function<? super Ok, ? extends R> ok,
                    Function<? super Refused, ? extends R> refused,
                    Function<? super Broken, ? extends R> broken) {
                return ok.apply(this);
            }

            @Override
            public <R> R fold(Function<? super Ok, ? extends R> ok, Function<? super Refused, ? extends R> refused) {
                return ok.apply(this);
            }
        }

        /** lnd answered a gRPC error: {@code code} (gRPC status code) and lnd's message. */
        record Refused(int httpStatus, int code, String message) implements Reply, Answer {
            @Override
            public <R> R fold(
                    Function<? super Ok, ? extends R> ok,
                    Function<? super Refused, ? extends R> refused,
                    Function<? super Broken, ? extends R> broken) {
                return refused.apply(this);
            }

            @Override
            public <R> R fold(Function<? super Ok, ? extends R> ok, Function<? super Refused, ? extends R> refused) {
                return refused.apply(this);
            }

            /** gRPC NOT_FOUND (5). */
            boolean notFound() {
                return code == 5;
            }
        }

        /**
         * No usable answer. {@code mayHaveActed}: the request may have reached lnd and been carried
         * out (timeout, dropped connection, 5xx without lnd's error body); false when it certainly
         * was not (no connection, TLS refused, 401/403).
         */
        record Broken(
                Kind kind,
                String message,
                boolean mayHaveActed,
                @Nullable Throwable cause) implements Reply {
            @Override
            public <R> R fold(
                    Function<? super Ok, ? extends R> ok,
                    Function<? super Refused, ? extends R> refused,
                    Function<? super Broken, ? extends R> broken) {
                return broken.apply(this);
            }
        }
    }

    /** What a read answers: lnd's yes or no. A broken exchange is retried or thrown, never answered. */
    sealed interface Answer permits Reply.Ok, Reply.Refused {
        <R> R fold(Function<? super Reply.Ok, ? extends R> ok, Function<? super Reply.Refused, ? extends R> refused);
    }

    /** Waits between retries; a test may replace it. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final LndSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Sleeper sleeper;
    private final Random random;
    private final ExecutorService readers;

    RestClient(
            LndSettings settings,
            HttpClient http,
            ObjectMapper json,
            Sleeper sleeper,
            Random random,
            ExecutorService readers) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.sleeper = sleeper;
        this.random = random;
        this.readers = readers;
    }

    /**
     * HTTP/1.1 on purpose: each long stream (invoices, a payment) gets a connection of its own, so
     * a stream that breaks takes no unary call down with it.
     */
    static HttpClient newHttpClient(LndSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(PinnedTrust.sslContext(settings.certSha256()))
                .build();
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    // ---------------------------------------------------------------- unary

    /**
     * A read: retried up to {@code readRetries} times after a transient failure (no connection,
     * timeout, 5xx without lnd's body, 429, or lnd's UNAVAILABLE while it starts).
     *
     * @return {@link Reply.Ok} or {@link Reply.Refused} (the caller judges lnd's refusal)
     * @throws UnableToQueryBackend when every attempt failed, or the failure is not transient
     */
    Answer read(String method, String path, @Nullable JsonNode body, Duration timeout) {
        for (int attempt = 0; ; attempt++) {
            int tried = attempt;
            Optional<Answer> answer = once(method, path, body, timeout)
                    .fold(
                            ok -> Optional.of(ok),
                            refused -> {
                                Optional<Kind> kind = LndErrors.infrastructure(refused);
                                if (kind.isEmpty()) return Optional.of(refused);
                                giveUpOrWait(
                                        method, path, tried, kind.get(), "lnd answered: " + refused.message(), null);
                                return Optional.empty();
                            },
                            broken -> {
                                giveUpOrWait(method, path, tried, broken.kind(), broken.message(), broken.cause());
                                return Optional.empty();
                            });
            if (answer.isPresent()) return answer.get();
        }
    }

    /** After a failed attempt: throws when it is not transient or the retries are spent, else waits for the next. */
    private void giveUpOrWait(
            String method, String path, int attempt, Kind kind, String message, @Nullable Throwable cause) {
        boolean transientFailure = kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT || kind == Kind.RATE_LIMITED;
        if (!transientFailure || attempt >= settings.readRetries()) {
            String tries = attempt == 0 ? "" : " (after " + (attempt + 1) + " attempts)";
            throw new UnableToQueryBackend(
                    kind, "LND " + method + " " + shown(path) + " failed" + tries + ": " + message, cause);
        }
        Duration wait = backoff(attempt);
        log.warn(
                "LND {} {} failed ({}: {}); retry {} of {} in {} ms",
                method,
                shown(path),
                kind,
                message,
                attempt + 1,
                settings.readRetries(),
                wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnableToQueryBackend(
                    Kind.UNAVAILABLE, "interrupted while waiting to retry LND " + shown(path), e);
        }
    }

    Answer read(String method, String path, @Nullable JsonNode body) {
        return read(method, path, body, settings.callTimeout());
    }

    /** Half of {@code min(cap, base * 2^attempt)} plus a random part of the other half. */
    Duration backoff(int attempt) {
        long cap = settings.retryCap().toMillis();
        long ceiling = Math.min(cap, settings.retryBase().toMillis() << Math.min(attempt, 30));
        long half = Math.max(1, ceiling / 2);
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half + 1)));
    }

    /** Exactly one attempt within {@code timeout}. Never throws for a network or HTTP failure. */
    Reply once(String method, String path, @Nullable JsonNode body, Duration timeout) {
        HttpRequest request = request(method, path, body).timeout(timeout).build();
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            // the request timeout covers the headers; this bounds the whole exchange, body included
            response = future.get(timeout.toMillis() + 50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return broken(path, Kind.TIMEOUT, "no answer within " + timeout, true, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return broken(path, Kind.UNAVAILABLE, "interrupted while waiting for the answer", true, e);
        } catch (ExecutionException e) {
            return failure(path, e.getCause() == null ? e : e.getCause());
        }
        int status = response.statusCode();
        log.debug("LND {} {} answered HTTP {}", method, shown(path), status);
        JsonNode tree = parse(response.body());
        if (status == 200 && tree != null && tree.isObject()) {
            if (tree.has("error") && !tree.has("result")) return refused(status, tree.get("error"));
            return new Reply.Ok(tree.has("result") ? tree.get("result") : tree);
        }
        Optional<Reply.Refused> refusal = refusalIn(status, tree);
        if (refusal.isPresent()) return refusal.get();
        return notOk(path, status);
    }

    /** lnd's own error in a body that is not a plain 200 answer, when there is one. */
    private static Optional<Reply.Refused> refusalIn(int status, @Nullable JsonNode tree) {
        if (tree != null && tree.isObject()) {
            JsonNode error = tree.has("error") ? tree.get("error") : tree;
            if (error.isObject() && error.has("message")) return Optional.of(refused(status, error));
        }
        return Optional.empty();
    }

    /** A status that is not 200 and a body without lnd's error. */
    private static Reply.Broken notOk(String path, int status) {
        if (status == 401 || status == 403) {
            return broken(path, Kind.NOT_AUTHORIZED, "HTTP " + status + ": the macaroon was refused", false, null);
        }
        if (status == 429) return broken(path, Kind.RATE_LIMITED, "HTTP 429: too many requests", false, null);
        // only a refusal of the request itself (no such path, bad method) proves it was not carried out
        boolean refusedUnread = status == 400 || status == 404 || status == 405 || status == 415;
        Kind kind = status >= 500 ? Kind.UNAVAILABLE : Kind.PROTOCOL;
        return broken(path, kind, "HTTP " + status + " without an answer from lnd", !refusedUnread, null);
    }

    private static Reply.Refused refused(int status, JsonNode error) {
        return new Reply.Refused(
                status, error.path("code").asInt(2), error.path("message").asText(""));
    }

    private @Nullable JsonNode parse(@Nullable String body) {
        if (body == null || body.isBlank()) return null;
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private Reply.Broken failure(String path, Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return broken(path, Kind.TIMEOUT, "no connection within " + settings.connectTimeout(), false, e);
        }
        if (e instanceof HttpTimeoutException) {
            return broken(path, Kind.TIMEOUT, "no answer within the deadline", true, e);
        }
        if (e instanceof ConnectException) {
            return broken(
                    path,
                    Kind.UNAVAILABLE,
                    "cannot connect to " + settings.restUrl().getHost() + ":"
                            + settings.restUrl().getPort() + " (" + e.getClass().getSimpleName() + ")",
                    false,
                    e);
        }
        if (e instanceof SSLHandshakeException) {
            // no request was sent: the handshake comes first
            return broken(path, Kind.NOT_AUTHORIZED, "TLS handshake failed: " + rootMessage(e), false, e);
        }
        if (e instanceof IOException) {
            return broken(path, Kind.UNAVAILABLE, "the connection broke off: " + rootMessage(e), true, e);
        }
        return broken(path, Kind.PROTOCOL, "unexpected failure: " + rootMessage(e), true, e);
    }

    private static Reply.Broken broken(
            String path, Kind kind, String message, boolean mayHaveActed, @Nullable Throwable cause) {
        log.debug("LND {} got no usable answer: {} {}", shown(path), kind, message);
        return new Reply.Broken(kind, message, mayHaveActed, cause);
    }

    private HttpRequest.Builder request(String method, String path, @Nullable JsonNode body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request to LND", e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header(MACAROON_HEADER, settings.macaroonHex())
                .header("Accept", "application/json")
                .method(method, publisher);
        if (body != null) b.header("Content-Type", "application/json");
        return b;
    }

    private URI uri(String path) {
        String base = settings.restUrl().toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return URI.create(base + path);
    }

    /** A path for logs: a path carrying a payment request is cut short (it is long, not secret). */
    static String shown(String path) {
        return path.length() > 80 ? path.substring(0, 77) + "..." : path;
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    // ---------------------------------------------------------------- streams

    /**
     * Opens one of lnd's streaming calls. No deadline on the headers (the gateway sends them with
     * the first message, which may come much later); the caller bounds its waits with
     * {@link Lines#next}.
     */
    // FutureReturnValueIgnored: the stream's outcome is handled in whenComplete, which ends the Lines on failure
    @SuppressWarnings("FutureReturnValueIgnored")
    Lines stream(String method, String path, @Nullable JsonNode body) {
        Lines lines = new Lines(path);
        HttpRequest request = request(method, path, body).build();
        lines.future = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        lines.future.whenComplete((response, failure) -> {
            if (failure != null) {
                Reply.Broken broken = failure(
                        path,
                        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure);
                lines.end(broken);
                return;
            }
            try {
                readers.execute(() -> lines.read(response));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                lines.end(new Reply.Broken(Kind.UNAVAILABLE, "the LND backend is closing", true, null));
                closeQuietly(response.body());
            }
        });
        return lines;
    }

    /** What a stream delivers, one at a time: a message, or its end. */
    sealed interface Event {
        /** One function per case; a new case does not compile until every caller handles it. */
        <R> R fold(
                Function<? super Message, ? extends R> message,
                Function<? super Refusal, ? extends R> error,
                Function<? super Ended, ? extends R> ended);

        /** One {@code {"result": ...}} of the stream: the result. */
        record Message(JsonNode result) implements Event {
            @Override
            public <R> R fold(
                    Function<? super Message, ? extends R> message,
                    Function<? super Refusal, ? extends R> error,
                    Function<? super Ended, ? extends R> ended) {
                return message.apply(this);
            }
        }

        /** lnd ended the stream with an error (before or after messages). */
        record Refusal(Reply.Refused error) implements Event {
            @Override
            public <R> R fold(
                    Function<? super Message, ? extends R> message,
                    Function<? super Refusal, ? extends R> error,
                    Function<? super Ended, ? extends R> ended) {
                return error.apply(this);
            }
        }

        /** The stream ended without lnd's word: closed, broken, or never opened. */
        record Ended(Reply.Broken why) implements Event {
            @Override
            public <R> R fold(
                    Function<? super Message, ? extends R> message,
                    Function<? super Refusal, ? extends R> error,
                    Function<? super Ended, ? extends R> ended) {
                return ended.apply(this);
            }
        }

        /** Whether the stream is over: lnd's error or an end, both delivered again to every later call. */
        default boolean isLast() {
            return fold(message -> false, error -> true, ended -> true);
        }
    }

    /** One open stream. */
    final class Lines implements AutoCloseable {
        private final String path;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private volatile @Nullable CompletableFuture<HttpResponse<InputStream>> future;
        private volatile @Nullable InputStream body;
        private volatile boolean closed;

        private Lines(String path) {
            this.path = path;
        }

        /** The next event within {@code wait}; empty when none came in time. An end is delivered once, then repeated. */
        Optional<Event> next(Duration wait) throws InterruptedException {
            Event e = events.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            if (e != null && e.isLast()) events.add(e);
            return Optional.ofNullable(e);
        }

        private void read(HttpResponse<InputStream> response) {
            body = response.body();
            if (closed) {
                closeQuietly(body);
                return;
            }
            int status = response.statusCode();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                if (status != 200) {
                    StringBuilder all = new StringBuilder();
                    for (String line; (line = reader.readLine()) != null; ) all.append(line);
                    Optional<Reply.Refused> refusal = refusalIn(status, parse(all.toString()));
                    if (refusal.isPresent()) events.add(new Event.Refusal(refusal.get()));
                    else end(notOk(path, status));
                    return;
                }
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.isBlank()) continue;
                    JsonNode tree = parse(line);
                    if (tree == null || !tree.isObject()) {
                        end(new Reply.Broken(Kind.PROTOCOL, "a stream line that is not a JSON object", true, null));
                        return;
                    }
                    if (tree.hasNonNull("error")) {
                        events.add(new Event.Refusal(refused(status, tree.get("error"))));
                        return;
                    }
                    events.add(new Event.Message(tree.has("result") ? tree.get("result") : tree));
                }
                end(new Reply.Broken(Kind.UNAVAILABLE, "the node closed the stream", true, null));
            } catch (IOException e) {
                end(new Reply.Broken(
                        Kind.UNAVAILABLE, closed ? "closed here" : "the stream broke off: " + rootMessage(e), true, e));
            }
        }

        private void end(Reply.Broken why) {
            events.add(new Event.Ended(why));
        }

        /** Stops reading and drops the connection. lnd goes on with whatever the call started (a payment is not cancelled). */
        @Override
        public void close() {
            closed = true;
            CompletableFuture<HttpResponse<InputStream>> f = future;
            if (f != null) f.cancel(true);
            InputStream in = body;
            if (in != null) closeQuietly(in);
            end(new Reply.Broken(Kind.UNAVAILABLE, "closed here", true, null));
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
