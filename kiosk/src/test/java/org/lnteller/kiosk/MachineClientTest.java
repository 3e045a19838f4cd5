package org.lnteller.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the kiosk's HTTP calls behave when the server does not answer: re-sent unchanged, a bounded number of times. */
class MachineClientTest {
    private static final String TOKEN = "lnt_secret_token_of_this_machine";
    private static final KioskTiming TIMING = new KioskTiming(
            Duration.ofMillis(500),
            3,
            Duration.ofMillis(50),
            Duration.ofMillis(50),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer http;

    @AfterEach
    void stop() {
        if (http != null) http.stop(0);
        handlers.shutdownNow();
    }

    /** A server whose answer to the n-th request (from 1) is decided by {@code answer}; it records every request. */
    private MachineClient clientOf(Handler answer) throws IOException {
        AtomicInteger requests = new AtomicInteger();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(handlers);
        http.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            answer.handle(requests.incrementAndGet(), exchange);
        });
        http.start();
        return client(URI.create("http://127.0.0.1:" + http.getAddress().getPort()));
    }

    private MachineClient client(URI server) {
        return new MachineClient(
                new MachineCredentials(server, Optional.of("atm_1"), TOKEN),
                TIMING,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                notices::add);
    }

    private interface Handler {
        void handle(int request, HttpExchange exchange) throws IOException;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ObjectNode cashIn(int txVersion) {
        return new ObjectMapper()
                .createObjectNode()
                .put("id", "tx-1")
                .put("direction", "cashIn")
                .put("txVersion", txVersion)
                .put("fiat", "25")
                .put("cryptoAtoms", "39682");
    }

    @Test
    void aPostThatTimesOutIsSentAgainUnchangedWithTheSameTxVersion() throws IOException {
        MachineClient client = clientOf((n, exchange) -> {
            if (n == 1) {
                try {
                    Thread.sleep(1_500); // past the client's 500 ms: the machine cannot know whether it arrived
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            respond(exchange, 200, "{\"status\":\"pending\",\"txVersion\":3}");
        });

        MachineClient.Reply reply = client.postTx(cashIn(3));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("txVersion").asInt()).isEqualTo(3);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1)).isEqualTo(bodies.get(0)).contains("\"txVersion\":3");
        assertThat(authorizations).containsOnly("Bearer " + TOKEN);
        assertThat(notices)
                .singleElement()
                .satisfies(n -> assertThat(n).contains("trying again (2 of 3)").doesNotContain(TOKEN));
    }

    @Test
    void aGatewayWithoutAnAnswerCountsAsNoAnswerButLamassusFiveSeventyIsAnAnswer() throws IOException {
        MachineClient client = clientOf((n, exchange) -> respond(
                exchange,
                n == 1 ? 503 : 570,
                "{\"error\":\"the wallet cannot pay this\",\"code\":\"insufficientFunds\"}"));

        MachineClient.Reply reply = client.postTx(cashIn(4));

        assertThat(reply.status()).isEqualTo(570);
        assertThat(reply.error()).isEqualTo("the wallet cannot pay this");
        assertThat(bodies).as("sent twice: after the 503, not after the 570").hasSize(2);
    }

    @Test
    void aServerThatCannotBeReachedIsReportedAfterTheBoundedAttempts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MachineClient client = client(URI.create("http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> client.postTx(cashIn(1)))
                .isInstanceOf(MachineClient.Unreachable.class)
                .hasMessageContaining("after 3 attempt(s)")
                .hasMessageNotContaining(TOKEN);
        assertThat(notices).hasSize(2);
    }

    @Test
    void theTokenIsNeverShownWhenTheCredentialsAreWritten() {
        MachineCredentials credentials =
                new MachineCredentials(URI.create("https://atm.example.com"), Optional.of("atm_1"), TOKEN);
        assertThat(credentials.toString()).doesNotContain(TOKEN).contains("atm.example.com");
    }
}
