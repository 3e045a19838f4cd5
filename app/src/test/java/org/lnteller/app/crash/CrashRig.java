package org.lnteller.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
}
