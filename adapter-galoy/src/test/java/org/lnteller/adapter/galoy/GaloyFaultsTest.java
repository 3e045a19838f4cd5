package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.FakeLedger;
import org.lnteller.adapter.galoy.fake.Fault;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.FeeProbe;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lightning.UnableToQueryBackend;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;

/**
 * Blink misbehaving: reads are retried after transient failures and nothing else; a payment is
 * sent once, and a send whose answer is lost is Unknown and reconciled by hash, never repeated.
 */
class GaloyFaultsTest {
    private static final Satoshi FUNDS = Satoshi.of(100_000);
    private static final Satoshi PRICE = Satoshi.of(10_000);
    private static final MilliSatoshi MAX_FEE = Satoshi.of(1_000).toMilliSatoshi();
    private static final Duration LATE = TestBlink.CALL_TIMEOUT.plusMillis(700);

    @RegisterExtension
    static final TestBlink blink = new TestBlink();

    private final FakeBlink fake = blink.fake();

    private GaloyBackend backend() {
        return blink.open(FUNDS.sat());
    }

    private PaymentRequest customer() {
        FakeLedger.Foreign f = fake.ledger().foreignInvoice(Optional.of(PRICE.sat()));
        return new PaymentRequest(Bolt11.decode(f.bolt11()), Optional.empty(), MAX_FEE);
    }

    // ---------------------------------------------------------------- reads

    @Test
    void aStatusReadThatMeetsServerErrorsIsRetriedUntilBlinkAnswers() {
        GaloyBackend backend = backend();
        CreatedInvoice invoice = backend.createInvoice(PRICE, Duration.ofMinutes(10), "cash-out");
        int before = fake.calls("LnInvoicePaymentStatusByHash");
        fake.inject("LnInvoicePaymentStatusByHash", 1, new Fault.Status(500));
        fake.inject("LnInvoicePaymentStatusByHash", 1, new Fault.Status(503));

        assertThat(backend.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assertThat(fake.calls("LnInvoicePaymentStatusByHash")).isEqualTo(before + 3);
    }

    @Test
    void aBalanceReadThatIsRateLimitedOrDroppedIsRetried() {
        GaloyBackend backend = backend();
        int before = fake.calls("Wallets");
        fake.inject("Wallets", 1, new Fault.Status(429));
        fake.inject("Wallets", 1, new Fault.TopLevelError("TOO_MANY_REQUEST", "Too many requests"));
        fake.inject("Wallets", 1, new Fault.Drop());

        assertThat(backend.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(fake.calls("Wallets")).isEqualTo(before + 4);
    }

    @Test
    void aReadThatTimesOutIsRetried() {
        GaloyBackend backend = backend();
        int before = fake.calls("Wallets");
        fake.inject("Wallets", 1, new Fault.Latency(LATE));

        assertThat(backend.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(fake.calls("Wallets")).isEqualTo(before + 2);
    }

    @Test
    void aFeeProbeThatMeetsAnOfflineNodeIsRetried() {
        GaloyBackend backend = backend();
        PaymentRequest customer = customer();
        int before = fake.calls("LnInvoiceFeeProbe");
        fake.inject("LnInvoiceFeeProbe", 1, new Fault.PayloadError("LND_OFFLINE", "lnd is offline", null));

        assertThat(backend.probeFee(customer.bolt11(), Optional.empty())).isInstanceOf(FeeProbe.Routable.class);
        assertThat(fake.calls("LnInvoiceFeeProbe")).isEqualTo(before + 2);
    }

    @Test
    void aReadThatKeepsFailingGivesUpAfterTheConfiguredRetries() {
        GaloyBackend backend = backend();
        int before = fake.calls("Wallets");
        fake.inject("Wallets", 10, new Fault.Status(503));

        assertThatThrownBy(backend::balance)
                .isInstanceOfSatisfying(
                        UnableToQueryBackend.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("4 attempts");
        assertThat(fake.calls("Wallets")).as("one try and three retries").isEqualTo(before + 4);
    }

    @Test
    void aRefusedKeyIsNotAuthorizedAndNotRetried() {
        FakeLedger.Account account = fake.ledger().newAccount(0);
        GaloyBackend backend = blink.open(new GaloySettings(
                fake.endpoint(),
                fake.wsEndpoint(),
                "blink_not-a-key-of-this-server",
                account.btcWalletId(),
                TestBlink.CALL_TIMEOUT,
                Duration.ofSeconds(1),
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofSeconds(5)));
        int before = fake.calls("Wallets");

        assertThatThrownBy(backend::balance)
                .isInstanceOfSatisfying(
                        UnableToQueryBackend.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_AUTHORIZED));
        assertThat(fake.calls("Wallets")).isEqualTo(before + 1);
    }

    @Test
    void anUnknownInvoiceIsNotFoundNotAnError() {
        GaloyBackend backend = backend();
        byte[] bytes = new byte[32];
        bytes[0] = 7;

        assertThat(backend.invoiceStatus(PaymentHash.of(bytes))).isEqualTo(InvoiceStatus.NOT_FOUND);
    }

    // ---------------------------------------------------------------- sends

    @Test
    void aSendThatTimesOutIsReportedUnknownAndNeverRepeated() {
        GaloyBackend backend = backend();
        PaymentRequest customer = customer();
        int before = fake.calls("LnInvoicePaymentSend");
        fake.inject("LnInvoicePaymentSend", 1, new Fault.AnswerLate(LATE));

        PaymentOutcome outcome = backend.pay(customer);

        assertThat(outcome).isInstanceOf(PaymentOutcome.Unknown.class);
        assertThat(fake.calls("LnInvoicePaymentSend")).as("sent exactly once").isEqualTo(before + 1);
        // the caller reconciles by hash: Blink did pay
        assertThat(backend.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Succeeded.class);
        assertThat(fake.calls("LnInvoicePaymentSend")).isEqualTo(before + 1);
    }

    @Test
    void aSendThatMeetsAServerErrorIsUnknownAndNotRepeated() {
        GaloyBackend backend = backend();
        PaymentRequest customer = customer();
        int before = fake.calls("LnInvoicePaymentSend");
        fake.inject("LnInvoicePaymentSend", 1, new Fault.Status(502));

        assertThat(backend.pay(customer)).isInstanceOf(PaymentOutcome.Unknown.class);
        assertThat(fake.calls("LnInvoicePaymentSend")).isEqualTo(before + 1);
        assertThat(backend.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.NotFound.class);
    }

    @Test
    void aSendWhoseConnectionDropsAfterPayingIsUnknownAndReconcilesAsPaidOnce() {
        GaloyBackend backend = backend();
        PaymentRequest customer = customer();
        int before = fake.calls("LnInvoicePaymentSend");
        fake.inject("LnInvoicePaymentSend", 1, new Fault.DropAfterRunning());

        assertThat(backend.pay(customer)).isInstanceOf(PaymentOutcome.Unknown.class);

        assertThat(fake.calls("LnInvoicePaymentSend")).isEqualTo(before + 1);
        OutgoingStatus status = backend.paymentStatus(customer.paymentHash());
        assertThat(status).isInstanceOf(OutgoingStatus.Succeeded.class);
        MilliSatoshi fee = ((OutgoingStatus.Succeeded) status).fee();
        assertThat(backend.balance().available())
                .isEqualTo(FUNDS.toMilliSatoshi().minus(PRICE.toMilliSatoshi()).minus(fee));
    }

    @Test
    void anErrorRaisedInsideBlinksResolverLeavesTheSendUnknown() {
        GaloyBackend backend = backend();
        fake.inject("LnInvoicePaymentSend", 1, new Fault.TopLevelError(null, "Unexpected error"));

        assertThat(backend.pay(customer())).isInstanceOf(PaymentOutcome.Unknown.class);
    }

    @Test
    void aSendRefusedAsRateLimitedWasNotSentAndSaysSo() {
        GaloyBackend backend = backend();
        PaymentRequest customer = customer();
        int before = fake.calls("LnInvoicePaymentSend");
        fake.inject("LnInvoicePaymentSend", 1, new Fault.Status(429));

        assertThatThrownBy(() -> backend.pay(customer))
                .isInstanceOfSatisfying(
                        LightningBackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
        assertThat(fake.calls("LnInvoicePaymentSend")).as("not retried").isEqualTo(before + 1);
        assertThat(backend.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.NotFound.class);
    }

    @Test
    void blinksRefusalsInThePayloadAreFailuresNamedForTheirCause() {
        GaloyBackend backend = backend();
        fake.inject(
                "LnInvoicePaymentSend",
                1,
                new Fault.PayloadError("ROUTE_FINDING_ERROR", "Unable to find a route for payment.", "FAILURE"));
        fake.inject(
                "LnInvoicePaymentSend",
                1,
                new Fault.PayloadError(
                        "LIGHTNING_PAYMENT_ERROR", "Invoice already expired, or has bad payment hash", "FAILURE"));
        fake.inject(
                "LnInvoicePaymentSend", 1, new Fault.PayloadError(null, "Something Blink does not explain", "FAILURE"));
        fake.inject(
                "LnInvoicePaymentSend",
                1,
                new Fault.PayloadError(
                        "LIGHTNING_PAYMENT_ERROR", "Payment was sent and is still in transition.", null));

        assertFailed(backend.pay(customer()), PaymentFailure.NO_ROUTE);
        assertFailed(backend.pay(customer()), PaymentFailure.INVOICE_EXPIRED);
        assertFailed(backend.pay(customer()), PaymentFailure.REFUSED);
        assertThat(backend.pay(customer())).isInstanceOf(PaymentOutcome.Pending.class);
    }

    @Test
    void aSendRefusedBecauseTheNodeIsOfflineThrowsAsNotSent() {
        GaloyBackend backend = backend();
        fake.inject("LnInvoicePaymentSend", 1, new Fault.PayloadError("LND_OFFLINE", "lnd is offline", "FAILURE"));

        assertThatThrownBy(() -> backend.pay(customer()))
                .isInstanceOfSatisfying(
                        LightningBackendException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("not sent");
    }

    @Test
    void alreadyPaidForAHashThisWalletNeverPaidIsNotTakenAsItsSuccess() {
        GaloyBackend backend = backend();
        fake.inject("LnInvoicePaymentSend", 1, new Fault.PayloadError(null, "paid", "ALREADY_PAID"));

        assertFailed(backend.pay(customer()), PaymentFailure.REFUSED);
    }

    @Test
    void aBackendThatCannotBeReachedThrowsAndNothingIsSent() {
        FakeLedger.Account account = fake.ledger().newAccount(0);
        GaloySettings nowhere = GaloySettings.builder()
                .endpoint(java.net.URI.create("http://127.0.0.1:9/graphql"))
                .wsEndpoint(java.net.URI.create("ws://127.0.0.1:9/graphql"))
                .apiKey(account.apiKey())
                .walletId(account.btcWalletId())
                .callTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofMillis(300))
                .readRetries(1)
                .retryBase(Duration.ofMillis(10))
                .retryCap(Duration.ofMillis(20))
                .wsReconnectMin(Duration.ofMillis(50))
                .wsReconnectMax(Duration.ofMillis(100))
                .build();
        GaloyBackend backend = blink.open(nowhere);

        assertThatThrownBy(() -> backend.pay(customer()))
                .isInstanceOfSatisfying(
                        LightningBackendException.class,
                        e -> assertThat(e.kind()).isIn(Kind.UNAVAILABLE, Kind.TIMEOUT));
    }

    private static void assertFailed(PaymentOutcome outcome, PaymentFailure reason) {
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        PaymentOutcome.Failed.class, f -> assertThat(f.reason()).isEqualTo(reason));
    }
}
