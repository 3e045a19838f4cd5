package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;
import static org.lnteller.app.server.ServerHarness.cassette;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.machine.LamassuMachineClient;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.model.Satoshi;

/**
 * An unmodified Lamassu machine's first day against the real server (H2, simulated Lightning),
 * played by {@link LamassuMachineClient} over real TLS: pairing by totem, the machine's background
 * calls, a cash-out with dispense, a cash-in, and the operator unpairing it. One server for the
 * whole walk; each step is a test of its own, so a failure names the step that broke. A step that
 * needs what an earlier one left behind (the totem, the paired machine, its logs, the confirmed
 * cash-out) is skipped, not failed, when that step failed: the first failure is the one to read.
 * The refusals a machine can meet are in {@link MachinePortEndToEndTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class LamassuMachineWalkTest {
    private static final String OUT_1 = "5d1c7a2e-9f3b-4c8d-a6e1-0b2c3d4e5f61";
    private static final String IN_1 = "6e2d8b3f-a04c-4d9e-b7f2-1c3d4e5f6a72";
    /** $100 at 60,000 USD/BTC less the 5 % cash-out commission (57,142.857...): 175,000 sats. */
    private static final long SATS_FOR_100_OUT = 175_000;
    /** $20 at 60,000 USD/BTC plus the 5 % cash-in commission (63,000): 31,746 sats, rounded down. */
    private static final long SATS_FOR_20_IN = 31_746;

    private Path data;
    private ServerHarness server;
    private String app;

    // what a step leaves for the later ones, set only once all its checks passed
    private JsonNode totem;
    private LamassuMachineClient machine;
    private boolean logsUploaded;
    private boolean cashOutConfirmed;

    @BeforeAll
    void start(@TempDir Path data) {
        this.data = data;
        server = new ServerHarness(data, Map.of("MACHINE_PORT", "0", "MACHINE_HOSTS", "127.0.0.1,localhost"));
        app = server.addApp("lobby", cassette(20, 50), cassette(50, 50))
                .path("app_id")
                .asText();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    /** The paired machine, or the step is skipped: pairing failed, and that failure says why. */
    private LamassuMachineClient pairedMachine() {
        assumeTrue(machine != null, "the machine did not pair (see the pairing step)");
        return machine;
    }

    @Test
    @Order(1)
    void theServerOpensItsMachinePortAndKeepsItsCaKeyToItself() throws Exception {
        assertThat(server.banner()).contains("machines:  https://");
        Path ca = data.resolve("machine-tls").resolve("ca-key.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca)))
                .isEqualTo("rw-------");
    }

    @Test
    @Order(2)
    void anOperatorsTotemNamesTheHostLastsAnHourAndComesAsQrCodes() {
        ServerHarness.Answer created = server.post("/api/admin/apps/" + app + "/pairings", ADMIN_TOKEN, "{}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode pairing = created.body();

        assertThat(pairing.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(Instant.parse(pairing.path("expires_at").asText()))
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(59)),
                        Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(Base64.getDecoder().decode(pairing.path("qr_png_base64").asText()))
                .startsWith((byte) 0x89, (byte) 'P');
        assertThat(pairing.path("qr_svg").asText()).startsWith("<svg");
        totem = pairing;
    }

    @Test
    @Order(3)
    void theMachineScansTheTotemTrustsTheServersCaPairsAndTheOperatorSeesIt() throws Exception {
        assumeTrue(totem != null, "no totem was made (see the totem step)");
        LamassuMachineClient scanning = new LamassuMachineClient(server.machinePort(), Clock.systemUTC());

        scanning.scan(totem.path("totem").asText());
        assertThat(scanning.host()).isEqualTo("127.0.0.1");
        LamassuMachineClient.Answer caAnswer = scanning.fetchCa();
        assertThat(caAnswer.status()).as(caAnswer.raw()).isEqualTo(200);
        assertThat(scanning.caPem())
                .isEqualTo(Files.readString(data.resolve("machine-tls").resolve("ca.pem")));
        LamassuMachineClient.Answer paired = scanning.pair(2, 0);
        assertThat(paired.status()).as(paired.raw()).isEqualTo(200);
        assertThat(paired.body().path("status").asText()).isEqualTo("paired");

        JsonNode devices = devices();
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).path("fingerprint").asText()).isEqualTo(scanning.fingerprint());
        assertThat(devices.get(0).path("cassettes").asInt()).isEqualTo(2);
        machine = scanning;
    }

    @Test
    @Order(4)
    void thePairedMachinePollsAndReadsItsConfigurationAgainOnlyWhenItChanged() {
        LamassuMachineClient machine = pairedMachine();

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
    }

    @Test
    @Order(5)
    void theMachineReportsItsStateAndHeartbeatAndTheOperatorSeesWhereItIs() {
        LamassuMachineClient machine = pairedMachine();

        assertThat(machine.post("/state", Map.of("state", "chooseCoin", "isIdle", false, "uuid", "u-1"))
                        .status())
                .isEqualTo(200);
        assertThat(machine.post("/network/heartbeat", Map.of("ok", true)).status())
                .isEqualTo(200);

        JsonNode devices = devices();
        assertThat(devices.get(0).path("last_state").asText()).isEqualTo("chooseCoin");
        assertThat(devices.get(0).path("last_seen_at").isNull()).isFalse();
    }

    @Test
    @Order(6)
    void theMachineUploadsItsLogsAndTheOperatorReadsThemNewestFirst() {
        LamassuMachineClient machine = pairedMachine();

        LamassuMachineClient.Answer noLogs = machine.get("/logs");
        assertThat(noLogs.status()).isEqualTo(200);
        assertThat(noLogs.raw()).isEqualTo("null");
        LamassuMachineClient.Answer uploaded = machine.post(
                "/logs",
                Map.of(
                        "logs",
                        List.of(
                                log("l-1", "2026-01-01T10:00:00.000Z", 0, "info", "booted"),
                                log("l-2", "2026-01-01T10:00:01.000Z", 1, "error", "no bills"))));
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(200);
        assertThat(uploaded.body().path("success").asBoolean()).isTrue();

        LamassuMachineClient.Answer newest = machine.get("/logs");
        assertThat(newest.body().path("timestamp").asText()).isEqualTo("2026-01-01T10:00:01Z");
        assertThat(newest.body().path("serial").asLong()).isEqualTo(1);
        assertThat(logs()).extracting(l -> l.path("message").asText()).containsExactly("no bills", "booted");
        logsUploaded = true;
    }

    @Test
    @Order(7)
    void aCashOutGetsAnInvoiceAndIsConfirmedToTheMachineOnceItIsPaid() throws Exception {
        LamassuMachineClient machine = pairedMachine();

        LamassuMachineClient.Answer created = machine.post("/tx", cashOut(1, ""));
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(created.body().path("status").asText()).isEqualTo("notSeen");
        server.payInvoiceOf(created.body());

        pollUntilConfirmed(machine, OUT_1);
        cashOutConfirmed = true;
    }

    @Test
    @Order(8)
    void theConfirmedCashOutDispensesOneHundredDollarsAndTheMachineConfirmsTheNotes() {
        LamassuMachineClient machine = pairedMachine();
        assumeTrue(cashOutConfirmed, "the cash-out was not confirmed (see the cash-out step)");

        LamassuMachineClient.Answer dispense = machine.post("/tx", cashOut(2, ",\"dispense\":true"));
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
        LamassuMachineClient.Answer confirmed =
                machine.post("/tx", cashOut(3, ",\"dispense\":true,\"dispenseConfirmed\":true,\"bills\":" + bills));
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
        assertThat(confirmed.body().path("dispenseConfirmed").asBoolean()).isTrue();
        JsonNode txs = server.get("/api/admin/txs?app_id=" + app, ADMIN_TOKEN).body();
        assertThat(txs.toString()).contains(OUT_1);
    }

    @Test
    @Order(9)
    void aCashInPaysTheCustomersInvoiceOnceThoughTheMachineSendsTwice(@TempDir Path customerData) {
        LamassuMachineClient machine = pairedMachine();
        SimulatedLightning customer = ServerHarness.customerWallet(customerData);
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
    }

    @Test
    @Order(10)
    void theOperatorUnpairsTheMachineItIsForbiddenFromThenOnAndItsLogsOutliveThePairing() {
        LamassuMachineClient machine = pairedMachine();
        assumeTrue(logsUploaded, "the machine's logs were not uploaded (see the logs step)");

        HttpRequest unpair = server.request("/api/admin/apps/" + app + "/devices/" + machine.fingerprint(), ADMIN_TOKEN)
                .DELETE()
                .build();
        assertThat(server.send(unpair).status()).isEqualTo(204);

        // a 403 makes a Lamassu machine unpair itself
        LamassuMachineClient.Answer afterUnpair = machine.get("/poll?state=idle");
        assertThat(afterUnpair.status()).isEqualTo(403);
        assertThat(afterUnpair.body().path("error").asText()).isEqualTo("Forbidden");
        assertThat(devices()).isEmpty();
        assertThat(logs()).as("logs outlive the pairing").hasSize(2);
    }

    private JsonNode devices() {
        return server.get("/api/admin/apps/" + app + "/devices", ADMIN_TOKEN)
                .body()
                .path("devices");
    }

    private JsonNode logs() {
        return server.get("/api/admin/apps/" + app + "/logs", ADMIN_TOKEN)
                .body()
                .path("logs");
    }

    private static Map<String, Object> log(String id, String timestamp, int serial, String level, String message) {
        return Map.of("id", id, "timestamp", timestamp, "serial", serial, "logLevel", level, "message", message);
    }

    /** The $100 cash-out at {@code version}, with {@code more} JSON members appended. */
    private static String cashOut(int version, String more) {
        return "{\"id\":\"" + OUT_1 + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\","
                + "\"fiat\":100,\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + SATS_FOR_100_OUT
                + "\"" + (version == 1 ? ",\"isLightning\":true" : "") + ",\"txVersion\":" + version + more + "}";
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
}
