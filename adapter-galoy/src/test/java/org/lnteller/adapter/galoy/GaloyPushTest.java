package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.FakeLedger;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;

/** The myUpdates subscription over graphql-transport-ws: delivery, reconnects, and the catch-up after one. */
class GaloyPushTest {
    /** The server's invoice monitor polls once a second (MONITOR_INTERVAL_MS): a push must not be later than that. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private static final Satoshi PRICE = Satoshi.of(10_000);

    @RegisterExtension
    static final TestBlink blink = new TestBlink();

    private final FakeBlink fake = blink.fake();

    private GaloyBackend backend(GaloySettings settings) {
        return blink.open(settings);
    }

    private AutoCloseable subscribe(GaloyBackend backend, BlockingQueue<InvoiceUpdate> heard) {
        return blink.closeAfterTheTest(
                backend.subscribeInvoiceUpdates(heard::add).orElseThrow());
    }

    @Test
    void theSubscriptionAuthenticatesInItsConnectionInitAndHearsOnlyItsOwnWallet() throws Exception {
        FakeLedger.Account mine = fake.ledger().newAccount(0);
        FakeLedger.Account other = fake.ledger().newAccount(0);
        GaloyBackend backend = backend(blink.settings(mine));
        GaloyBackend neighbour = backend(blink.settings(other));
        BlockingQueue<InvoiceUpdate> heard = new LinkedBlockingQueue<>();
        int inits = fake.socketInits();
        subscribe(backend, heard);
        awaitTrue(() -> fake.socketInits() == inits + 1 && backend.subscriptionConnects() == 1, Duration.ofSeconds(3));

        CreatedInvoice theirs = neighbour.createInvoice(PRICE, Duration.ofMinutes(10), "theirs");
        CreatedInvoice ours = backend.createInvoice(PRICE, Duration.ofMinutes(10), "ours");
        fake.ledger().payFromOutside(theirs.paymentHash());
        fake.ledger().payFromOutside(ours.paymentHash());

        InvoiceUpdate first = heard.poll(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(first).isEqualTo(new InvoiceUpdate(ours.paymentHash(), InvoiceStatus.PAID));
        assertThat(heard.poll(200, TimeUnit.MILLISECONDS))
                .as("nothing of the other account")
                .isNull();
    }

    @Test
    void aSocketThatDiesMidSubscriptionReconnectsAndStillDeliversWithinOnePollInterval() throws Exception {
        FakeLedger.Account account = fake.ledger().newAccount(0);
        GaloyBackend backend = backend(blink.settings(account));
        BlockingQueue<InvoiceUpdate> heard = new LinkedBlockingQueue<>();
        subscribe(backend, heard);
        awaitTrue(() -> backend.subscriptionConnects() == 1, Duration.ofSeconds(3));
        CreatedInvoice whileDown =
                backend.createInvoice(PRICE, Duration.ofMinutes(10), "paid while the socket is down");

        fake.killSockets();
        fake.ledger().payFromOutside(whileDown.paymentHash());

        // polling stays correct without the socket
        assertThat(backend.invoiceStatus(whileDown.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        // and the reconnect's catch-up pushes what the dead socket missed
        assertThat(awaitUpdate(heard, whileDown.paymentHash(), POLL_INTERVAL)).isTrue();
        awaitTrue(() -> backend.subscriptionConnects() == 2, Duration.ofSeconds(3));

        CreatedInvoice afterwards = backend.createInvoice(PRICE, Duration.ofMinutes(10), "paid after the reconnect");
        fake.ledger().payFromOutside(afterwards.paymentHash());
        assertThat(awaitUpdate(heard, afterwards.paymentHash(), POLL_INTERVAL)).isTrue();
    }

    @Test
    void aSocketThatStopsAnsweringPingsIsDroppedAndReplaced() throws Exception {
        FakeLedger.Account account = fake.ledger().newAccount(0);
        GaloyBackend backend = backend(blink.settings(account)
                .withTimeouts(Duration.ofMillis(400), Duration.ofSeconds(1))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(200)));
        subscribe(backend, new LinkedBlockingQueue<>());
        awaitTrue(() -> backend.subscriptionConnects() == 1, Duration.ofSeconds(3));
        int pings = fake.pingsHeard();
        awaitTrue(() -> fake.pingsHeard() > pings, Duration.ofSeconds(2));
        assertThat(backend.subscriptionConnects())
                .as("answered pings keep the socket")
                .isEqualTo(1);

        fake.answerPings(false);

        awaitTrue(() -> backend.subscriptionConnects() >= 2, Duration.ofSeconds(3));
    }

    @Test
    void closingTheLastSubscriptionClosesTheSocket() throws Exception {
        FakeLedger.Account account = fake.ledger().newAccount(0);
        GaloyBackend backend = backend(blink.settings(account));
        int open = fake.openSubscriptions();
        AutoCloseable first = subscribe(backend, new LinkedBlockingQueue<>());
        AutoCloseable second = subscribe(backend, new LinkedBlockingQueue<>());
        awaitTrue(() -> fake.openSubscriptions() == open + 1, Duration.ofSeconds(3));

        first.close();
        Thread.sleep(100);
        assertThat(fake.openSubscriptions()).as("one listener is left").isEqualTo(open + 1);
        second.close();

        awaitTrue(() -> fake.openSubscriptions() == open, Duration.ofSeconds(3));
    }

    private static boolean awaitUpdate(BlockingQueue<InvoiceUpdate> heard, PaymentHash hash, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            InvoiceUpdate u = heard.poll(left, TimeUnit.NANOSECONDS);
            if (u == null) return false;
            if (u.paymentHash().equals(hash) && u.status() == InvoiceStatus.PAID) return true;
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within);
            Thread.sleep(10);
        }
    }
}
