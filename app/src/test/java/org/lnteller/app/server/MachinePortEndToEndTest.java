package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;
import static org.lnteller.app.server.ServerHarness.cassette;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.machine.LamassuMachineClient;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.ports.lightning.SettableClock;

/**
 * An unmodified Lamassu machine's side of the protocol, played by {@link LamassuMachineClient}
 * over real TLS against the real server (H2, simulated Lightning): every refusal a machine can
 * meet, and pairing from the command line. A machine's day from pairing to unpairing walks in
 * {@link LamassuMachineWalkTest}.
 */
class MachinePortEndToEndTest {
    private static final String OUT_1 = "5d1c7a2e-9f3b-4c8d-a6e1-0b2c3d4e5f61";

    private static final Map<String, String> MACHINE_PORT =
            Map.of("MACHINE_PORT", "0", "MACHINE_HOSTS", "127.0.0.1,localhost");

    @TempDir
    Path data;

    private ServerHarness server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private String addApp() {
        return server.addApp("lobby", cassette(20, 50), cassette(50, 50))
                .path("app_id")
                .asText();
    }

    private JsonNode createPairing(String app) {
        Answer created = server.post("/api/admin/apps/" + app + "/pairings", ADMIN_TOKEN, "{}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    private LamassuMachineClient pairedMachine(String app, Clock clock) {
        LamassuMachineClient machine = new LamassuMachineClient(server.machinePort(), clock);
        machine.scan(createPairing(app).path("totem").asText());
        assertThat(machine.fetchCa().status()).isEqualTo(200);
        assertThat(machine.pair(2, 0).status()).isEqualTo(200);
        return machine;
    }

    @Test
    void anUnpairedCertificateIsForbiddenEverywhereButCaAndPair() {
        server = new ServerHarness(data, MACHINE_PORT);
        String app = addApp();
        LamassuMachineClient paired = pairedMachine(app, Clock.systemUTC());
        LamassuMachineClient stranger = new LamassuMachineClient(server.machinePort(), Clock.systemUTC());
        stranger.trust(paired.host(), paired.caPem());

        for (String path : List.of(
                "/poll?state=idle", "/logs", "/tx/" + OUT_1 + "?status=notSeen", "/rates", "/probe?address=x")) {
            LamassuMachineClient.Answer answer = stranger.get(path);
            assertThat(answer.status()).as(path).isEqualTo(403);
            assertThat(answer.body().path("error").asText()).isEqualTo("Forbidden");
        }
        for (String path :
                List.of("/state", "/logs", "/network/heartbeat", "/network/performance", "/tx", "/graphql")) {
            assertThat(stranger.post(path, Map.of()).status()).as(path).isEqualTo(403);
        }
        // the same requests from the paired machine are answered (bad input is never a 403 to it)
        assertThat(paired.get("/rates").status()).isEqualTo(200);
        assertThat(paired.post("/tx", Map.of()).status()).isEqualTo(400);
        assertThat(paired.post("/logs", Map.of("logs", "nope")).status()).isEqualTo(400);
        assertThat(paired.get("/tx/nope?status=notSeen").status()).isEqualTo(404);

        // a stranger may still pair with a fresh totem: /ca and /pair need no pairing
        stranger.scan(createPairing(app).path("totem").asText());
        assertThat(stranger.fetchCa().status()).isEqualTo(200);
        assertThat(stranger.pair(2, 0).status()).isEqualTo(200);
        assertThat(stranger.get("/poll").status()).isEqualTo(200);
        assertThat(paired.get("/poll").status())
                .as("re-pairing the app unpaired its former machine")
                .isEqualTo(403);
    }

    @Test
    void usedExpiredOrUnknownTokensAreForbiddenAndStaleRequestsTimeOut() {
        SettableClock clock = new SettableClock(Instant.now());
        server = new ServerHarness(
                data,
                Map.of("MACHINE_PORT", "0", "MACHINE_HOSTS", "127.0.0.1,localhost", "MACHINE_PAIRING_BURST", "50"),
                clock);
        String app = addApp();
        LamassuMachineClient machine = pairedMachine(app, clock);

        // used: both secrets of that totem are spent
        assertThat(machine.caWith(machine.caToken()).status()).isEqualTo(403);
        assertThat(machine.caWith(machine.caToken()).body().path("error").asText())
                .isEqualTo("forbidden");
        assertThat(machine.pairWith(machine.pairToken()).status()).isEqualTo(403);
        // unknown
        assertThat(machine.caWith("ab".repeat(32)).status()).isEqualTo(403);
        assertThat(machine.pairWith("cd".repeat(32)).status()).isEqualTo(403);
        assertThat(machine.caWith("not-hex").status()).isEqualTo(403);

        // expired: a totem works for an hour
        LamassuMachineClient late = new LamassuMachineClient(server.machinePort(), clock);
        late.scan(createPairing(app).path("totem").asText());
        clock.advance(Duration.ofMinutes(61));
        assertThat(late.caWith(late.caToken()).status()).isEqualTo(403);
        late.trust(machine.host(), machine.caPem());
        assertThat(late.pairWith(late.pairToken()).status()).isEqualTo(403);

        // stale: a request dated more than three minutes ago, whatever the route
        Instant old = clock.instant().minus(Duration.ofMinutes(3)).minusSeconds(1);
        LamassuMachineClient.Answer stale = machine.get("/poll", old);
        assertThat(stale.status()).isEqualTo(408);
        assertThat(stale.body().path("error").asText()).isEqualTo("stale");
        assertThat(machine.get("/poll", clock.instant().minus(Duration.ofMinutes(2)))
                        .status())
                .isEqualTo(200);

        // no client certificate at all: not a machine (not 403, which would unpair one)
        LamassuMachineClient anonymous = LamassuMachineClient.withoutCertificate(server.machinePort(), clock);
        anonymous.trust(machine.host(), machine.caPem());
        LamassuMachineClient.Answer noCertificate = anonymous.get("/poll");
        assertThat(noCertificate.status()).isEqualTo(401);
        assertThat(noCertificate.body().path("error").asText()).isEqualTo("Unable to find certificate");
    }

    @Test
    void theCliPrintsAQrCodeAndATotemThatPairAMachine() {
        server = new ServerHarness(data, MACHINE_PORT);
        String app = addApp();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int exit = new org.lnteller.app.cli.PairCommand(
                        Map.of("ADMIN_TOKEN", ADMIN_TOKEN, "LNTELLER_DATA_DIR", data.toString()))
                .run(
                        List.of(
                                app,
                                "--host",
                                "localhost",
                                "--server",
                                server.uri("").toString()),
                        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                        new java.io.PrintStream(err, true));

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines =
                out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(1)).contains("\u2588").matches("[ \u2580\u2584\u2588]+");
        String totem = lines.get(lines.size() - 1);
        LamassuMachineClient machine = new LamassuMachineClient(server.machinePort(), Clock.systemUTC());
        machine.scan(totem);
        assertThat(machine.host()).isEqualTo("localhost");
        assertThat(machine.fetchCa().status()).isEqualTo(200);
        assertThat(machine.pair(2, 0).status()).isEqualTo(200);
        assertThat(machine.get("/poll").body().path("version").asText()).isEqualTo("10.0.3");
    }

    @Test
    void pairingAttemptsAreRateLimitedPerClientAddress() {
        server = new ServerHarness(
                data, Map.of("MACHINE_PORT", "0", "MACHINE_HOSTS", "127.0.0.1", "MACHINE_PAIRING_BURST", "3"));
        LamassuMachineClient guesser = new LamassuMachineClient(server.machinePort(), Clock.systemUTC());
        guesser.scan(createPairing(addApp()).path("totem").asText());

        for (int i = 0; i < 3; i++)
            assertThat(guesser.caWith("ab".repeat(32)).status()).isEqualTo(403);

        LamassuMachineClient.Answer limited = guesser.caWith(guesser.caToken());
        assertThat(limited.status())
                .as("even a good token waits once the address used its attempts")
                .isEqualTo(429);
    }

    @Test
    void theTotemNamesAHostTheServerCertificateDoesNotCoverAndThePinnedClientRefusesIt() {
        server = new ServerHarness(data, Map.of("MACHINE_PORT", "0", "MACHINE_HOSTS", "localhost"));
        String app = addApp();
        Answer created = server.post("/api/admin/apps/" + app + "/pairings", ADMIN_TOKEN, "{\"host\":\"127.0.0.1\"}");
        LamassuMachineClient machine = new LamassuMachineClient(server.machinePort(), Clock.systemUTC());
        machine.scan(created.body().path("totem").asText());

        assertThat(machine.fetchCa().status())
                .as("/ca does not verify the server")
                .isEqualTo(200);
        assertThatThrownBy(() -> machine.pair(2, 0))
                .as("the certificate is for localhost only, not 127.0.0.1")
                .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
    }
}
