package org.lnteller.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

            int kills = rig().driveWhileKilling(
                            customers, server, token, DRIVERS, running, env, restarts, MAX_KILLS, random);
            Map<String, JsonNode> txs = rig().settledTransactions(server, TXS);
            CrashRig.Tally tally = CrashRig.paidAtMostOnce(customers, txs, rig().sends(nodeUrl));
            System.out.printf(
                    "phoenixd crash test: kills=%d restarts=%d txs=%d paid=%d refundable=%d payments=%d duplicates=%d%n",
                    kills, restarts.get(), TXS, tally.paid(), tally.refundable(), tally.payments(), tally.duplicates());
            assertThat(tally.duplicates()).isZero();
            assertThat(kills).as("the server was killed while it worked").isPositive();
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
