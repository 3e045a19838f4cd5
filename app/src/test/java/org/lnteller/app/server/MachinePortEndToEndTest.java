package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.machine.LamassuMachineClient;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.Satoshi;

/**
 * An unmodified Lamassu machine's side of the protocol, played by {@link LamassuMachineClient}
 * over real TLS against the real server (H2, simulated Lightning): pairing by totem, the
 * machine's background calls, a cash-out with dispense and a cash-in, and every refusal a
 * machine can meet.
 */
class MachinePortEndToEndTest {
    private static final String OUT_1 = "5d1c7a2e-9f3b-4c8d-a6e1-0b2c3d4e5f61";
    private static final String IN_1 = "6e2d8b3f-a04c-4d9e-b7f2-1c3d4e5f6a72";
    /** $100 at 60,000 USD/BTC less the 5 % cash-out commission (57,142.857...): 175,000 sats. */
    private static final long SATS_FOR_100_OUT = 175_000;
    /** $20 at 60,000 USD/BTC plus the 5 % cash-in commission (63,000): 31,746 sats, rounded down. */
    private static final long SATS_FOR_20_IN = 31_746;

    private static final Map<String, String> MACHINE_PORT =
            Map.of("MACHINE_PORT", "0", "MACHINE_HOSTS", "127.0.0.1,localhost");

    @TempDir
    Path data;

    @TempDir
    Path customerData;

    private ServerHarness server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private String addApp() {
        Answer added = server.post(
                "/api/admin/app/add",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "lobby",
                        "cassettes",
                        List.of(Map.of("denomination", 20, "count", 50), Map.of("denomination", 50, "count", 50))));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        return added.body().path("app_id").asText();
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
    void aLamassuMachinePairsByTotemReportsAndSellsAndBuysSats() throws Exception {
        server = new ServerHarness(data, MACHINE_PORT);
        assertThat(server.banner()).contains("machines:  https://");
        String app = addApp();
        Path ca = data.resolve("machine-tls");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");

        JsonNode pairing = createPairing(app);
        assertThat(pairing.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(Instant.parse(pairing.path("expires_at").asText()))
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(59)),
                        Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(Base64.getDecoder().decode(pairing.path("qr_png_base64").asText()))
                .startsWith((byte) 0x89, (byte) 'P');
        assertThat(pairing.path("qr_svg").asText()).startsWith("<svg");

        LamassuMachineClient machine = new LamassuMachineClient(server.machinePort(), Clock.systemUTC());
        machine.scan(pairing.path("totem").asText());
        assertThat(machine.host()).isEqualTo("127.0.0.1");
        LamassuMachineClient.Answer caAnswer = machine.fetchCa();
        assertThat(caAnswer.status()).as(caAnswer.raw()).isEqualTo(200);
        assertThat(machine.caPem()).isEqualTo(Files.readString(ca.resolve("ca.pem")));
        LamassuMachineClient.Answer paired = machine.pair(2, 0);
        assertThat(paired.status()).as(paired.raw()).isEqualTo(200);
        assertThat(paired.body().path("status").asText()).isEqualTo("paired");

        JsonNode devices = server.get("/api/admin/apps/" + app + "/devices", ADMIN_TOKEN)
                .body()
                .path("devices");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).path("fingerprint").asText()).isEqualTo(machine.fingerprint());
        assertThat(devices.get(0).path("cassettes").asInt()).isEqualTo(2);

        LamassuMachineClient.Answer poll =
                machine.get("/poll?state=idle&model=aveiro&version=10.0.3&idle=true&pid=1&sn=0");
        assertThat(poll.status()).as(poll.raw()).isEqualTo(200);
        assertThat(poll.body().path("version").asText()).isEqualTo("10.0.3");
        // the configuration query, as the machine sends it before every transaction
        LamassuMachineClient.Answer config = machine.configs();
        assertThat(config.status()).as(config.raw()).isEqualTo(200);
        assertThat(config.body().has("errors")).as(config.raw()).isFalse();
        JsonNode statics = config.body().path("data").path("configs").path("static");
        assertThat(statics.path("configVersion").asInt()).isPositive();
        assertThat(statics.path("coins").get(0).path("cryptoCode").asText()).isEqualTo("LN");
        assertThat(statics.path("machineInfo").path("deviceId").asText()).isEqualTo(machine.fingerprint());
        assertThat(statics.path("machineInfo").path("numberOfCassettes").asInt())
                .isEqualTo(2);
        JsonNode dynamic = config.body().path("data").path("configs").path("dynamic");
        assertThat(dynamic.path("coins").get(0).path("cryptoCode").asText())
                .as("the coin shows: rates and balance present")
                .isEqualTo("LN");
        assertThat(dynamic.path("cassettes").path("physical"))
                .extracting(c -> c.path("name").asText())
                .containsExactly("cassette1", "cassette2");
        for (JsonNode command :
                List.of(dynamic.path("reboot"), dynamic.path("shutdown"), dynamic.path("restartServices"))) {
            assertThat(command.asBoolean())
                    .as("no remote command unless an operator asked")
                    .isFalse();
        }
        LamassuMachineClient.Answer upToDate =
                machine.configs(statics.path("configVersion").asInt(), null);
        assertThat(upToDate.body().path("data").path("configs").path("static").isNull())
                .as(upToDate.raw())
                .isTrue();

        assertThat(machine.post("/state", Map.of("state", "chooseCoin", "isIdle", false, "uuid", "u-1"))
                        .status())
                .isEqualTo(200);
        devices = server.get("/api/admin/apps/" + app + "/devices", ADMIN_TOKEN)
                .body()
                .path("devices");
        assertThat(devices.get(0).path("last_state").asText()).isEqualTo("chooseCoin");
        assertThat(devices.get(0).path("last_seen_at").isNull()).isFalse();

        LamassuMachineClient.Answer noLogs = machine.get("/logs");
        assertThat(noLogs.status()).isEqualTo(200);
        assertThat(noLogs.raw()).isEqualTo("null");
        LamassuMachineClient.Answer uploaded = machine.post(
                "/logs",
                Map.of(
                        "logs",
                        List.of(
                                Map.of(
                                        "id",
                                        "l-1",
                                        "timestamp",
                                        "2026-01-01T10:00:00.000Z",
                                        "serial",
                                        0,
                                        "logLevel",
                                        "info",
                                        "message",
                                        "booted"),
                                Map.of(
                                        "id",
                                        "l-2",
                                        "timestamp",
                                        "2026-01-01T10:00:01.000Z",
                                        "serial",
                                        1,
                                        "logLevel",
                                        "error",
                                        "message",
                                        "no bills"))));
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(200);
        assertThat(uploaded.body().path("success").asBoolean()).isTrue();
        LamassuMachineClient.Answer newest = machine.get("/logs");
        assertThat(newest.body().path("timestamp").asText()).isEqualTo("2026-01-01T10:00:01Z");
        assertThat(newest.body().path("serial").asLong()).isEqualTo(1);
        JsonNode logs = server.get("/api/admin/apps/" + app + "/logs", ADMIN_TOKEN)
                .body()
                .path("logs");
        assertThat(logs).extracting(l -> l.path("message").asText()).containsExactly("no bills", "booted");
        assertThat(machine.post("/network/heartbeat", Map.of("ok", true)).status())
                .isEqualTo(200);

        // a cash-out: the customer sells sats for two 50s
        LamassuMachineClient.Answer created = machine.post(
                "/tx",
                "{\"id\":\"" + OUT_1 + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\","
                        + "\"fiat\":100,\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + SATS_FOR_100_OUT
                        + "\",\"isLightning\":true,\"txVersion\":1}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(created.body().path("status").asText()).isEqualTo("notSeen");
        String hash = Bolt11.decode(created.body().path("toAddress").asText())
                .paymentHash()
                .hex();
        assertThat(server.post("/api/dev/invoices/" + hash + "/pay", ADMIN_TOKEN, "")
                        .status())
                .isEqualTo(200);
        pollUntilConfirmed(machine, OUT_1);
        LamassuMachineClient.Answer dispense = machine.post(
                "/tx",
                "{\"id\":\"" + OUT_1 + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\","
                        + "\"fiat\":100,\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + SATS_FOR_100_OUT
                        + "\",\"txVersion\":2,\"dispense\":true}");
        assertThat(dispense.status()).as(dispense.raw()).isEqualTo(200);
        ArrayNode bills = ((ArrayNode) dispense.body().path("bills")).deepCopy();
        long total = 0;
        for (JsonNode bill : bills) {
            total += bill.path("denomination").asLong()
                    * bill.path("provisioned").asLong();
            ((ObjectNode) bill)
                    .put("dispensed", bill.path("provisioned").asInt())
                    .put("rejected", 0);
        }
        assertThat(total).isEqualTo(100);
        LamassuMachineClient.Answer confirmed = machine.post(
                "/tx",
                "{\"id\":\"" + OUT_1 + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\","
                        + "\"fiat\":100,\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + SATS_FOR_100_OUT
                        + "\",\"txVersion\":3,\"dispense\":true,"
                        + "\"dispenseConfirmed\":true,\"bills\":" + bills + "}");
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
        assertThat(confirmed.body().path("dispenseConfirmed").asBoolean()).isTrue();
        JsonNode txs = server.get("/api/admin/txs?app_id=" + app, ADMIN_TOKEN).body();
        assertThat(txs.toString()).contains(OUT_1);

        // a cash-in: the customer's invoice is paid once though the machine sends twice
        SimulatedLightning customer = SimulatedLightning.open(
                customerData,
                Network.REGTEST,
                Clock.systemUTC(),
                new SecureRandom(),
                Satoshi.ZERO,
                Satoshi.of(100_000_000));
        CreatedInvoice invoice =
                customer.createInvoice(Satoshi.of(SATS_FOR_20_IN), Duration.ofMinutes(10), "my wallet");
        assertThat(machine.get("/probe?address=" + invoice.bolt11()).status()).isEqualTo(200);
        assertThat(machine.get("/rates").status()).isEqualTo(200);
        long before = balanceSats();
        assertThat(machine.post("/tx", cashIn(1, invoice.bolt11(), false)).status())
                .isEqualTo(200);
        LamassuMachineClient.Answer sent = machine.post("/tx", cashIn(2, invoice.bolt11(), true));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(200);
        assertThat(sent.body().path("sendConfirmed").asBoolean()).isTrue();
        assertThat(machine.post("/tx", cashIn(2, invoice.bolt11(), true)).status())
                .isEqualTo(200);
        assertThat(before - balanceSats())
                .as("paid once, with its fee")
                .isEqualTo(SATS_FOR_20_IN + sent.body().path("fee").asLong());

        // the operator unpairs the machine: its next call is refused, and a 403 makes a machine unpair itself
        HttpRequest unpair = server.request("/api/admin/apps/" + app + "/devices/" + machine.fingerprint(), ADMIN_TOKEN)
                .DELETE()
                .build();
        assertThat(server.send(unpair).status()).isEqualTo(204);
        LamassuMachineClient.Answer afterUnpair = machine.get("/poll?state=idle");
        assertThat(afterUnpair.status()).isEqualTo(403);
        assertThat(afterUnpair.body().path("error").asText()).isEqualTo("Forbidden");
        assertThat(server.get("/api/admin/apps/" + app + "/devices", ADMIN_TOKEN)
                        .body()
                        .path("devices"))
                .isEmpty();
        assertThat(server.get("/api/admin/apps/" + app + "/logs", ADMIN_TOKEN)
                        .body()
                        .path("logs"))
                .as("logs outlive the pairing")
                .hasSize(2);
    }

    private static String cashIn(int version, String toAddress, boolean send) {
        return "{\"id\":\"" + IN_1
                + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\",\"cryptoAtoms\":\""
                + SATS_FOR_20_IN + "\",\"txVersion\":" + version + ",\"toAddress\":\"" + toAddress + "\",\"send\":"
                + send
                + ",\"bills\":[{\"denomination\":20,\"fiatCode\":\"USD\"}]}";
    }

    private long balanceSats() {
        return server.get("/api/admin/balance", ADMIN_TOKEN)
                .body()
                .path("available_sat")
                .asLong();
    }

    private static void pollUntilConfirmed(LamassuMachineClient machine, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            LamassuMachineClient.Answer poll = machine.get("/tx/" + id + "?status=notSeen");
            assertThat(poll.status()).as(poll.raw()).isIn(200, 304);
            if (poll.status() == 200
                    && "confirmed".equals(poll.body().path("status").asText())) return;
            Thread.sleep(100);
        }
        throw new AssertionError("tx " + id + " never confirmed");
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
