package org.lnteller.adapter.phoenixd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.phoenixd.standin.Fault;
import org.lnteller.adapter.phoenixd.standin.PhoenixdStandIn;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;

/**
 * What the adapter answers when phoenixd or the network misbehaves: never a failure (refundable)
 * for a payment that may have been made, never a second payment.
 */
class PhoenixdFaultsTest {
    private static final MilliSatoshi MAX_FEE = Satoshi.of(1_000).toMilliSatoshi();
    private PhoenixdStandIn standIn;
    private PhoenixdBackend backend;

    @BeforeEach
    void start() {
        standIn = PhoenixdStandIn.start(1_000_000);
        backend = new PhoenixdBackend(TestPhoenixd.settings(standIn)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(800)));
    }

    @AfterEach
    void stop() {
        backend.close();
        assertThat(standIn.violations()).as("calls phoenixd would refuse").isEmpty();
        standIn.close();
    }

    private PaymentRequest customer(long sat) {
        PhoenixdStandIn.Foreign f = standIn.foreignInvoice(Optional.of(sat));
        return new PaymentRequest(Bolt11.decode(f.bolt11()), Optional.empty(), MAX_FEE);
    }

    @Test
    void anAnswerLostAfterThePaymentWasMadeIsUnknownAndReconcilesToSucceededWithoutPayingAgain() {
        PaymentRequest request = customer(20_000);
        standIn.inject("payinvoice", 1, new Fault.LostAnswer());

        PaymentOutcome outcome = backend.pay(request);

        assertThat(outcome).isInstanceOf(PaymentOutcome.Unknown.class);
        assertThat(backend.paymentStatus(request.paymentHash())).isInstanceOf(OutgoingStatus.Succeeded.class);
        PaymentOutcome again = backend.pay(request);
        assertThat(again).isInstanceOf(PaymentOutcome.Succeeded.class);
        assertThat(((PaymentOutcome.Succeeded) again).alreadyPaid()).isTrue();
        assertThat(standIn.sends()).containsEntry(request.paymentHash().hex(), 1);
        assertThat(standIn.calls("payinvoice"))
                .as("a repeat is answered from outgoingbyhash, not sent")
                .isEqualTo(1);
    }

    @Test
    void aConnectionClosedMidPaymentIsUnknownThenPendingThenSucceeded() throws Exception {
        PaymentRequest request = customer(20_000);
        standIn.inject("payinvoice", 1, new Fault.ClosedMidPayment(Duration.ofMillis(700)));

        PaymentOutcome outcome = backend.pay(request);

        assertThat(outcome).isInstanceOf(PaymentOutcome.Unknown.class);
        assertThat(backend.paymentStatus(request.paymentHash())).isInstanceOf(OutgoingStatus.Pending.class);
        assertThat(backend.pay(request)).as("paying again while in flight").isInstanceOf(PaymentOutcome.Pending.class);
        awaitSucceeded(request);
        assertThat(standIn.sends()).containsEntry(request.paymentHash().hex(), 1);
    }

    @Test
    void aServerErrorOnPayinvoiceIsUnknownNeverFailed() {
        PaymentRequest request = customer(20_000);
        standIn.inject("payinvoice", 1, new Fault.Status(500));

        PaymentOutcome outcome = backend.pay(request);

        assertThat(outcome).isInstanceOf(PaymentOutcome.Unknown.class);
        assertThat(backend.paymentStatus(request.paymentHash())).isInstanceOf(OutgoingStatus.NotFound.class);
    }

    @Test
    void aPaymentSlowerThanTheWaitIsUnknownAndSettlesLater() throws Exception {
        PaymentRequest request = customer(20_000);
        standIn.inject("payinvoice", 1, new Fault.Slow(Duration.ofMillis(1_500)));

        Instant before = Instant.now();
        PaymentOutcome outcome = backend.pay(request);

        assertThat(Duration.between(before, Instant.now()))
                .as("bounded by the pay wait")
                .isLessThan(Duration.ofMillis(1_400));
        assertThat(outcome).isInstanceOf(PaymentOutcome.Unknown.class);
        awaitSucceeded(request);
        assertThat(standIn.sends()).containsEntry(request.paymentHash().hex(), 1);
    }

    /**
     * The race the pre-check cannot close: this instance reads "no payment" just before another
     * payinvoice of the same hash starts, so phoenixd refuses ours with HTTP 200 and a reason, the
     * shape of a failed payment. It must read as in flight, never as failed (refundable).
     */
    @Test
    void phoenixdsRefusalOfAHashInFlightIsPendingNotFailed() throws Exception {
        PaymentRequest request = customer(20_000);
        PhoenixdBackend other = new PhoenixdBackend(TestPhoenixd.settings(standIn)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        // our pre-check's answer is computed at once and delivered 600 ms late
        standIn.inject("payments/outgoingbyhash", 1, new Fault.Slow(Duration.ofMillis(600)));
        CompletableFuture<PaymentOutcome> ours = CompletableFuture.supplyAsync(() -> backend.pay(request));
        Thread.sleep(200);
        // meanwhile another payment of the same hash starts and stays in flight for a while
        standIn.inject("payinvoice", 1, new Fault.Slow(Duration.ofMillis(1_500)));
        CompletableFuture<PaymentOutcome> theirs = CompletableFuture.supplyAsync(() -> other.pay(request));

        PaymentOutcome outcome = ours.get(10, TimeUnit.SECONDS);

        assertThat(standIn.calls("payinvoice")).as("both sent").isEqualTo(2);
        assertThat(outcome).isInstanceOf(PaymentOutcome.Pending.class);
        assertThat(theirs.get(10, TimeUnit.SECONDS)).isInstanceOf(PaymentOutcome.Succeeded.class);
        assertThat(standIn.sends()).containsEntry(request.paymentHash().hex(), 1);
        other.close();
    }

    @Test
    void aPaymentThatFailedIsFailedWithItsReasonAndNothingIsDebited() {
        PhoenixdStandIn.Foreign big = standIn.foreignInvoice(Optional.of(5_000_000L));
        long before = standIn.balanceMsat();

        PaymentOutcome outcome = backend.pay(new PaymentRequest(
                Bolt11.decode(big.bolt11()),
                Optional.empty(),
                Satoshi.of(100_000).toMilliSatoshi()));

        assertThat(outcome).isInstanceOf(PaymentOutcome.Failed.class);
        assertThat(((PaymentOutcome.Failed) outcome).reason()).isEqualTo(PaymentFailure.INSUFFICIENT_BALANCE);
        assertThat(backend.paymentStatus(big.paymentHash())).isInstanceOf(OutgoingStatus.Failed.class);
        assertThat(standIn.balanceMsat()).isEqualTo(before);
    }

    @Test
    void aNodeRestartIsRiddenOutByTheReadRetries() throws Exception {
        var invoice = backend.createInvoice(Satoshi.of(5_000), Duration.ofMinutes(10), "restart");
        PhoenixdBackend patient =
                new PhoenixdBackend(TestPhoenixd.settings(standIn).withRetries(8, Duration.ofMillis(100)));
        Thread restart = new Thread(() -> {
            try {
                standIn.restart(Duration.ofMillis(600));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        restart.start();
        Thread.sleep(100);

        assertThat(patient.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        restart.join();
        patient.close();
    }

    @Test
    void anUnreachableNodeIsAnErrorOnReadsAndNothingIsSent() {
        PhoenixdBackend nowhere =
                new PhoenixdBackend(PhoenixdSettings.of(java.net.URI.create("http://127.0.0.1:9"), "x")
                        .withRetries(1, Duration.ofMillis(5)));
        PaymentRequest request = customer(1_000);

        Throwable read = catchThrowable(nowhere::balance);
        Throwable pay = catchThrowable(() -> nowhere.pay(request));

        assertThat(read).isInstanceOf(LightningBackendException.class);
        assertThat(((LightningBackendException) read).kind()).isIn(Kind.UNAVAILABLE, Kind.TIMEOUT);
        assertThat(pay).as("the pre-check failed: certainly not sent").isInstanceOf(LightningBackendException.class);
        assertThat(standIn.calls("payinvoice")).isZero();
        nowhere.close();
    }

    @Test
    void aWrongPasswordIsNotAuthorized() {
        PhoenixdBackend wrong = new PhoenixdBackend(PhoenixdSettings.of(standIn.url(), "not-the-password"));

        Throwable t = catchThrowable(wrong::balance);

        assertThat(t).isInstanceOf(LightningBackendException.class);
        assertThat(((LightningBackendException) t).kind()).isEqualTo(LightningBackendException.Kind.NOT_AUTHORIZED);
        wrong.close();
    }

    private void awaitSucceeded(PaymentRequest request) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (backend.paymentStatus(request.paymentHash()) instanceof OutgoingStatus.Succeeded) return;
            Thread.sleep(50);
        }
        throw new AssertionError("not settled: " + request.paymentHash());
    }
}
