package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.FakeLedger;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.FeeProbe;
import org.lnteller.ports.lightning.ForeignInvoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendContract;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lightning.UnableToCreateInvoice;
import org.lnteller.ports.lightning.UnableToQueryBackend;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;

/** The port's contract against the fake Blink, and what this adapter adds to it. */
class GaloyBackendTest extends LightningBackendContract {
    @RegisterExtension
    static final TestBlink blink = new TestBlink();

    private final FakeBlink fake = blink.fake();
    private FakeLedger.Account account;

    @Override
    protected LightningBackend newBackend(Satoshi startingBalance) {
        return open(startingBalance);
    }

    private GaloyBackend open(Satoshi balance) {
        account = fake.ledger().newAccount(balance.sat());
        return blink.open(blink.settings(account));
    }

    @Override
    protected void payFromOutside(CreatedInvoice invoice) {
        assertThat(fake.ledger().payFromOutside(invoice.paymentHash()))
                .as("paid from outside")
                .isTrue();
    }

    @Override
    protected void expire(CreatedInvoice invoice) {
        assertThat(fake.ledger().expire(invoice.paymentHash())).as("expired").isTrue();
    }

    @Override
    protected ForeignInvoice invoiceFromElsewhere(Optional<Satoshi> amount) {
        FakeLedger.Foreign f = fake.ledger().foreignInvoice(amount.map(Satoshi::sat));
        return new ForeignInvoice(Bolt11.decode(f.bolt11()));
    }

    // ---------------------------------------------------------------- invoices

    @Test
    void anExpiryIsRoundedUpToBlinksWholeMinutesAndReadBackFromTheInvoice() {
        GaloyBackend backend = open(FUNDS);

        Instant before = Instant.now();
        CreatedInvoice invoice = backend.createInvoice(PRICE, Duration.ofSeconds(90), "cash-out");

        assertThat(invoice.expiresAt())
                .isBetween(before.plusSeconds(120 - 2), Instant.now().plusSeconds(120 + 2));
        assertThat(invoice.invoice().expiry()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anInvoiceForNothingIsRefusedBeforeAskingBlink() {
        int lnInvoiceCreateBefore = fake.calls("LnInvoiceCreate");
        GaloyBackend backend = open(FUNDS);

        assertThatThrownBy(() -> backend.createInvoice(Satoshi.ZERO, EXPIRY, "nothing"))
                .isInstanceOfSatisfying(
                        UnableToCreateInvoice.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT));
        assertThat(fake.calls("LnInvoiceCreate")).isEqualTo(lnInvoiceCreateBefore);
    }

    @Test
    void anInvoiceBlinkRefusesIsUnableToCreateInvoiceWithBlinksReason() {
        GaloyBackend backend = open(FUNDS);
        fake.inject(
                "LnInvoiceCreate",
                1,
                new org.lnteller.adapter.galoy.fake.Fault.PayloadError("INVALID_INPUT", "Memo is too long", null));

        assertThatThrownBy(() -> backend.createInvoice(PRICE, EXPIRY, "cash-out"))
                .isInstanceOfSatisfying(
                        UnableToCreateInvoice.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining("Memo is too long");
    }

    // ---------------------------------------------------------------- payments

    @Test
    void aPaymentWhoseProbedFeeExceedsTheLimitIsNeverSent() {
        int lnInvoicePaymentSendBefore = fake.calls("LnInvoicePaymentSend");
        GaloyBackend backend = open(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.of(PRICE));

        PaymentOutcome outcome = backend.pay(customer.toRequest(MilliSatoshi.of(1_000)));

        assertFailed(outcome, PaymentFailure.NO_ROUTE);
        assertThat(((PaymentOutcome.Failed) outcome).message()).contains("fee limit");
        assertThat(fake.calls("LnInvoicePaymentSend")).isEqualTo(lnInvoicePaymentSendBefore);
        assertThat(backend.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
    }

    @Test
    void anAmountThatContradictsTheInvoiceIsRefusedUnsent() {
        int lnInvoicePaymentSendBefore = fake.calls("LnInvoicePaymentSend");
        GaloyBackend backend = open(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.of(PRICE));

        assertFailed(
                backend.pay(customer.toRequest(Optional.of(MilliSatoshi.of(5_000_000)), maxFee())),
                PaymentFailure.AMOUNT_INVALID);
        assertThat(fake.calls("LnInvoicePaymentSend")).isEqualTo(lnInvoicePaymentSendBefore);
    }

    @Test
    void anAmountlessInvoiceIsPaidWithTheNoAmountMutationInWholeSatoshis() {
        GaloyBackend backend = open(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.empty());
        int before = fake.calls("LnNoAmountInvoicePaymentSend");

        assertFailed(
                backend.pay(customer.toRequest(Optional.of(MilliSatoshi.of(10_000_500)), maxFee())),
                PaymentFailure.AMOUNT_INVALID);
        assertSucceeded(backend.pay(customer.toRequest(Optional.of(PRICE.toMilliSatoshi()), maxFee())));

        assertThat(fake.calls("LnNoAmountInvoicePaymentSend")).isEqualTo(before + 1);
    }

    @Test
    void aPaymentLeftInFlightIsPendingUntilBlinkSettlesIt() {
        int lnInvoicePaymentSendBefore = fake.calls("LnInvoicePaymentSend");
        GaloyBackend backend = open(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.of(PRICE));
        fake.ledger().holdNextPayments(1);

        assertThat(backend.pay(customer.toRequest(maxFee()))).isInstanceOf(PaymentOutcome.Pending.class);
        assertThat(backend.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Pending.class);

        fake.ledger().settleHeld(customer.paymentHash());

        OutgoingStatus settled = backend.paymentStatus(customer.paymentHash());
        assertThat(settled).isInstanceOf(OutgoingStatus.Succeeded.class);
        assertThat(fake.calls("LnInvoicePaymentSend")).isEqualTo(lnInvoicePaymentSendBefore + 1);
    }

    @Test
    void anInvoiceOfAnotherBlinkWalletIsPaidInsideBlinkWhereNoPreimageIsReported() {
        GaloyBackend payee = open(FUNDS);
        CreatedInvoice invoice = payee.createInvoice(PRICE, EXPIRY, "between Blink wallets");
        GaloyBackend payer = open(FUNDS);

        PaymentOutcome.Succeeded paid =
                assertSucceeded(payer.pay(new PaymentRequest(invoice.invoice(), Optional.empty(), maxFee())));

        assertThat(paid.preimage()).isEmpty();
        assertThat(paid.fee()).isEqualTo(MilliSatoshi.ZERO);
        assertThat(payee.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(payee.balance().available()).isEqualTo(FUNDS.plus(PRICE).toMilliSatoshi());
    }

    @Test
    void anInvoiceAlreadyPaidFromElsewhereIsNotTakenForThisWalletsPayment() {
        GaloyBackend payee = open(FUNDS);
        CreatedInvoice invoice = payee.createInvoice(PRICE, EXPIRY, "paid by someone else");
        payFromOutside(invoice);
        GaloyBackend payer = open(FUNDS);

        PaymentOutcome outcome = payer.pay(new PaymentRequest(invoice.invoice(), Optional.empty(), maxFee()));

        assertFailed(outcome, PaymentFailure.REFUSED);
        assertThat(payer.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
    }

    // ---------------------------------------------------------------- probes and balance

    @Test
    void theSeedsThreeProbeLimitsProbedInParallelAnswerWhichAreRoutable() throws Exception {
        GaloyBackend backend = open(Satoshi.of(5_000_000));
        fake.ledger().setMaxRoutable(1_500_000);
        ForeignInvoice destination = invoiceFromElsewhere(Optional.empty());
        int before = fake.calls("LnNoAmountInvoiceFeeProbe");
        List<Satoshi> limits = List.of(Satoshi.of(200_000), Satoshi.of(1_000_000), Satoshi.of(2_000_000));
        ExecutorService pool = Executors.newFixedThreadPool(limits.size());
        try {
            List<Future<FeeProbe>> probes = new ArrayList<>();
            for (Satoshi limit : limits) {
                probes.add(
                        pool.submit(() -> backend.probeFee(destination.bolt11(), Optional.of(limit.toMilliSatoshi()))));
            }

            assertThat(probes.get(0).get(5, TimeUnit.SECONDS)).isInstanceOf(FeeProbe.Routable.class);
            assertThat(probes.get(1).get(5, TimeUnit.SECONDS)).isInstanceOf(FeeProbe.Routable.class);
            assertThat(probes.get(2).get(5, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            FeeProbe.Unroutable.class,
                            u -> assertThat(u.reason()).isEqualTo(PaymentFailure.NO_ROUTE));
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.calls("LnNoAmountInvoiceFeeProbe")).isEqualTo(before + 3);
    }

    @Test
    void aProbeOfTextThatIsNoInvoiceIsUnroutableWithoutAskingBlink() {
        int lnInvoiceFeeProbeBefore = fake.calls("LnInvoiceFeeProbe");
        GaloyBackend backend = open(FUNDS);

        assertThat(backend.probeFee("lnbc1notaninvoice", Optional.empty()))
                .isInstanceOfSatisfying(
                        FeeProbe.Unroutable.class,
                        u -> assertThat(u.reason()).isEqualTo(PaymentFailure.INVALID_INVOICE));
        assertThat(fake.calls("LnInvoiceFeeProbe")).isEqualTo(lnInvoiceFeeProbeBefore);
    }

    @Test
    void aWalletThatIsNotTheAccountsBtcWalletIsRefusedClearly() {
        open(FUNDS);
        GaloyBackend usd = blink.open(new GaloySettings(
                fake.endpoint(),
                fake.wsEndpoint(),
                account.apiKey(),
                account.usdWalletId(),
                TestBlink.CALL_TIMEOUT,
                Duration.ofSeconds(1),
                0,
                Duration.ofMillis(10),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofSeconds(5)));
        GaloyBackend stranger =
                blink.open(blink.settings(account).withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)));

        assertThatThrownBy(usd::balance)
                .isInstanceOfSatisfying(
                        UnableToQueryBackend.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining("USD wallet");
    }
}
