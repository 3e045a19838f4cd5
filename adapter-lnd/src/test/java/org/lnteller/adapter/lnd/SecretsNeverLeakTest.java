package org.lnteller.adapter.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.lnd.fake.FakeLnd;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.model.Satoshi;

/**
 * The macaroon never appears in a log line, an exception message or a toString. Runs last
 * (junit-platform.properties orders classes by @Order), so the logs it reads are the whole suite's.
 */
@Order(Integer.MAX_VALUE)
class SecretsNeverLeakTest {

    @Test
    void noMacaroonEverAppearsInALogLineAnExceptionOrAToString() throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        try (FakeLnd fake = FakeLnd.start(Network.MAINNET, 50_000)) {
            LndSettings good = TestLnd.settings(fake);
            String wrong = "0201036c6e64" + "cd".repeat(40);
            secrets.add(fake.macaroonHex());
            secrets.add(wrong);
            LndSettings refused =
                    good.toBuilder().macaroonHex(wrong).readRetries(0).build();
            seen.add(good.toString());
            try (LndBackend ok = TestLnd.backend(good);
                    LndBackend bad = new LndBackend(refused)) {
                seen.add(ok.toString());
                seen.add(messages(catchThrowable(bad::verifyNode)));
                seen.add(messages(catchThrowable(bad::balance)));
                seen.add(messages(catchThrowable(() -> bad.createInvoice(Satoshi.of(1), Duration.ofMinutes(1), "x"))));
                AutoCloseable badStream = bad.subscribeInvoiceUpdates(u -> {}).orElseThrow();
                AutoCloseable goodStream = ok.subscribeInvoiceUpdates(u -> {}).orElseThrow();
                FakeLnd.Foreign customer = fake.foreignInvoice(Optional.of(1_000_000L), Duration.ofHours(1));
                fake.inject("/v2/router/send", 1, new FakeLnd.Fault.DropAfterActing());
                seen.add(ok.pay(new PaymentRequest(
                                Bolt11.decode(customer.bolt11()),
                                Optional.empty(),
                                Satoshi.of(100).toMilliSatoshi()))
                        .toString());
                fake.restart(Duration.ofMillis(100));
                Thread.sleep(500); // reconnects and refusals get logged meanwhile
                badStream.close();
                goodStream.close();
            }
        }
        List<String> logs = CapturedLogs.lines();
        assertThat(logs).as("the capture works").anySatisfy(l -> assertThat(l).contains("org.lnteller.adapter.lnd"));
        for (String secret : secrets) {
            assertThat(logs)
                    .as("log lines")
                    .noneSatisfy(l -> assertThat(l.toLowerCase()).contains(secret.toLowerCase()));
            assertThat(seen)
                    .as("messages and toString")
                    .noneSatisfy(s -> assertThat(s.toLowerCase()).contains(secret.toLowerCase()));
        }
    }

    private static String messages(Throwable t) {
        assertThat(t).isNotNull();
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append(c).append('\n');
        return b.toString();
    }
}
