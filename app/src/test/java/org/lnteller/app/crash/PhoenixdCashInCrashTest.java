package org.lnteller.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.crash.CrashRig.Customer;

/**
 * The crash test on phoenixd: the server in its own JVM, paying cash-ins through the phoenixd
 * adapter to the phoenixd stand-in in another JVM, killed with SIGKILL at random moments and
 * restarted, while drivers post cash-ins with {@code send: true} and re-send every post that got
 * no answer; the node also loses some payinvoice answers and closes some connections mid-payment.
 * At the end every tx is paid exactly once or refundable, and the node's ledger agrees. Smaller
 * than the Blink one (CashInCrashTest), to keep the suite's time: the same kills, fewer txs.
 */
class PhoenixdCashInCrashTest {
    private static final String ADMIN = CrashRig.ADMIN;
    private static final int TXS = 80;
    private static final int DRIVERS = 4;
    private static final int MAX_KILLS = 4;
    /** $20 at 60,000 USD/BTC plus the 5 % cash-in commission: 31,746 sats, rounded down. */
    private static final long SATS = CrashRig.SATS;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Random random = new Random(2026);

    /** The machine and the operator, on this test's client and work folder. */
    private CrashRig rig() {
        return new CrashRig(http, work);
    }

    @Test
    void killedAtRandomMomentsTheServerPaysEveryCashInAtMostOnceThroughPhoenixdAndTheNodeAgrees() throws Exception {
        try (JvmProcess node = JvmProcess.start(
                "org.lnteller.adapter.phoenixd.standin.StandInMain",
                List.of("0", "100000000"),
                Map.of(),
                work.resolve("phoenixd.log"))) {
            List<String> lines = node.firstLines(3, Duration.ofSeconds(60));
            String nodeUrl = "http://127.0.0.1:" + lines.get(0).strip();
            Map<String, String> env = new HashMap<>();
            for (String line : lines.subList(1, 3))
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            // the node loses some answers after paying, and closes some connections mid-payment
            rig().post(nodeUrl + "/fake/faults?path=payinvoice&kind=lost&times=4", null, "");
            rig().post(nodeUrl + "/fake/faults?path=payinvoice&kind=closed&millis=800&times=4", null, "");
            int port = CrashRig.freePort();
            env.putAll(Map.of("EXCHANGE_RATES", "fixed", "FIXED_RATE_USD", "60000"));
            env.putAll(Map.of(
                    "LIGHTNING_BACKEND",
                    "phoenixd",
                    "PHOENIXD_PAY_WAIT_SECONDS",
                    "5",
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
                    "2000"));
            env.put("MACHINE_PORT", "off");
            String server = "http://127.0.0.1:" + port;

            AtomicInteger restarts = new AtomicInteger();
            JvmProcess[] running = {rig().startServer(env, server, restarts)};
            String token = rig().post(server + "/api/admin/app/add", ADMIN, "{\"name\":\"crash-test\"}")
                    .path("credentials")
                    .path("token")
                    .asText();

            List<Customer> customers = new ArrayList<>();
            for (int i = 0; i < TXS; i++)
                customers.add(customer(nodeUrl, String.format("c0ffee00-0000-4000-8001-%012d", i)));

            AtomicBoolean driving = new AtomicBoolean(true);
            AtomicInteger kills = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(DRIVERS + 1);
            Future<?> killer = pool.submit(() -> {
                while (driving.get() && kills.get() < MAX_KILLS) {
                    Thread.sleep(300 + random.nextInt(1200));
                    if (!driving.get()) break;
                    running[0].kill();
                    kills.incrementAndGet();
                    running[0] = rig().startServer(env, server, restarts);
                }
                return null;
            });
            List<Future<?>> drivers = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int d = 0; d < DRIVERS; d++) {
                drivers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < TXS; i = next.getAndIncrement()) {
                        Customer c = customers.get(i);
                        rig().untilAnswered(server, token, CrashRig.cashIn(c, 1, false));
                        rig().untilAnswered(server, token, CrashRig.cashIn(c, 2, true));
                    }
                    return null;
                }));
            }
            for (Future<?> f : drivers) f.get(8, TimeUnit.MINUTES);
            driving.set(false);
            killer.get(2, TimeUnit.MINUTES);
            pool.shutdown();

            Map<String, JsonNode> txs = rig().settledTransactions(server, TXS);
            JsonNode sends = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(nodeUrl + "/fake/sends"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());

            int paid = 0;
            int refundable = 0;
            int duplicates = 0;
            int payments = 0;
            for (Customer c : customers) {
                JsonNode tx = txs.get(c.id());
                int sent = sends.path(c.paymentHash()).asInt(0);
                payments += sent;
                if (sent > 1) duplicates++;
                assertThat(tx).as("%s exists", c.id()).isNotNull();
                if (tx.path("sendConfirmed").asBoolean()) {
                    paid++;
                    assertThat(sent)
                            .as("%s says paid: the ledger must show one payment", c.id())
                            .isEqualTo(1);
                } else {
                    refundable++;
                    assertThat(tx.path("status").asText())
                            .as("%s neither paid nor refundable", c.id())
                            .isEqualTo("failed");
                    assertThat(tx.path("sendPending").asBoolean()).isFalse();
                    assertThat(sent)
                            .as("%s is refundable: the ledger must show no payment", c.id())
                            .isZero();
                }
            }
            System.out.printf(
                    "phoenixd crash test: kills=%d restarts=%d txs=%d paid=%d refundable=%d payments=%d duplicates=%d%n",
                    kills.get(), restarts.get(), TXS, paid, refundable, payments, duplicates);
            assertThat(duplicates).isZero();
            assertThat(kills.get()).as("the server was killed while it worked").isPositive();
            running[0].close();
        }
    }

    /** A customer's wallet: another node's real invoice for the tx's sats, which the stand-in can pay. */
    private Customer customer(String nodeUrl, String id) throws Exception {
        JsonNode invoice = rig().post(nodeUrl + "/fake/foreign-invoices?amountSat=" + SATS, null, "");
        return new Customer(
                id, invoice.path("bolt11").asText(), invoice.path("paymentHash").asText());
    }
}
