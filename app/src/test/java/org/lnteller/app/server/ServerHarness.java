package org.lnteller.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.Settings;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.model.Satoshi;

/** The real server on a free port, in a data folder of the test's, with a JSON client for it. */
final class ServerHarness implements AutoCloseable {
    static final String ADMIN_TOKEN = "adm_test_token_0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body, String raw) {}

    private final Path dataDir;
    private final Map<String, String> extra;
    private final Clock clock;
    /** The server's LNURL client when the test gives one (on its own network); else the one the settings make. */
    private final LnurlService lnurl;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();
    private LntellerServer server;

    ServerHarness(Path dataDir, Map<String, String> extra) {
        this(dataDir, extra, Clock.systemUTC());
    }

    ServerHarness(Path dataDir, Map<String, String> extra, Clock clock) {
        this(dataDir, extra, clock, null);
    }

    ServerHarness(Path dataDir, Map<String, String> extra, LnurlService lnurl) {
        this(dataDir, extra, Clock.systemUTC(), lnurl);
    }

    private ServerHarness(Path dataDir, Map<String, String> extra, Clock clock, LnurlService lnurl) {
        this.dataDir = dataDir;
        this.extra = extra;
        this.clock = clock;
        this.lnurl = lnurl;
        start();
    }

    void start() {
        Map<String, String> env = new HashMap<>(Map.of(
                "LNTELLER_DATA_DIR",
                dataDir.toString(),
                "HTTP_PORT",
                "0",
                "ADMIN_TOKEN",
                ADMIN_TOKEN,
                "MONITOR_INTERVAL_MS",
                "100",
                "MACHINE_PORT",
                "off"));
        env.putAll(extra);
        PrintStream out = new PrintStream(banner, true, StandardCharsets.UTF_8);
        server = lnurl == null
                ? LntellerServer.start(Config.from(Settings.of(env)), clock, new SecureRandom(), out)
                : LntellerServer.start(Config.from(Settings.of(env)), clock, new SecureRandom(), out, lnurl);
    }

    void restart() {
        server.close();
        start();
    }

    String jobHolder() {
        return server.jobHolder();
    }

    /** The metrics listener's port, when METRICS_PORT set one. */
    Optional<Integer> metricsPort() {
        return server.metricsPort();
    }

    String banner() {
        return banner.toString(StandardCharsets.UTF_8);
    }

    /** The machine port (HTTPS for Lamassu machines); started only when the test sets MACHINE_PORT. */
    int machinePort() {
        return server.machinePort().orElseThrow(() -> new IllegalStateException("the machine port is off"));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    Answer post(String path, String token, Object body) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                .build());
    }

    CompletableFuture<Answer> postAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(ServerHarness::answer);
    }

    Answer get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Answer send(HttpRequest request) {
        try {
            return answer(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A customer's own wallet, apart from the server's: a simulated node holding 1 BTC, kept in {@code folder}. */
    static SimulatedLightning customerWallet(Path folder) {
        return SimulatedLightning.open(
                folder, Network.REGTEST, Clock.systemUTC(), new SecureRandom(), Satoshi.ZERO, Satoshi.of(100_000_000));
    }

    /**
     * Pays the invoice of a cash-out's answer ({@code toAddress}) from outside, as the customer's
     * wallet would, through the simulated backend's dev route: answers its payment hash.
     */
    String payInvoiceOf(JsonNode cashOut) {
        String hash =
                Bolt11.decode(cashOut.path("toAddress").asText()).paymentHash().hex();
        Answer paid = post("/api/dev/invoices/" + hash + "/pay", ADMIN_TOKEN, "");
        if (paid.status() != 200) throw new AssertionError("paying " + hash + " answered " + paid.raw());
        return hash;
    }

    /** A cassette of {@code count} notes of {@code denomination}, as the admin API takes it. */
    static Map<String, Object> cassette(int denomination, int count) {
        return Map.of("denomination", denomination, "count", count);
    }

    /** Adds an app with these cassettes through the admin API, and answers its 201 body. */
    @SafeVarargs
    final JsonNode addApp(String name, Map<String, Object>... cassettes) {
        Answer added = post("/api/admin/app/add", ADMIN_TOKEN, Map.of("name", name, "cassettes", List.of(cassettes)));
        if (added.status() != 201) throw new AssertionError("adding an app answered " + added.raw());
        return added.body();
    }

    /** Polls a tx as a machine does until it has the {@code awaited} status (20 s at most), and answers it. */
    JsonNode pollUntil(String token, String id, String awaited, Duration pause) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Answer poll = get("/tx/" + id + "?status=notSeen", token);
            if (poll.status() == 200
                    && awaited.equals(poll.body().path("status").asText())) return poll.body();
            if (poll.status() != 200 && poll.status() != 304)
                throw new AssertionError("polling " + id + " answered " + poll.raw());
            Thread.sleep(pause.toMillis());
        }
        throw new AssertionError("tx " + id + " never became " + awaited);
    }

    static String json(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer answer(HttpResponse<String> response) {
        try {
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response.body());
        } catch (IOException e) {
            return new Answer(response.statusCode(), null, response.body());
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
