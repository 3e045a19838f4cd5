package org.lnteller.adapter.phoenixd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.phoenixd.standin.Fault;
import org.lnteller.adapter.phoenixd.standin.PhoenixdStandIn;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.model.Satoshi;

/**
 * The password (and the Basic header made of it) never appears in a log line, an exception
 * message or a toString. Runs last (junit-platform.properties orders classes by @Order), so that
 * the logs it reads are those of the whole suite, and drives the paths where it could slip out.
 */
@Order(Integer.MAX_VALUE)
class SecretsNeverLeakTest {

    @Test
    void noPasswordEverAppearsInALogLineAnExceptionOrAToString() throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (PhoenixdStandIn standIn = PhoenixdStandIn.start(100_000)) {
            String wrong = "wrong-phoenixd-password-that-must-stay-secret-4242";
            secrets.add(standIn.password());
            secrets.add(wrong);
            PhoenixdSettings good = TestPhoenixd.settings(standIn);
            PhoenixdSettings refusedSettings = TestPhoenixd.settings(standIn).withRetries(1, Duration.ofMillis(5));
            refusedSettings = refusedSettings.toBuilder()
                    .password(wrong)
                    .readRetries(1)
                    .retryBase(Duration.ofMillis(5))
                    .wsReconnectMin(Duration.ofMillis(30))
                    .wsReconnectMax(Duration.ofMillis(60))
                    .build();
            PhoenixdSettings nowhere = PhoenixdSettings.of(URI.create("http://127.0.0.1:9"), standIn.password())
                    .withRetries(1, Duration.ofMillis(5))
                    .withReconnect(Duration.ofMillis(30), Duration.ofMillis(60));
            for (PhoenixdSettings s : List.of(good, refusedSettings, nowhere)) {
                secrets.add(PhoenixdHttp.basic(s.password()));
                secrets.add(PhoenixdHttp.basic(s.password()).substring("Basic ".length()));
                seen.add(s.toString());
            }
            try (PhoenixdBackend ok = new PhoenixdBackend(good);
                    PhoenixdBackend refused = new PhoenixdBackend(refusedSettings);
                    PhoenixdBackend unreachable = new PhoenixdBackend(nowhere)) {
                seen.add(ok.toString());
                seen.add(messages(catchThrowable(refused::balance)));
                seen.add(messages(
                        catchThrowable(() -> refused.createInvoice(Satoshi.of(1), Duration.ofMinutes(1), "x"))));
                seen.add(messages(catchThrowable(unreachable::balance)));
                AutoCloseable rejectedSocket =
                        refused.subscribeInvoiceUpdates(u -> {}).orElseThrow();
                AutoCloseable deadSocket =
                        unreachable.subscribeInvoiceUpdates(u -> {}).orElseThrow();
                AutoCloseable goodSocket = ok.subscribeInvoiceUpdates(new LinkedBlockingQueue<>()::add)
                        .orElseThrow();
                PhoenixdStandIn.Foreign customer = standIn.foreignInvoice(Optional.of(1_000L));
                standIn.inject("payinvoice", 1, new Fault.LostAnswer());
                PaymentOutcome outcome = ok.pay(new PaymentRequest(
                        Bolt11.decode(customer.bolt11()),
                        Optional.empty(),
                        Satoshi.of(100).toMilliSatoshi()));
                seen.add(outcome.toString());
                standIn.killSockets();
                Thread.sleep(300); // reconnects and refusals get logged meanwhile
                rejectedSocket.close();
                deadSocket.close();
                goodSocket.close();
            }
        }

        List<String> logs = CapturedLogs.lines();
        assertThat(logs)
                .as("the capture works: the adapter's own lines are there")
                .anySatisfy(l -> assertThat(l).contains("org.lnteller.adapter.phoenixd"))
                .anySatisfy(l -> assertThat(l).contains("phoenixd websocket"));
        for (String secret : secrets) {
            assertThat(logs).as("log lines").noneSatisfy(l -> assertThat(l).contains(secret));
            assertThat(seen)
                    .as("messages and toString")
                    .noneSatisfy(s -> assertThat(s).contains(secret));
        }
    }

    private static String messages(Throwable t) {
        assertThat(t).isNotNull();
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append(c).append('\n');
        return b.toString();
    }
}
