package org.lnteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.machine.LamassuMachineClient;

/**
 * The jar an operator runs, {@code app/target/lnteller.jar}, as a process: every class the server
 * needs must be inside it. The unit and end-to-end tests run on Maven's classpath, where a
 * dependency the shade plugin left out (a test scope that shadowed a compile one) is still found;
 * only the jar itself shows it. Run by failsafe after {@code package}.
 */
class ShadedJarIT {
    private static final String ADMIN = "shaded-jar-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void theJarServesTheHttpApiAndPairsAndConfiguresALamassuMachineThenStopsCleanlyOnSigterm() throws Exception {
        int httpPort = freePort();
        int machinePort = freePort();
        Path log = work.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        Path.of("target", "lnteller.jar").toAbsolutePath().toString(),
                        "serve")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("MACHINE_PORT", Integer.toString(machinePort));
        builder.environment().put("MACHINE_HOSTS", "127.0.0.1");
        builder.environment().put("LNTELLER_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("ADMIN_TOKEN", ADMIN);
        Process serve = builder.start();
        try {
            String base = "http://127.0.0.1:" + httpPort;
            awaitHealthy(base, serve, log);

            HttpResponse<String> added = send(HttpRequest.newBuilder(URI.create(base + "/api/admin/app/add"))
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"jar\",\"cassettes\":[{\"denomination\":20,\"count\":10}]}")));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            String app = JSON.readTree(added.body()).path("app_id").asText();
            HttpResponse<String> pairing =
                    send(HttpRequest.newBuilder(URI.create(base + "/api/admin/apps/" + app + "/pairings"))
                            .header("Authorization", "Bearer " + ADMIN)
                            .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(pairing.statusCode()).as(pairing.body()).isEqualTo(201);

            LamassuMachineClient machine = new LamassuMachineClient(machinePort, Clock.systemUTC());
            machine.scan(JSON.readTree(pairing.body()).path("totem").asText());
            assertThat(machine.fetchCa().status()).isEqualTo(200);
            assertThat(machine.pair(1, 0).status()).isEqualTo(200);
            LamassuMachineClient.Answer config = machine.configs();
            assertThat(config.status()).as(config.raw()).isEqualTo(200);
            assertThat(config.body().has("errors")).as(config.raw()).isFalse();
            JsonNode coins =
                    config.body().path("data").path("configs").path("static").path("coins");
            assertThat(coins.get(0).path("cryptoCode").asText()).isEqualTo("LN");
        } finally {
            serve.destroy();
            boolean ended = serve.waitFor(30, TimeUnit.SECONDS);
            if (!ended) serve.destroyForcibly();
            assertThat(ended).as("stopped within 30 s of SIGTERM").isTrue();
        }
        assertThat(serve.exitValue())
                .as(String.join("\n", Files.readAllLines(log)))
                .isZero();
    }

    private void awaitHealthy(String base, Process serve, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            assertThat(serve.isAlive())
                    .as("the jar exited: %s", readQuietly(log))
                    .isTrue();
            try {
                if (send(HttpRequest.newBuilder(URI.create(base + "/healthz")).GET())
                                .statusCode()
                        == 200) return;
            } catch (IOException starting) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the jar never became healthy: " + readQuietly(log));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String readQuietly(Path log) {
        try {
            return String.join("\n", Files.readAllLines(log));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
