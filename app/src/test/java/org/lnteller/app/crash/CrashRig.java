package org.lnteller.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.lnteller.app.Main;

/**
 * What every cash-in crash test does as the machine and as the operator who restarts the killed
 * server, in one place: a change of the machine protocol (such as 204 for a send still in flight)
 * then reaches every backend's crash test at once.
 */
final class CrashRig {
    /** $20 at 60,000 USD/BTC plus the 5 % cash-in commission, rounded down. */
    static final long SATS = 31_746;

    /** The operator's admin token on the servers the crash tests start. */
    static final String ADMIN = "adm_crash_test_token_0123456789";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A customer's wallet: a real invoice for {@link #SATS} that the backend under test can pay. */
    record Customer(String id, String bolt11, String paymentHash) {}

    private final HttpClient http;
    private final Path work;

    CrashRig(HttpClient http, Path work) {
        this.http = http;
        this.work = work;
    }

    static String cashIn(Customer c, int version, boolean send) {
        return "{\"id\":\"" + c.id()
                + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\","
                + "\"cryptoAtoms\":\"" + SATS + "\",\"txVersion\":" + version + ",\"toAddress\":\"" + c.bolt11()
                + "\",\"send\":" + send
                + ",\"bills\":[{\"denomination\":20,\"fiatCode\":\"USD\"}]}";
    }

    /** Posts until the server answers (a machine re-sends an unanswered post): 200, 4xx and 570 are answers, 204 is not. */
    void untilAnswered(String server, String token, String body) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(server + "/tx"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                // 204: the payment is in flight and there is no answer yet; a Lamassu machine asks again
                if (r.statusCode() != 204 && (r.statusCode() < 500 || r.statusCode() == 570)) {
                    assertThat(r.statusCode()).as(r.body()).isIn(200, 400, 570);
                    return;
                }
            } catch (IOException e) {
                // the server is down or restarting: the machine tries again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer to " + body);
    }

    /** Starts {@code lnteller serve} in a process of its own and waits until it is healthy. */
    JvmProcess startServer(Map<String, String> env, String server, AtomicInteger restarts) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            JvmProcess process = JvmProcess.start(
                    Main.class.getName(),
                    List.of("serve"),
                    env,
                    work.resolve("server-" + restarts.incrementAndGet() + ".log"));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline) && process.isAlive()) {
                try {
                    if (http.send(
                                            HttpRequest.newBuilder(URI.create(server + "/healthz"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) return process;
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            // A killed server may leave the embedded database's lock behind for a moment: try again.
            process.kill();
        }
        throw new IllegalStateException("the server did not come back");
    }

    /** Every cash-in once nothing is in doubt any more (the reconciler has settled what the kills left). */
    Map<String, JsonNode> settledTransactions(String server, int txCount) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Map<String, JsonNode> byId = new HashMap<>();
        while (Instant.now().isBefore(deadline)) {
            byId.clear();
            Optional<String> cursor = Optional.empty();
            do {
                JsonNode page = asOperator(server + "/api/admin/txs?direction=cashIn&limit=500"
                        + cursor.map(c -> "&cursor=" + c).orElse(""));
                for (JsonNode tx : page.path("items")) byId.put(tx.path("id").asText(), tx);
                cursor = page.path("next_cursor").isNull()
                        ? Optional.empty()
                        : Optional.of(page.path("next_cursor").asText());
            } while (cursor.isPresent());
            boolean inDoubt = byId.values().stream()
                    .anyMatch(tx -> tx.path("sendPending").asBoolean()
                            && !tx.path("sendConfirmed").asBoolean());
            if (!inDoubt && byId.size() == txCount) return byId;
            Thread.sleep(250);
        }
        return byId;
    }

    private JsonNode asOperator(String url) throws Exception {
        return JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + ADMIN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    /** A POST that must succeed (2xx), with a bearer {@code token} unless null: its JSON answer. */
    JsonNode post(String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Drives every customer's cash-in with {@code machines} machines at once while, at random
     * moments, the server ({@code running[0]}) is killed and started again, at most {@code maxKills}
     * times: the kills made.
     */
    int driveWhileKilling(
            List<Customer> customers,
            String server,
            String token,
            int machines,
            JvmProcess[] running,
            Map<String, String> env,
            AtomicInteger restarts,
            int maxKills,
            Random random)
            throws Exception {
        AtomicBoolean driving = new AtomicBoolean(true);
        AtomicInteger kills = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(machines + 1);
        Future<?> killer = pool.submit(() -> {
            while (driving.get() && kills.get() < maxKills) {
                Thread.sleep(300 + random.nextInt(1200));
                if (!driving.get()) break;
                running[0].kill();
                kills.incrementAndGet();
                running[0] = startServer(env, server, restarts);
            }
            return null;
        });
        List<Future<?>> drivers = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int d = 0; d < machines; d++) {
            drivers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < customers.size(); i = next.getAndIncrement()) {
                    Customer c = customers.get(i);
                    untilAnswered(server, token, cashIn(c, 1, false));
                    untilAnswered(server, token, cashIn(c, 2, true));
                }
                return null;
            }));
        }
        for (Future<?> f : drivers) f.get(8, TimeUnit.MINUTES);
        driving.set(false);
        killer.get(2, TimeUnit.MINUTES);
        pool.shutdown();
        return kills.get();
    }

    /** What the server and the node's ledger agree on once the kills are over. */
    record Tally(int paid, int refundable, int payments, int duplicates) {}

    /**
     * Checks every customer's cash-in against {@code sends}, the node's count of payments per
     * payment hash: paid means exactly one payment, anything else is a failed, refundable tx with
     * none.
     */
    static Tally paidAtMostOnce(List<Customer> customers, Map<String, JsonNode> txs, JsonNode sends) {
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
        return new Tally(paid, refundable, payments, duplicates);
    }

    /** The fake node's payments per payment hash ({@code GET /fake/sends}). */
    JsonNode sends(String nodeUrl) throws Exception {
        return JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(nodeUrl + "/fake/sends"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }
}
