package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;
import static org.lnteller.app.server.ServerHarness.cassette;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.lnd.fake.FakeLnd;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.config.Settings;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.ports.model.PaymentHash;

/** The server with LIGHTNING_BACKEND=lnd, on the LND stand-in over HTTPS: the seed's cash-out, a Lamassu cash-in, push settlement. */
class LndEndToEndTest {
    /** $20 at 60,000 USD/BTC plus the 5 % cash-in commission. */
    private static final long SATS_FOR_20 = 31_746;

    @TempDir
    Path data;

    private FakeLnd lnd;
    private ServerHarness server;

    @BeforeEach
    void startNode() throws Exception {
        lnd = FakeLnd.start(Network.MAINNET, 10_000_000);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        lnd.close();
        assertThat(lnd.violations()).as("requests outside lnd's swagger").isEmpty();
    }

    private Map<String, String> lndEnv(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "LIGHTNING_BACKEND",
                "lnd",
                "LND_REST_URL",
                lnd.restUrl().toString(),
                "LND_MACAROON_HEX",
                lnd.macaroonHex(),
                "LND_TLS_CERT",
                lnd.certificate().pemFile().toString(),
                "EXCHANGE_RATES",
                "fixed",
                "FIXED_RATE_USD",
                "60000"));
        env.putAll(more);
        return env;
    }

    private String addApp() {
        return server.addApp("corner-shop", cassette(100, 200), cassette(20, 500))
                .path("credentials")
                .path("token")
                .asText();
    }

    @Test
    void theSeedsCashOutWalksFromARealSignedInvoiceOfTheNodeToDispensedNotes() throws Exception {
        server = new ServerHarness(data, lndEnv(Map.of()));
        assertThat(server.banner())
                .contains("lightning: LND at " + lnd.restUrl())
                .doesNotContain(lnd.macaroonHex());
        String token = addApp();

        Answer created = server.post(
                "/tx",
                token,
                "{\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":100,"
                        + "\"cryptoAtoms\":\"158730\",\"isLightning\":true,\"deviceId\":\"whatever\",\"txVersion\":1}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        String id = created.body().path("id").asText();
        Bolt11Invoice invoice = Bolt11.decode(created.body().path("toAddress").asText());
        assertThat(invoice.network()).isEqualTo(Network.MAINNET);
        assertThat(invoice.amountMsat()).hasValue(158_730_000);

        lnd.payInvoice(PaymentHash.of(invoice.paymentHash().toArray()));
        server.pollUntil(token, id, "confirmed", Duration.ofMillis(50));

        Answer dispensing = server.post(
                "/tx",
                token,
                "{\"id\":\"" + id + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\","
                        + "\"fiat\":100,\"cryptoAtoms\":\"158730\",\"txVersion\":2,\"dispense\":true}");
        assertThat(dispensing.status()).as(dispensing.raw()).isEqualTo(200);
        long total = 0;
        for (JsonNode bill : dispensing.body().path("bills"))
            total += bill.path("denomination").asLong()
                    * bill.path("provisioned").asLong();
        assertThat(total).isEqualTo(100);
        assertThat(server.get("/api/admin/balance", ADMIN_TOKEN)
                        .body()
                        .path("available_sat")
                        .asLong())
                .as("the admin balance is the node's")
                .isEqualTo(10_000_000 + 158_730);
        assertThat(server.get("/metrics", null).raw()).doesNotContainIgnoringCase(lnd.macaroonHex());
    }

    @Test
    void aLamassuCashInPaysTheCustomersInvoiceOnceEvenWhenTheMachineResendsItsSend() {
        server = new ServerHarness(data, lndEnv(Map.of()));
        String token = addApp();
        FakeLnd.Foreign customer = lnd.foreignInvoice(Optional.of(SATS_FOR_20 * 1000), Duration.ofMinutes(30));
        String first =
                "{\"id\":\"7f3e9c4a-b15d-4eaf-8c03-2d4e5f6a7b83\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\","
                        + "\"cryptoAtoms\":\"" + SATS_FOR_20 + "\",\"txVersion\":4,\"toAddress\":\"" + customer.bolt11()
                        + "\",\"send\":false,"
                        + "\"bills\":[{\"denomination\":20,\"fiatCode\":\"USD\"}]}";

        Answer probe = server.get("/probe?address=" + customer.bolt11(), token);
        assertThat(probe.status()).as(probe.raw()).isEqualTo(200);
        assertThat(server.post("/tx", token, first).status()).isEqualTo(200);
        String send = first.replace("\"txVersion\":4", "\"txVersion\":5").replace("\"send\":false", "\"send\":true");
        Answer sent = server.post("/tx", token, send);
        Answer again = server.post("/tx", token, send);

        assertThat(sent.status()).as(sent.raw()).isEqualTo(200);
        assertThat(sent.body().path("sendConfirmed").asBoolean()).isTrue();
        assertThat(again.body().path("sendConfirmed").asBoolean()).isTrue();
        assertThat(lnd.sends()).containsEntry(customer.paymentHash().hex(), 1);
        assertThat(lnd.balanceMsat()).isEqualTo((10_000_000 - SATS_FOR_20) * 1000 - FakeLnd.FEE_MSAT);
    }

    @Test
    void cashOutsSettleByPushWithoutWaitingForTheMonitorsPoll() throws Exception {
        // the poll would take a minute: only the invoice stream can confirm within the test's waits
        server = new ServerHarness(data, lndEnv(Map.of("MONITOR_INTERVAL_MS", "60000")));
        String token = addApp();
        Thread.sleep(500); // the first monitor pass and the stream's opening
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Answer created = server.post(
                    "/tx",
                    token,
                    "{\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":20,"
                            + "\"cryptoAtoms\":\"31746\",\"isLightning\":true,\"txVersion\":1}");
            assertThat(created.status()).as(created.raw()).isEqualTo(200);
            String id = created.body().path("id").asText();
            PaymentHash hash = PaymentHash.of(
                    Bolt11.decode(created.body().path("toAddress").asText())
                            .paymentHash()
                            .toArray());
            long start = System.nanoTime();
            lnd.payInvoice(hash);
            server.pollUntil(token, id, "confirmed", Duration.ofMillis(2));
            micros.add((System.nanoTime() - start) / 1_000);
        }
        Collections.sort(micros);
        double medianMs = (micros.get(9) + micros.get(10)) / 2.0 / 1000;
        System.out.printf(
                "LND push settlement (pay -> confirmed on the machine API), 20 invoices: median %.1f ms, max %.1f ms%n",
                medianMs, micros.get(19) / 1000.0);
        assertThat(medianMs).isLessThan(5_000);
    }

    @Test
    void theServerRefusesToStartWithoutAMacaroonOrOnAnotherNetwork() {
        Map<String, String> noMacaroon = new HashMap<>(lndEnv(Map.of("LNTELLER_DATA_DIR", data.toString())));
        noMacaroon.remove("LND_MACAROON_HEX");
        assertThatThrownBy(() -> Config.from(Settings.of(noMacaroon)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LND_MACAROON");
        Map<String, String> noCert = new HashMap<>(lndEnv(Map.of("LNTELLER_DATA_DIR", data.toString())));
        noCert.remove("LND_TLS_CERT");
        assertThatThrownBy(() -> Config.from(Settings.of(noCert)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LND_TLS_CERT");

        lnd.answerNetwork("regtest");
        assertThatThrownBy(() -> new ServerHarness(data, lndEnv(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is on 'regtest', not mainnet")
                .hasMessageNotContaining(lnd.macaroonHex());
    }
}
