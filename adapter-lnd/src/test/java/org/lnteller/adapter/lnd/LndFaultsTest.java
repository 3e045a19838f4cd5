package org.lnteller.adapter.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.lnd.fake.FakeLnd;
import org.lnteller.adapter.lnd.fake.FakeLnd.Fault;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.model.Satoshi;

/** What the adapter makes of a node that misbehaves: lost answers, cut streams, 5xx, timeouts, restarts, refusals at start. */
class LndFaultsTest {
    private FakeLnd fake;
    private LndBackend backend;

    @BeforeEach
    void start() throws Exception {
        fake = FakeLnd.start(Network.MAINNET, 100_000);
        backend = TestLnd.backend(TestLnd.settings(fake));
    }

    @AfterEach
    void stop() {
        backend.close();
        fake.close();
        assertThat(fake.violations()).as("requests outside lnd's swagger").isEmpty();
    }

    private PaymentRequest customer(long sat) {
        FakeLnd.Foreign f = fake.foreignInvoice(Optional.of(sat * 1000), Duration.ofHours(1));
        return new PaymentRequest(
                Bolt11.decode(f.bolt11()), Optional.empty(), Satoshi.of(100).toMilliSatoshi());
    }

    @Test
    void aPaymentWhoseAnswerIsLostIsUnknownAndReconcilesAsPaidWithoutASecondPayment() {
        PaymentRequest request = customer(5_000);
        fake.inject("/v2/router/send", 1, new Fault.DropAfterActing());

        PaymentOutcome outcome = backend.pay(request);

        assertThat(outcome).isInstanceOf(PaymentOutcome.Unknown.class);
        assertThat(backend.paymentStatus(request.paymentHash())).isInstanceOf(OutgoingStatus.Succeeded.class);
        PaymentOutcome again = backend.pay(request);
        assertThat(again).isInstanceOf(PaymentOutcome.Succeeded.class);
        assertThat(((PaymentOutcome.Succeeded) again).alreadyPaid()).isTrue();
        assertThat(fake.sends().get(request.paymentHash().hex())).isEqualTo(1);
    }

    @Test
    void aStreamThatClosesMidPaymentIsPendingNeverFailed() throws Exception {
        PaymentRequest request = customer(5_000);
        fake.settleDelay(Duration.ofMillis(300));
        fake.inject("/v2/router/send", 1, new Fault.CloseStreamMidPayment());

        PaymentOutcome outcome = backend.pay(request);

        assertThat(outcome).isInstanceOf(PaymentOutcome.Pending.class);
        Thread.sleep(600);
        assertThat(backend.paymentStatus(request.paymentHash())).isInstanceOf(OutgoingStatus.Succeeded.class);
    }

    @Test
    void aPaymentStillInFlightWhenTheWaitEndsIsPendingAndARepeatIsRefusedAsInFlight() {
        PaymentRequest request = customer(5_000);
        fake.settleDelay(Duration.ofSeconds(5));

        PaymentOutcome outcome = backend.pay(request);
        PaymentOutcome repeat = backend.pay(request);

        assertThat(outcome).isInstanceOf(PaymentOutcome.Pending.class);
        assertThat(repeat)
                .as("'payment is in transition' is in flight, not a failure")
                .isInstanceOf(PaymentOutcome.Pending.class);
        assertThat(backend.paymentStatus(request.paymentHash())).isInstanceOf(OutgoingStatus.Pending.class);
    }

    @Test
    void aSendAnsweredTooLateIsUnknown() {
        PaymentRequest request = customer(5_000);
        fake.inject("/v2/router/send", 1, new Fault.AnswerLate(Duration.ofSeconds(5)));

        assertThat(backend.pay(request)).isInstanceOf(PaymentOutcome.Unknown.class);
    }

    @Test
    void aSendAnswered500WithoutLndsBodyIsUnknownNotFailed() {
        PaymentRequest request = customer(5_000);
        fake.inject("/v2/router/send", 1, new Fault.Http500());

        assertThat(backend.pay(request)).isInstanceOf(PaymentOutcome.Unknown.class);
    }

    @Test
    void readsAreRetriedAfterA5xxAndATimeout() {
        fake.inject("/v1/balance/channels", 1, new Fault.Http500());
        fake.inject("/v1/invoice/", 1, new Fault.AnswerLate(Duration.ofSeconds(4)));
        CreatedInvoice invoice = backend.createInvoice(Satoshi.of(1_000), Duration.ofMinutes(5), "retry");

        assertThat(backend.balance().available().msat()).isEqualTo(100_000_000L);
        assertThat(backend.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
    }

    @Test
    void aNodeThatRestartsIsReadAgainAndItsInvoiceStreamCatchesUpOnWhatSettledMeanwhile() throws Exception {
        BlockingQueue<InvoiceUpdate> heard = new LinkedBlockingQueue<>();
        AutoCloseable subscription = backend.subscribeInvoiceUpdates(heard::add).orElseThrow();
        // an invoice settled before the stream is first open is the invoice monitor's to find, not
        // the stream's (lnd replays nothing for settle_index 0): wait for the stream, then pay
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backend.streamConnects() < 1 && System.nanoTime() < deadline) Thread.sleep(20);
        CreatedInvoice first = backend.createInvoice(Satoshi.of(1_000), Duration.ofMinutes(5), "before");
        fake.payInvoice(first.paymentHash());
        assertThat(heard.poll(5, TimeUnit.SECONDS))
                .isEqualTo(new InvoiceUpdate(first.paymentHash(), InvoiceStatus.PAID));
        CreatedInvoice second = backend.createInvoice(Satoshi.of(1_000), Duration.ofMinutes(5), "while down");

        fake.restart(Duration.ofMillis(200));
        fake.payInvoice(second.paymentHash()); // settled before the adapter's stream is back

        assertThat(heard.poll(10, TimeUnit.SECONDS))
                .isEqualTo(new InvoiceUpdate(second.paymentHash(), InvoiceStatus.PAID));
        assertThat(backend.streamConnects()).isGreaterThanOrEqualTo(2);
        assertThat(backend.invoiceStatus(second.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        subscription.close();
    }

    @Test
    void aNodeOnAnotherNetworkIsRefusedAtStart() {
        fake.answerNetwork("testnet");

        assertThatThrownBy(() -> new LndBackend(TestLnd.settings(fake)).verifyNode())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is on 'testnet', not mainnet");
    }

    @Test
    void aWrongMacaroonIsRefusedAtStartWithoutShowingIt() {
        String wrong = "0201036c6e64" + "ab".repeat(40);
        LndSettings settings = TestLnd.settings(fake);
        LndSettings bad = settings.toBuilder().macaroonHex(wrong).readRetries(0).build();

        assertThatThrownBy(() -> new LndBackend(bad).verifyNode())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("verification failed")
                .hasMessageNotContaining(wrong);
    }

    @Test
    void aNodeWithAnotherCertificateIsRefusedAtStart() {
        LndSettings settings = TestLnd.settings(fake);
        LndSettings otherPin =
                settings.toBuilder().certSha256(new byte[32]).readRetries(0).build();

        assertThatThrownBy(() -> new LndBackend(otherPin).verifyNode())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot check the LND node")
                .hasMessageContaining("TLS");
        assertThat(fake.seenMacaroons())
                .as("no macaroon was sent to a node that is not the pinned one")
                .hasSize(1); // only the good backend of @BeforeEach
    }

    @Test
    void theCertificatePinIsReadFromTheNodesTlsCertFile() throws Exception {
        assertThat(LndSettings.certificatePin(fake.certificate().pemFile()))
                .isEqualTo(fake.certificate().sha256());
        assertThat(LndSettings.parsePin(java.util.HexFormat.ofDelimiter(":")
                        .formatHex(fake.certificate().sha256())))
                .isEqualTo(fake.certificate().sha256());
    }

    @Test
    void settingsRefuseAPlainHttpUrl() {
        assertThatThrownBy(() ->
                        LndSettings.of(URI.create("http://127.0.0.1:8080"), "abcd", new byte[32], Network.MAINNET))
                .hasMessageContaining("https");
    }
}
