package org.lnteller.app.kiosk;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.Settings;
import org.lnteller.app.server.LntellerServer;

/** The real server (H2, simulated Lightning) on a free port in a test's data folder, and what its operator does. */
final class KioskServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "adm_kiosk_test_token_0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LntellerServer server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KioskServer(Path dataDir) {
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
        server = LntellerServer.start(
                Config.from(Settings.of(env)),
                Clock.systemUTC(),
                new SecureRandom(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    String url() {
        return "http://localhost:" + server.port();
    }

    /**
     * Provisions a machine as the operator does and writes the {@code .env} it is handed into
     * {@code folder}. The server runs on a port picked at start, which its public URL cannot know:
     * the file gets the real one.
     *
     * @return the app, with its token to check that the kiosk never shows it
     */
    Machine provision(Path dotEnv) throws IOException {
        JsonNode added = post("/api/admin/app/add", "{\"name\":\"kiosk-test\"}");
        String env = added.path("env").asText().replaceAll("LNTELLER_SERVER_URL=.*", "LNTELLER_SERVER_URL=" + url());
        Files.writeString(dotEnv, env);
        return new Machine(
                added.path("app_id").asText(),
                added.path("credentials").path("token").asText());
    }

    /** A provisioned machine. */
    record Machine(String appId, String token) {}

    /** The operator's list of the transactions of one machine. */
    List<JsonNode> transactionsOf(Machine machine) {
        List<JsonNode> txs = new ArrayList<>();
        for (JsonNode tx : send(HttpRequest.newBuilder(URI.create(url() + "/api/admin/txs"))
                        .GET())
                .path("items")) {
            if (tx.path("appId").asText().equals(machine.appId())) txs.add(tx);
        }
        return txs;
    }

    private JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(
                    request.timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2)
                throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
