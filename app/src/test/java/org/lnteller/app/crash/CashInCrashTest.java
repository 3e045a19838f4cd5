package org.lnteller.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.crash.CrashRig.Customer;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.ports.model.Preimage;

/**
 * The crash test: the server in its own JVM, paying cash-ins through the Blink adapter to a
 * Lightning ledger in another JVM (the fake Blink), killed with SIGKILL at random moments and
 * restarted, while a driver posts cash-ins with {@code send: true} and re-sends every post that
 * got no answer. At the end every tx is paid exactly once or refundable, and the ledger agrees.
 */
class CashInCrashTest {
    private static final String ADMIN = CrashRig.ADMIN;
    private static final int TXS = 200;
    private static final int DRIVERS = 4;
    private static final int MAX_KILLS = 6;
    private static final int LND_TXS = 60;
    private static final int LND_MAX_KILLS = 3;
    /** $20 at 60,000 USD/BTC plus the 5 % cash-in commission: 31,746 sats, rounded down. */
    private static final long SATS = CrashRig.SATS;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Random random = new Random(2026);
    private final byte[] customerKey = new byte[32];

    /** The machine and the operator, on this test's client and work folder. */
    private CrashRig rig() {
        return new CrashRig(http, work);
    }

    @Test
    void killedAtRandomMomentsTheServerPaysEveryCashInAtMostOnceAndTheLedgerAgrees() throws Exception {
        new SecureRandom().nextBytes(customerKey);
        try (JvmProcess blink = JvmProcess.start(
                "org.lnteller.adapter.galoy.fake.FakeBlinkMain",
                List.of("0", "100000000"),
                Map.of(),
                work.resolve("blink.log"))) {
            List<String> lines = blink.firstLines(5, Duration.ofSeconds(60));
            String blinkUrl = "http://127.0.0.1:" + lines.get(0).strip();
            Map<String, String> env = new HashMap<>();
            for (String line : lines.subList(1, 5))
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            rig().post(blinkUrl + "/fake/prices/USD?perBtc=60000", null, "");
            env.put("LIGHTNING_BACKEND", "galoy");
            crashTest(blinkUrl, env, TXS, MAX_KILLS);
        }
    }

    /**
     * The same against the LND stand-in in a process of its own (HTTPS, swagger-checked, the
     * payment control tower's refusal of a repeat): fewer cash-ins and kills, to keep the suite short.
     */
    @Test
    void killedAtRandomMomentsTheServerOnLndPaysEveryCashInAtMostOnce() throws Exception {
        new SecureRandom().nextBytes(customerKey);
        try (JvmProcess lnd = JvmProcess.start(
                "org.lnteller.adapter.lnd.fake.FakeLndMain",
                List.of("0", "100000000"),
                Map.of(),
                work.resolve("lnd.log"))) {
            List<String> lines = lnd.firstLines(6, Duration.ofSeconds(60));
            String controlUrl = "http://127.0.0.1:" + lines.get(1).strip();
            Map<String, String> env = new HashMap<>();
            for (String line : lines.subList(2, 6))
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            env.put("LIGHTNING_BACKEND", "lnd");
            // an own node has no price: a fixed one, chosen on purpose
            env.putAll(Map.of("EXCHANGE_RATES", "fixed", "FIXED_RATE_USD", "60000"));
            crashTest(controlUrl, env, LND_TXS, LND_MAX_KILLS);
        }
    }

    private void crashTest(String blinkUrl, Map<String, String> env, int txCount, int maxKills) throws Exception {
        int port = CrashRig.freePort();
        env.putAll(Map.of(
                "LNTELLER_DATA_DIR",
                work.resolve("data").toString(),
                "HTTP_PORT",
                Integer.toString(port),
                "ADMIN_TOKEN",
                ADMIN,
                "MONITOR_INTERVAL_MS",
                "500",
                "RECONCILE_INTERVAL_MS",
                "250",
                "CASH_IN_NOT_FOUND_GRACE_SECONDS",
                "3",
                "CASH_IN_SEND_WAIT_MS",
                "2000",
                "MACHINE_PORT",
                "off"));
        String server = "http://127.0.0.1:" + port;

        AtomicInteger restarts = new AtomicInteger();
        JvmProcess[] running = {rig().startServer(env, server, restarts)};
        String token = rig().post(server + "/api/admin/app/add", ADMIN, "{\"name\":\"crash-test\"}")
                .path("credentials")
                .path("token")
                .asText();

        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < txCount; i++)
            customers.add(customer(blinkUrl, String.format("c0ffee00-0000-4000-8000-%012d", i))); // machines send UUIDs

        int kills =
                rig().driveWhileKilling(customers, server, token, DRIVERS, running, env, restarts, maxKills, random);
        Map<String, JsonNode> txs = rig().settledTransactions(server, txCount);
        CrashRig.Tally tally = CrashRig.paidAtMostOnce(customers, txs, rig().sends(blinkUrl));
        System.out.printf(
                env.get("LIGHTNING_BACKEND")
                        + " crash test: kills=%d restarts=%d txs=%d paid=%d refundable=%d payments=%d duplicates=%d%n",
                kills,
                restarts.get(),
                txCount,
                tally.paid(),
                tally.refundable(),
                tally.payments(),
                tally.duplicates());
        assertThat(tally.duplicates()).isZero();
        assertThat(kills).as("the server was killed while it worked").isPositive();
        running[0].close();
    }

    private Customer customer(String blinkUrl, String id) throws Exception {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Preimage preimage = Preimage.of(secret);
        byte[] paymentSecret = new byte[32];
        random.nextBytes(paymentSecret);
        Instant now = Instant.now();
        String bolt11 = Bolt11.encode(
                InvoiceDraft.builder(
                                Network.MAINNET,
                                ByteVector.of(preimage.paymentHash().bytes()),
                                now)
                        .amountMsat(SATS * 1000)
                        .description("customer " + id)
                        .expiry(Duration.ofHours(1))
                        .paymentSecret(ByteVector.of(paymentSecret))
                        .feature(8)
                        .feature(14)
                        .build(),
                customerKey);
        rig().post(
                        blinkUrl + "/fake/foreign-invoices/register",
                        null,
                        JSON.writeValueAsString(Map.of(
                                "bolt11",
                                bolt11,
                                "preimage",
                                preimage.hex(),
                                "amount",
                                SATS,
                                "expiresAt",
                                now.plus(Duration.ofHours(1)).toString())));
        return new Customer(id, bolt11, preimage.paymentHash().hex());
    }
}
