package org.lnteller.adapter.galoy;

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
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.FakeLedger;
import org.lnteller.adapter.galoy.fake.Fault;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.model.Satoshi;

/**
 * The API key never appears in a log line, an exception message or a toString. Runs last
 * (junit-platform.properties orders classes by @Order), so that the logs it reads are those of the
 * whole suite, and drives the paths where a key could slip out: refused keys, faults, sockets.
 */
@Order(Integer.MAX_VALUE)
class SecretsNeverLeakTest {

    @Test
    void noApiKeyEverAppearsInALogLineAnExceptionOrAToString() throws Exception {
        List<String> keys = new ArrayList<>(FakeLedger.issuedKeys());
        List<String> seen = new ArrayList<>();
        try (FakeBlink fake = FakeBlink.start()) {
            FakeLedger.Account account = fake.ledger().newAccount(50_000);
            String wrongKey = "blink_wrong-key-that-must-stay-secret-4242";
            keys.add(account.apiKey());
            keys.add(wrongKey);
            GaloySettings good = TestBlink.settings(fake, account);
            GaloySettings wrong = new GaloySettings(
                    fake.endpoint(),
                    fake.wsEndpoint(),
                    wrongKey,
                    account.btcWalletId(),
                    Duration.ofMillis(600),
                    Duration.ofMillis(500),
                    1,
                    Duration.ofMillis(5),
                    Duration.ofMillis(10),
                    Duration.ofMillis(30),
                    Duration.ofMillis(60),
                    Duration.ofSeconds(5));
            GaloySettings nowhere = new GaloySettings(
                    URI.create("http://127.0.0.1:9/graphql"),
                    URI.create("ws://127.0.0.1:9/graphql"),
                    account.apiKey(),
                    account.btcWalletId(),
                    Duration.ofMillis(300),
                    Duration.ofMillis(200),
                    1,
                    Duration.ofMillis(5),
                    Duration.ofMillis(10),
                    Duration.ofMillis(30),
                    Duration.ofMillis(60),
                    Duration.ofSeconds(5));
            seen.add(good.toString());
            try (GaloyBackend ok = new GaloyBackend(good);
                    GaloyBackend refused = new GaloyBackend(wrong);
                    GaloyBackend unreachable = new GaloyBackend(nowhere)) {
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
                FakeLedger.Foreign customer = fake.ledger().foreignInvoice(Optional.of(1_000L));
                fake.inject("LnInvoicePaymentSend", 1, new Fault.AnswerLate(Duration.ofMillis(2_000)));
                PaymentOutcome outcome = ok.pay(new PaymentRequest(
                        Bolt11.decode(customer.bolt11()),
                        Optional.empty(),
                        Satoshi.of(100).toMilliSatoshi()));
                seen.add(outcome.toString());
                fake.killSockets();
                Thread.sleep(300); // reconnects and refusals get logged meanwhile
                rejectedSocket.close();
                deadSocket.close();
                goodSocket.close();
            }
        }

        List<String> logs = CapturedLogs.lines();
        assertThat(logs)
                .as("the capture works: the adapter's own lines are there")
                .anySatisfy(l -> assertThat(l).contains("org.lnteller.adapter.galoy"))
                .anySatisfy(l -> assertThat(l).contains("Blink subscription lost"));
        assertThat(keys).hasSizeGreaterThan(10);
        for (String key : keys) {
            assertThat(logs).as("log lines").noneSatisfy(l -> assertThat(l).contains(key));
            assertThat(seen)
                    .as("messages and toString")
                    .noneSatisfy(s -> assertThat(s).contains(key));
        }
    }

    private static String messages(Throwable t) {
        assertThat(t).isNotNull();
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append(c).append('\n');
        return b.toString();
    }
}
