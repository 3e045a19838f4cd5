package org.lnteller.kiosk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The machine API as a kiosk calls it: the JDK HttpClient with the app's bearer token. A call that
 * gets no answer is made again, unchanged, up to {@link KioskTiming#attempts()}: for a
 * {@code POST /tx} that is safe because the server answers an exact repeat of its last applied
 * post with 200 and changes nothing.
 *
 * <p>Not thread-safe in intent: one kiosk session calls it from one thread.
 */
final class MachineClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the server answered; {@code body} is null when it was empty or not JSON. */
    /** {@code body} is null when the answer is not JSON. */
    record Reply(int status, @Nullable JsonNode body, String raw) {
        /** The server's {@code error} message, or what there is of the answer. */
        String error() {
            if (body != null && body.hasNonNull("error"))
                return body.get("error").asText();
            return raw.isBlank() ? "HTTP " + status : raw.strip();
        }
    }

    /** No answer after every attempt: the server is down, unreachable, or too slow. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    private final MachineCredentials credentials;
    private final KioskTiming timing;
    private final HttpClient http;
    private final Consumer<String> onRetry;

    /** @param onRetry told, in words for the screen, each time a call is about to be made again */
    MachineClient(MachineCredentials credentials, KioskTiming timing, HttpClient http, Consumer<String> onRetry) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.http = Objects.requireNonNull(http, "http");
        this.onRetry = Objects.requireNonNull(onRetry, "onRetry");
    }

    Reply rates() {
        return call(request("/rates").GET().build(), "GET /rates");
    }

    Reply probe(String address) {
        return call(
                request("/probe?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8))
                        .GET()
                        .build(),
                "GET /probe");
    }

    /** {@code GET /tx/{id}?status=known}: 304 while the status is still {@code known}. */
    Reply transaction(String id, String known) {
        String path = "/tx/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?status="
                + URLEncoder.encode(known, StandardCharsets.UTF_8);
        return call(request(path).GET().build(), "GET /tx");
    }

    /** {@code POST /tx}; the body is written once, so a re-send is byte for byte the same post. */
    Reply postTx(ObjectNode tx) {
        String body;
        try {
            body = JSON.writeValueAsString(tx);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a JSON tree that was just built", e);
        }
        return call(
                request("/tx")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                "POST /tx");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(credentials.resolve(pathAndQuery))
                .timeout(timing.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + credentials.token());
    }

    private Reply call(HttpRequest request, String what) {
        String failure = "";
        for (int attempt = 1; attempt <= timing.attempts(); attempt++) {
            if (attempt > 1) {
                onRetry.accept("No answer from the server to " + what + " (" + failure + "); trying again (" + attempt
                        + " of " + timing.attempts() + ")");
                pause();
            }
            try {
                HttpResponse<String> response =
                        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                // a proxy in front of the server saying it got no answer: the post may not have arrived
                if (status == 502 || status == 503 || status == 504) {
                    failure = "HTTP " + status;
                    continue;
                }
                return new Reply(status, parse(response.body()), response.body());
            } catch (IOException e) {
                failure = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unreachable(what + " was interrupted");
            }
        }
        throw new Unreachable("no answer from " + credentials.server() + " to " + what + " after " + timing.attempts()
                + " attempt(s): " + failure);
    }

    private void pause() {
        try {
            Thread.sleep(timing.retryDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting to try again");
        }
    }

    private static @Nullable JsonNode parse(@Nullable String body) {
        if (body == null || body.isBlank()) return null;
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The JDK leaves the message of a refused connection empty; the class name says what happened. */
    private static String describe(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}
