package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;
import static org.lnteller.app.server.ServerHarness.cassette;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.phoenixd.standin.PhoenixdStandIn;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.ports.model.PaymentHash;
import org.slf4j.LoggerFactory;

/**
 * The real server with {@code LIGHTNING_BACKEND=phoenixd}, on the phoenixd stand-in (a real HTTP
 * server speaking phoenixd's wire format, signing real invoices): the seed's cash-out, a Lamassu
 * cash-in, the inbound-liquidity refusal, settlement by push measured, and no password anywhere.
 */
class PhoenixdEndToEndTest {
    private static final String IN_1 = "1f0e5c3a-7b7d-4d0e-9a51-6c2f0b1d8e01";
    private static final String LIQ_1 = "2a9d4b6c-3e8f-4a1b-8c7d-5e6f7a8b9c02";
    /** $20 at 60,000 USD/BTC plus the 5 % cash-in commission (63,000): 31,746 sats, rounded down. */
    private static final long SATS_FOR_20 = 31_746;

    @TempDir
    Path data;

    private PhoenixdStandIn node;
    private ServerHarness server;
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
    private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            StringBuilder b = new StringBuilder(e.getLoggerName()).append(" - ").append(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause())
                b.append(" / ").append(t.getMessage());
            logs.add(b.toString());
        }
    };

    @BeforeEach
    void start() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        capture.start();
        root.addAppender(capture);
        node = PhoenixdStandIn.start(10_000_000);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
        assertThat(node.violations()).as("calls phoenixd would refuse").isEmpty();
        node.close();
    }

    private ServerHarness serve(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "LIGHTNING_BACKEND",
                "phoenixd",
                "PHOENIXD_URL",
                node.url().toString(),
                "PHOENIXD_PASSWORD",
                node.password(),
                "EXCHANGE_RATES",
                "fixed",
                "FIXED_RATE_USD",
                "60000"));
        env.putAll(more);
        server = new ServerHarness(data, env);
        return server;
    }

    private String addApp() {
        return server.addApp("corner-shop", cassette(100, 200), cassette(20, 500))
                .path("credentials")
                .path("token")
                .asText();
    }

    @Test
    void theSeedsCashOutWalksFromInvoiceToDispensedNotesOnPhoenixd() throws Exception {
        serve(Map.of());
        assertThat(server.banner())
                .contains("lightning: phoenixd at " + node.url())
                .doesNotContain(node.password());
        String token = addApp();

        Answer created = server.post(
                "/tx",
                token,
                "{\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":10000,"
                        + "\"cryptoAtoms\":\"546448\",\"isLightning\":true,\"deviceId\":\"whatever\",\"txVersion\":1}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        String id = created.body().path("id").asText();
        assertThat(created.body().path("status").asText()).isEqualTo("notSeen");
        // core's decoder checks the stand-in's signature: a real invoice
        Bolt11Invoice invoice = Bolt11.decode(created.body().path("toAddress").asText());
        assertThat(invoice.network()).isEqualTo(Network.MAINNET);
        assertThat(invoice.amountMsat()).hasValue(546_448_000);
        assertThat(server.get("/tx/" + id + "?status=notSeen", token).status()).isEqualTo(304);

        node.payIncoming(PaymentHash.of(invoice.paymentHash().toArray()));
        server.pollUntil(token, id, "confirmed", Duration.ofMillis(100));

        String dispense = "{\"id\":\"" + id + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":10000,"
                + "\"cryptoAtoms\":\"546448\",\"txVersion\":2,\"dispense\":true}";
        Answer dispensing = server.post("/tx", token, dispense);
        assertThat(dispensing.status()).as(dispensing.raw()).isEqualTo(200);
        long total = 0;
        for (JsonNode bill : dispensing.body().path("bills"))
            total += bill.path("denomination").asLong()
                    * bill.path("provisioned").asLong();
        assertThat(total).isEqualTo(10_000);

        server.restart();
        Answer afterRestart = server.get("/tx/" + id, token);
        assertThat(afterRestart.body().path("status").asText()).isEqualTo("confirmed");
        assertThat(afterRestart.body().path("bills"))
                .isEqualTo(dispensing.body().path("bills"));
    }

    @Test
    void aLamassuCashInPaysTheCustomersInvoiceExactlyOnceThroughPhoenixd() {
        serve(Map.of());
        String token = addApp();
        PhoenixdStandIn.Foreign customer = node.foreignInvoice(Optional.of(SATS_FOR_20));

        Answer probe = server.get("/probe?address=" + customer.bolt11(), token);
        assertThat(probe.status()).as(probe.raw()).isEqualTo(200);
        long before = server.get("/api/admin/balance", ADMIN_TOKEN)
                .body()
                .path("available_sat")
                .asLong();
        assertThat(before).isEqualTo(10_000_000);

        assertThat(server.post("/tx", token, cashIn(IN_1, 4, customer.bolt11(), false))
                        .status())
                .isEqualTo(200);
        Answer sent = server.post("/tx", token, cashIn(IN_1, 5, customer.bolt11(), true));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(200);
        assertThat(sent.body().path("sendConfirmed").asBoolean()).isTrue();
        assertThat(sent.body().path("status").asText()).isEqualTo("confirmed");
        Answer again = server.post("/tx", token, cashIn(IN_1, 5, customer.bolt11(), true));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("sendConfirmed").asBoolean()).isTrue();

        assertThat(node.sends())
                .containsExactly(Map.entry(customer.paymentHash().hex(), 1));
        long fee = sent.body().path("fee").asLong();
        long after = server.get("/api/admin/balance", ADMIN_TOKEN)
                .body()
                .path("available_sat")
                .asLong();
        assertThat(before - after).as("paid once, with its fee").isEqualTo(SATS_FOR_20 + fee);
    }

    @Test
    void aCashOutTheNodeCannotReceiveWithinTheLiquidityFeeCapIsRefusedClearlyAndWritesNothing() {
        serve(Map.of("PHOENIXD_MAX_LIQUIDITY_FEE_SATS", "2000"));
        String token = addApp();
        node.liquidity(10_000, 1_000, 10_000, 0);

        Answer refused = server.post(
                "/tx",
                token,
                "{\"id\":\"" + LIQ_1 + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\","
                        + "\"fiat\":\"20\",\"cryptoAtoms\":\"31000\",\"txVersion\":1}");

        assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
        assertThat(refused.body().path("code").asText()).isEqualTo("inboundLiquidity");
        assertThat(refused.body().path("error").asText()).contains("liquidity fee");
        assertThat(server.get("/tx/" + LIQ_1, token).status()).isEqualTo(404);
        assertThat(logs)
                .anySatisfy(l -> assertThat(l).contains("cash-out refused").contains("about 21310 sat"));
    }

    /**
     * Settlement by push, measured: from the customer's payment at the node to {@code confirmed}
     * on the machine API, with the invoice monitor's polling slowed to once a minute so that only
     * the websocket can be that fast. The machine polls every 10 ms here (a real one: every second).
     */
    @Test
    void aPaymentReachesTheMachineByPushMedianOverTwentyInvoices() throws Exception {
        serve(Map.of("MONITOR_INTERVAL_MS", "60000"));
        String token = addApp();
        // the first monitor pass runs at start-up; the socket opens on the first subscription
        Thread.sleep(300);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = UUID.randomUUID().toString();
            Answer created = server.post(
                    "/tx",
                    token,
                    "{\"id\":\"" + id + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\","
                            + "\"fiat\":\"20\",\"cryptoAtoms\":\"31000\",\"txVersion\":1}");
            assertThat(created.status()).as(created.raw()).isEqualTo(200);
            PaymentHash hash = PaymentHash.of(
                    Bolt11.decode(created.body().path("toAddress").asText())
                            .paymentHash()
                            .toArray());
            long t0 = System.nanoTime();
            node.payIncoming(hash);
            server.pollUntil(token, id, "confirmed", Duration.ofMillis(10));
            micros.add((System.nanoTime() - t0) / 1_000);
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        double medianMs = (sorted.get(9) + sorted.get(10)) / 2.0 / 1000.0;
        System.out.printf(
                "phoenixd push settlement (pay -> confirmed on GET /tx): median %.1f ms, min %.1f ms, max %.1f ms over %d invoices%n",
                medianMs, sorted.get(0) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
        assertThat(medianMs).as("by push, not by the minute-long poll").isLessThan(2_000);
    }

    @Test
    void thePasswordIsNeverInALogLineAnErrorAnswerOrMetrics() throws Exception {
        serve(Map.of("PHOENIXD_MAX_LIQUIDITY_FEE_SATS", "0"));
        String token = addApp();
        List<String> secrets = List.of(
                node.password(),
                Base64.getEncoder()
                        .encodeToString((":" + node.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<String> answers = new ArrayList<>();
        node.liquidity(1_000, 1_000, 10_000, 0);
        answers.add(server.post(
                        "/tx",
                        token,
                        "{\"id\":\"" + UUID.randomUUID()
                                + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"cryptoAtoms\":\"31000\",\"txVersion\":1}")
                .raw());
        node.liquidity(10_000_000, 1_000, 10_000, 0);
        node.inject("*", 10, new org.lnteller.adapter.phoenixd.standin.Fault.Status(500));
        answers.add(server.post(
                        "/tx",
                        token,
                        "{\"id\":\"" + UUID.randomUUID()
                                + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"cryptoAtoms\":\"31000\",\"txVersion\":1}")
                .raw());
        answers.add(server.get("/api/admin/balance", ADMIN_TOKEN).raw());
        node.clearFaults();
        node.killSockets();
        Thread.sleep(300);
        answers.add(server.get("/metrics", null).raw());
        answers.add(server.banner());

        assertThat(logs).as("the capture works").anySatisfy(l -> assertThat(l).contains("org.lnteller"));
        assertThat(answers.get(0)).contains("inboundLiquidity");
        for (String secret : secrets) {
            assertThat(logs).as("log lines").noneSatisfy(l -> assertThat(l).contains(secret));
            assertThat(answers)
                    .as("answers, metrics, banner")
                    .noneSatisfy(a -> assertThat(a).contains(secret));
        }
    }

    private static String cashIn(String id, int version, String toAddress, boolean send) {
        return "{\"id\":\"" + id
                + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\","
                + "\"cryptoAtoms\":\"" + SATS_FOR_20 + "\",\"txVersion\":" + version + ",\"toAddress\":\"" + toAddress
                + "\",\"send\":" + send + ",\"bills\":[{\"denomination\":20,\"fiatCode\":\"USD\"}]}";
    }
}
