package org.lnteller.adapter.lnurl;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A public-looking LNURL service for tests: a real HTTPS server on loopback with the certificate
 * of {@link TestTls#HOST}, reached through a {@link TestNetwork} that sends a public address's
 * port 443 here. Records the Host header of every request.
 */
public final class StandIn implements AutoCloseable {
    private final HttpsServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    public StandIn() {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(TestTls.server()));
        server.setExecutor(threads);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Makes {@code path} (exactly) answer 200 with the JSON {@code body} makes of the raw query. */
    public StandIn json(String path, Function<String, String> body) {
        server.createContext(path, exchange -> {
            try {
                hosts.add(String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
                paths.add(exchange.getRequestURI().getPath());
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] bytes =
                        body.apply(exchange.getRequestURI().getRawQuery()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } finally {
                exchange.close();
            }
        });
        return this;
    }

    /** A pay request at {@code path} whose callback is {@code callback}. */
    public StandIn payRequest(String path, String callback) {
        String body = "{\"tag\":\"payRequest\",\"callback\":\"" + callback + "\",\"minSendable\":1000,"
                + "\"maxSendable\":2000000000000,\"metadata\":\"[[\\\"text/plain\\\",\\\"stand-in\\\"]]\"}";
        return json(path, query -> body);
    }

    /** The Host headers of the requests received, in order. */
    public List<String> hosts() {
        return List.copyOf(hosts);
    }

    /** The paths of the requests received, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
