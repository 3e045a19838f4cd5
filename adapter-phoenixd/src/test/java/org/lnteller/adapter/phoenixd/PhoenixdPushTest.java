package org.lnteller.adapter.phoenixd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.phoenixd.standin.PhoenixdStandIn;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;

/** Incoming payments pushed over phoenixd's websocket, through lost sockets and node restarts. */
class PhoenixdPushTest {
    private PhoenixdStandIn standIn;
    private PhoenixdBackend backend;
    private final BlockingQueue<InvoiceUpdate> heard = new LinkedBlockingQueue<>();
    private AutoCloseable subscription;

    @BeforeEach
    void start() throws Exception {
        standIn = PhoenixdStandIn.start(100_000);
        backend = new PhoenixdBackend(TestPhoenixd.settings(standIn));
        subscription = backend.subscribeInvoiceUpdates(heard::add).orElseThrow();
        awaitSockets(1);
    }

    @AfterEach
    void stop() throws Exception {
        subscription.close();
        backend.close();
        assertThat(standIn.violations()).as("calls phoenixd would refuse").isEmpty();
        standIn.close();
    }

    @Test
    void aPaymentIsPushedAsPaid() throws Exception {
        CreatedInvoice invoice = backend.createInvoice(Satoshi.of(2_000), Duration.ofMinutes(10), "push");

        standIn.payIncoming(invoice.paymentHash());

        assertThat(awaitPaid(invoice.paymentHash())).isTrue();
    }

    @Test
    void aLostSocketReconnectsAndStillPushes() throws Exception {
        standIn.killSockets();
        awaitSockets(2);
        CreatedInvoice invoice =
                backend.createInvoice(Satoshi.of(2_000), Duration.ofMinutes(10), "after a lost socket");

        standIn.payIncoming(invoice.paymentHash());

        assertThat(awaitPaid(invoice.paymentHash())).isTrue();
    }

    @Test
    void aPaymentMadeWhileTheNodeRestartedIsCaughtUpAfterTheReconnect() throws Exception {
        CreatedInvoice invoice = backend.createInvoice(Satoshi.of(2_000), Duration.ofMinutes(10), "during a restart");
        Thread restart = new Thread(() -> {
            try {
                standIn.restart(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        restart.start();
        Thread.sleep(150);
        // paid while no socket is open: phoenixd pushes it to no one, and never again
        standIn.payIncoming(invoice.paymentHash());
        restart.join();

        assertThat(awaitPaid(invoice.paymentHash()))
                .as("heard through the catch-up after the reconnect")
                .isTrue();
        assertThat(backend.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(backend.pushConnects()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void closingTheLastSubscriptionClosesTheSocket() throws Exception {
        subscription.close();
        Instant deadline = Instant.now().plusSeconds(5);
        while (standIn.openSockets() > 0 && Instant.now().isBefore(deadline)) Thread.sleep(20);

        assertThat(standIn.openSockets()).isZero();
        subscription = () -> {};
    }

    private boolean awaitPaid(PaymentHash hash) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            InvoiceUpdate u = heard.poll(100, TimeUnit.MILLISECONDS);
            if (u != null && u.paymentHash().equals(hash) && u.status() == InvoiceStatus.PAID) return true;
        }
        return false;
    }

    private void awaitSockets(int opened) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (standIn.socketsOpened() >= opened && standIn.openSockets() > 0) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the websocket did not open");
    }
}
