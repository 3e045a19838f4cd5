package org.lnteller.adapter.galoy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.UnableToQueryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GraphQL over HTTP to Blink: one POST per operation, header {@code X-API-KEY}, a deadline on every
 * call. {@link #read} retries transient failures with capped exponential backoff and jitter;
 * {@link #once} makes exactly one attempt and says whether a failed attempt may have reached
 * Blink, so that a payment is never sent twice without the caller knowing.
 *
 * <p>Threading: safe for concurrent use. Logs name the operation, never the key or the body.
 */
final class GraphQlClient {
    private static final Logger log = LoggerFactory.getLogger(GraphQlClient.class);

    /** A named GraphQL document with one root field, whose answer sits at {@code data.<rootField>}. */
    record Operation(String name, String rootField, String document) {
        Operation {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rootField, "rootField");
            Objects.requireNonNull(document, "document");
        }
    }

    /**
     * What Blink answered: the root field's value (null when absent), the top-level errors and the
     * payload's {@code errors[]} (empty when the root field has none).
     */
    record Answer(@Nullable JsonNode root, List<BlinkError> topErrors, List<BlinkError> payloadErrors) {
        boolean hasErrors() {
            return !topErrors.isEmpty() || !payloadErrors.isEmpty();
        }

        /** The first infrastructure failure reported in either channel. */
        Optional<Kind> infrastructureKind() {
            for (BlinkError e : topErrors) {
                Optional<Kind> k = e.infrastructureKind();
                if (k.isPresent()) return k;
            }
            for (BlinkError e : payloadErrors) {
                Optional<Kind> k = e.infrastructureKind();
                if (k.isPresent()) return k;
            }
            return Optional.empty();
        }

        List<BlinkError> allErrors() {
            return topErrors.isEmpty()
                    ? payloadErrors
                    : payloadErrors.isEmpty()
                            ? topErrors
                            : java.util.stream.Stream.concat(topErrors.stream(), payloadErrors.stream())
                                    .toList();
        }
    }

    /** One attempt's result. */
    sealed interface Exchange {
        /** One function per case; a new case does not compile until every caller handles it. */
        <R> R fold(Function<? super Answered, ? extends R> answered, Function<? super Broken, ? extends R> broken);

        /** Blink answered with a GraphQL body (HTTP 200, or 400 with errors). */
        record Answered(Answer answer) implements Exchange {
            @Override
            public <R> R fold(
                    Function<? super Answered, ? extends R> answered, Function<? super Broken, ? extends R> broken) {
                return answered.apply(this);
            }
        }

        /**
         * No usable answer. {@code mayHaveActed}: the request may have reached Blink and been
         * carried out (a timeout, a dropped connection, a 5xx); false when it certainly was not
         * (the connection was never opened, or Blink refused it with 401, 403 or 429).
         */
        record Broken(
                Kind kind,
                String message,
                boolean mayHaveActed,
                @Nullable Throwable cause,
                Optional<Duration> retryAfter)
                implements Exchange {
            @Override
            public <R> R fold(
                    Function<? super Answered, ? extends R> answered, Function<? super Broken, ? extends R> broken) {
                return broken.apply(this);
            }
        }
    }

    /** Waits between retries; a test may replace it. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final GaloySettings settings;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Sleeper sleeper;
    private final Random random;

    GraphQlClient(GaloySettings settings, HttpClient http, ObjectMapper json, Sleeper sleeper, Random random) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.sleeper = sleeper;
        this.random = random;
    }

    static HttpClient newHttpClient(GaloySettings settings) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        // plain http is only for tests and local gateways; a cleartext HTTP/2 upgrade attempt helps neither
        if ("http".equalsIgnoreCase(settings.endpoint().getScheme())) b.version(HttpClient.Version.HTTP_1_1);
        return b.build();
    }

    /**
     * A read: retried up to {@code readRetries} times after a transient failure (connection
     * failure, timeout, 5xx, 429, or Blink's TOO_MANY_REQUEST or backend-offline codes in either
     * error channel).
     *
     * @return the answer, which may still carry non-transient errors for the caller to judge
     * @throws UnableToQueryBackend when every attempt failed, or the failure is not transient
     */
    Answer read(Operation op, ObjectNode variables) {
        for (int attempt = 0; ; attempt++) {
            int tried = attempt;
            Optional<Answer> usable = once(op, variables)
                    .fold(
                            answered -> {
                                Optional<Kind> kind = answered.answer().infrastructureKind();
                                if (kind.isEmpty()) return Optional.of(answered.answer());
                                String message =
                                        BlinkError.describe(answered.answer().allErrors());
                                giveUpOrWait(op, tried, kind.get(), message, null, Optional.empty());
                                return Optional.empty();
                            },
                            broken -> {
                                giveUpOrWait(
                                        op,
                                        tried,
                                        broken.kind(),
                                        broken.message(),
                                        broken.cause(),
                                        broken.retryAfter());
                                return Optional.empty();
                            });
            if (usable.isPresent()) return usable.get();
        }
    }

    /** After a failed attempt: throws when it is not transient or the retries are spent, else waits for the next. */
    private void giveUpOrWait(
            Operation op,
            int attempt,
            Kind kind,
            String message,
            @Nullable Throwable cause,
            Optional<Duration> retryAfter) {
        boolean transientFailure = kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT || kind == Kind.RATE_LIMITED;
        if (!transientFailure || attempt >= settings.readRetries()) {
            String tries = attempt == 0 ? "" : " (after " + (attempt + 1) + " attempts)";
            throw new UnableToQueryBackend(kind, "Blink " + op.name() + " failed" + tries + ": " + message, cause);
        }
        Duration wait = backoff(attempt, retryAfter);
        log.warn(
                "Blink {} failed ({}: {}); retry {} of {} in {} ms",
                op.name(),
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
                    Kind.UNAVAILABLE, "interrupted while waiting to retry Blink " + op.name(), e);
        }
    }

    /**
     * Capped exponential backoff with equal jitter: half of {@code min(cap, base * 2^attempt)} plus
     * a random part of the other half, so that many tellers do not retry in step. A 429's
     * Retry-After is honoured up to the cap.
     */
    Duration backoff(int attempt, Optional<Duration> retryAfter) {
        long cap = settings.retryCap().toMillis();
        long ceiling = Math.min(cap, settings.retryBase().toMillis() << Math.min(attempt, 30));
        long half = Math.max(1, ceiling / 2);
        long millis = half + (long) (random.nextDouble() * (ceiling - half + 1));
        if (retryAfter.isPresent())
            millis = Math.max(millis, Math.min(cap, retryAfter.get().toMillis()));
        return Duration.ofMillis(millis);
    }

    /** Exactly one attempt, within {@code callTimeout}. Never throws for a network or HTTP failure. */
    Exchange once(Operation op, ObjectNode variables) {
        HttpRequest request;
        try {
            ObjectNode body = json.createObjectNode();
            body.put("query", op.document());
            body.put("operationName", op.name());
            body.set("variables", variables);
            request = HttpRequest.newBuilder(settings.endpoint())
                    .timeout(settings.callTimeout())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("X-API-KEY", settings.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a GraphQL request", e);
        }
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            // the request timeout covers the headers; this bounds the whole exchange, body included
            response = future.get(settings.callTimeout().toMillis() + 50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return broken(op, Kind.TIMEOUT, "no answer within " + settings.callTimeout(), true, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return broken(op, Kind.UNAVAILABLE, "interrupted while waiting for the answer", true, e);
        } catch (ExecutionException e) {
            return failure(op, e.getCause() == null ? e : e.getCause());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int status = response.statusCode();
        log.debug("Blink {} answered HTTP {} in {} ms", op.name(), status, millis);
        if (status == 401 || status == 403) {
            return broken(op, Kind.NOT_AUTHORIZED, "HTTP " + status + ": the API key was refused", false, null);
        }
        if (status == 429) {
            log.debug("Blink {} got no usable answer: HTTP 429", op.name());
            return new Exchange.Broken(
                    Kind.RATE_LIMITED, "HTTP 429: too many requests", false, null, retryAfter(response));
        }
        if (status >= 500) return broken(op, Kind.UNAVAILABLE, "HTTP " + status, true, null);
        JsonNode tree;
        try {
            tree = json.readTree(response.body());
        } catch (IOException e) {
            tree = null;
        }
        if (tree == null || !tree.isObject() || (status != 200 && !tree.has("errors"))) {
            // a 2xx or 4xx that is not GraphQL: a proxy, a wrong endpoint. Not Blink's answer.
            // only a refusal of the request itself (bad request, no such endpoint) proves it was not carried out
            boolean refusedUnread = status == 400 || status == 404 || status == 405 || status == 415;
            return broken(
                    op,
                    status == 200 ? Kind.PROTOCOL : Kind.UNAVAILABLE,
                    "HTTP " + status + " without a GraphQL answer",
                    !refusedUnread,
                    null);
        }
        JsonNode root = tree.path("data").get(op.rootField());
        List<BlinkError> top = BlinkError.listFrom(tree.get("errors"));
        if (status != 200) {
            // Blink (Apollo) answers 400 to a request it would not run: a document that does not parse or validate
            return broken(
                    op,
                    Kind.PROTOCOL,
                    "HTTP " + status + ", request rejected: " + BlinkError.describe(top),
                    false,
                    null);
        }
        List<BlinkError> payload = root == null ? List.of() : BlinkError.listFrom(root.get("errors"));
        return new Exchange.Answered(new Answer(root == null || root.isNull() ? null : root, top, payload));
    }

    private Exchange failure(Operation op, Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return broken(op, Kind.TIMEOUT, "no connection within " + settings.connectTimeout(), false, e);
        }
        if (e instanceof HttpTimeoutException) {
            return broken(op, Kind.TIMEOUT, "no answer within " + settings.callTimeout(), true, e);
        }
        if (e instanceof ConnectException) {
            return broken(
                    op,
                    Kind.UNAVAILABLE,
                    "cannot connect to " + settings.endpoint().getHost() + ": "
                            + e.getClass().getSimpleName(),
                    false,
                    e);
        }
        if (e instanceof IOException) {
            return broken(
                    op,
                    Kind.UNAVAILABLE,
                    "the connection broke off: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    true,
                    e);
        }
        return broken(op, Kind.PROTOCOL, "unexpected failure: " + e, true, e);
    }

    private static Exchange broken(
            Operation op, Kind kind, String message, boolean mayHaveActed, @Nullable Throwable cause) {
        log.debug("Blink {} got no usable answer: {} {}", op.name(), kind, message);
        return new Exchange.Broken(kind, message, mayHaveActed, cause, Optional.empty());
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) return Optional.empty();
        try {
            long seconds = Long.parseLong(header.get().trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException dateForm) {
            return Optional.empty();
        }
    }

    ObjectNode variables() {
        return json.createObjectNode();
    }

    ObjectMapper json() {
        return json;
    }

    /** The names of the fields of {@code node}, for error messages about a malformed answer. */
    static String fieldsOf(JsonNode node) {
        if (node == null) return "nothing";
        StringBuilder b = new StringBuilder();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (b.length() > 0) b.append(", ");
            b.append(it.next());
        }
        return "{" + b + "}";
    }
}
