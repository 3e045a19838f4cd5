package org.lnteller.adapter.lnurl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 and a free port, playing LNURL services in tests. Each path
 * answers exactly (not its sub-paths) and records the raw query of every request it receives.
 * Handlers run on their own threads, so a slow one does not hold up the others; {@link #close}
 * wakes handlers that wait with {@link #sleepUntilClosed}.
 */
final class LocalLnurlServer implements AutoCloseable {

    /** What a path answers: a status, a body and extra headers. */
    record Answer(int status, String body, Map<String, String> headers) {
        static Answer json(String body) {
            return new Answer(200, body, Map.of("Content-Type", "application/json"));
        }

        static Answer status(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, List<String>> queries = new ConcurrentHashMap<>();

    LocalLnurlServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.start();
    }

    /** The http URL of {@code pathAndQuery} on this server. */
    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /** Makes {@code path} answer what {@code answer} makes of the raw query (null when there is none). */
    void answer(String path, Function<String, Answer> answer) {
        handle(path, exchange -> {
            Answer a = answer.apply(exchange.getRequestURI().getRawQuery());
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            a.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /** Makes {@code path} run {@code handler}, for answers a status and a body cannot describe. */
    void handle(String path, HttpHandler handler) {
        queries.put(path, new CopyOnWriteArrayList<>());
        server.createContext(path, exchange -> {
            try {
                // contexts match by prefix; a service answers its own path only
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                queries.get(path).add(String.valueOf(exchange.getRequestURI().getRawQuery()));
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
    }

    /** The raw queries of the requests {@code path} received, in order ("null" for none). */
    List<String> queries(String path) {
        return List.copyOf(queries.getOrDefault(path, List.of()));
    }

    /** How many requests {@code path} received. */
    int hits(String path) {
        return queries(path).size();
    }

    /** Blocks a handler until the server closes, or at most {@code max}. */
    void sleepUntilClosed(Duration max) {
        try {
            closed.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void write(HttpExchange exchange, String text) throws IOException {
        exchange.getResponseBody().write(text.getBytes(StandardCharsets.UTF_8));
        exchange.getResponseBody().flush();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
