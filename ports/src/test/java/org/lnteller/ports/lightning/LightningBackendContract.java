package org.lnteller.ports.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;

/**
 * What every {@link LightningBackend} promises, whatever wallet sits behind it. An adapter's test
 * extends this class and implements the factory and the hooks that play the world outside the
 * wallet (a payer, the passing of time, another wallet's invoices).
 *
 * <p>Each test calls {@link #newBackend} once, first; the hooks act on the wallet made by the
 * latest call. Amounts are whole satoshis so that backends counting in sats can pass.
 */
public abstract class LightningBackendContract {

    /** What a fresh wallet holds in most tests: enough for every payment the contract makes. */
    protected static final Satoshi FUNDS = Satoshi.of(100_000);

    protected static final Satoshi PRICE = Satoshi.of(10_000);
    protected static final Duration EXPIRY = Duration.ofMinutes(10);

    /** A fresh wallet, holding {@code startingBalance}, that has issued and paid nothing. */
    protected abstract LightningBackend newBackend(Satoshi startingBalance);

    /** Someone outside pays {@code invoice}, which the wallet under test issued. Returns once it is paid. */
    protected abstract void payFromOutside(CreatedInvoice invoice);

    /** Lets {@code invoice}, unpaid, pass its expiry (by moving a clock or telling the fake server). */
    protected abstract void expire(CreatedInvoice invoice);

    /** An invoice of another wallet that the wallet under test can route to; empty amount for amount-less. */
    protected abstract ForeignInvoice invoiceFromElsewhere(Optional<Satoshi> amount);

    /** The time the backend issues invoices by. Override when the backend runs on a test clock. */
    protected Instant now() {
        return Instant.now();
    }

    /** How far an invoice's expiry may stray from now + requested duration (BOLT11 counts whole seconds). */
    protected Duration expiryTolerance() {
        return Duration.ofSeconds(2);
    }

    /** How long to wait for a pushed update. */
    protected Duration pushTimeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * Whether this backend reports the preimage of a payment it made. Blink does not for payments
     * that stay inside Blink; such an adapter overrides this with false.
     */
    protected boolean reportsPreimages() {
        return true;
    }

    /** A reported preimage must be the payment's: its SHA-256 is the payment hash. */
    protected void assertPreimageOf(Optional<Preimage> preimage, ForeignInvoice invoice) {
        if (reportsPreimages()) assertThat(preimage).as("preimage").isPresent();
        preimage.ifPresent(
                p -> assertThat(p.paymentHash()).as("SHA-256 of the preimage").isEqualTo(invoice.paymentHash()));
    }

    /** The fee limit the contract pays with: generous, so no payment fails for its fee. */
    protected MilliSatoshi maxFee() {
        return Satoshi.of(1_000).toMilliSatoshi();
    }

    // ---------------------------------------------------------------- incoming

    @Test
    public void aNewInvoiceIsForTheRequestedAmountAndExpiresAfterTheRequestedTime() {
        LightningBackend backend = newBackend(FUNDS);

        Instant before = now();
        CreatedInvoice invoice = backend.createInvoice(PRICE, EXPIRY, "cash-out 10000 sat");
        Instant after = now();

        assertThat(invoice.amount()).isEqualTo(PRICE.toMilliSatoshi());
        assertThat(invoice.bolt11()).isNotBlank();
        assertThat(invoice.expiresAt())
                .isAfter(after)
                .isBetween(
                        before.plus(EXPIRY).minus(expiryTolerance()),
                        after.plus(EXPIRY).plus(expiryTolerance()));
    }

    @Test
    public void everyInvoiceHasItsOwnPaymentHash() {
        LightningBackend backend = newBackend(FUNDS);

        CreatedInvoice first = backend.createInvoice(PRICE, EXPIRY, "same words");
        CreatedInvoice second = backend.createInvoice(PRICE, EXPIRY, "same words");

        assertThat(second.paymentHash()).isNotEqualTo(first.paymentHash());
        assertThat(second.bolt11()).isNotEqualTo(first.bolt11());
    }

    @Test
    public void anInvoiceIsPendingUntilSomeonePaysItAndThenPaid() {
        LightningBackend backend = newBackend(FUNDS);
        CreatedInvoice invoice = backend.createInvoice(PRICE, EXPIRY, "cash-out");

        assertThat(backend.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        payFromOutside(invoice);

        assertThat(backend.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(backend.invoiceStatus(invoice.paymentHash()))
                .as("reading twice changes nothing")
                .isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    public void anUnpaidInvoicePastItsExpiryIsExpired() {
        LightningBackend backend = newBackend(FUNDS);
        CreatedInvoice invoice = backend.createInvoice(PRICE, EXPIRY, "cash-out");

        expire(invoice);

        assertThat(backend.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.EXPIRED);
    }

    @Test
    public void anInvoiceThisWalletNeverIssuedIsNotFound() {
        LightningBackend backend = newBackend(FUNDS);
        backend.createInvoice(PRICE, EXPIRY, "another one");

        assertThat(backend.invoiceStatus(unknownHash())).isEqualTo(InvoiceStatus.NOT_FOUND);
    }

    @Test
    public void aPaidInvoiceAddsItsAmountToTheWallet() {
        LightningBackend backend = newBackend(FUNDS);
        CreatedInvoice invoice = backend.createInvoice(PRICE, EXPIRY, "cash-out");

        payFromOutside(invoice);

        Balance balance = backend.balance();
        assertThat(balance.available().plus(balance.pendingIncoming()))
                .isEqualTo(FUNDS.plus(PRICE).toMilliSatoshi());
    }

    // ---------------------------------------------------------------- outgoing

    @Test
    public void payingAnInvoiceRevealsItsPreimageAndDebitsAmountPlusFee() {
        LightningBackend backend = newBackend(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.of(PRICE));

        PaymentOutcome outcome = backend.pay(customer.toRequest(maxFee()));

        PaymentOutcome.Succeeded paid = assertSucceeded(outcome);
        assertThat(paid.alreadyPaid()).isFalse();
        assertPreimageOf(paid.preimage(), customer);
        assertThat(paid.fee()).isLessThanOrEqualTo(maxFee());
        assertThat(backend.balance().available())
                .isEqualTo(FUNDS.toMilliSatoshi().minus(PRICE.toMilliSatoshi()).minus(paid.fee()));
    }

    @Test
    public void aSettledPaymentReadsAsSucceededWithItsPreimage() {
        LightningBackend backend = newBackend(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.of(PRICE));
        PaymentOutcome.Succeeded paid = assertSucceeded(backend.pay(customer.toRequest(maxFee())));

        OutgoingStatus status = backend.paymentStatus(customer.paymentHash());

        assertThat(status).isInstanceOf(OutgoingStatus.Succeeded.class);
        OutgoingStatus.Succeeded succeeded = (OutgoingStatus.Succeeded) status;
        assertThat(succeeded.preimage()).isEqualTo(paid.preimage());
        assertThat(succeeded.fee()).isEqualTo(paid.fee());
    }

    @Test
    public void aPaymentThisWalletNeverStartedIsNotFound() {
        LightningBackend backend = newBackend(FUNDS);

        assertThat(backend.paymentStatus(unknownHash())).isInstanceOf(OutgoingStatus.NotFound.class);
    }

    @Test
    public void payingTheSameInvoiceTwiceNeverDebitsTwice() {
        LightningBackend backend = newBackend(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.of(PRICE));
        PaymentOutcome.Succeeded first = assertSucceeded(backend.pay(customer.toRequest(maxFee())));
        MilliSatoshi afterFirst = backend.balance().available();

        PaymentOutcome second = backend.pay(customer.toRequest(maxFee()));

        assertThat(second).isInstanceOfAny(PaymentOutcome.Succeeded.class, PaymentOutcome.Failed.class);
        if (second instanceof PaymentOutcome.Succeeded again) {
            assertThat(again.alreadyPaid())
                    .as("a repeat that succeeds says it was paid before")
                    .isTrue();
            assertThat(again.preimage()).isEqualTo(first.preimage());
        }
        assertThat(backend.balance().available()).isEqualTo(afterFirst);
        assertThat(afterFirst)
                .isEqualTo(FUNDS.toMilliSatoshi().minus(PRICE.toMilliSatoshi()).minus(first.fee()));
    }

    @Test
    public void aPaymentLargerThanTheBalanceFailsForInsufficientBalanceAndDebitsNothing() {
        Satoshi little = Satoshi.of(1_000);
        LightningBackend backend = newBackend(little);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.of(PRICE));

        PaymentOutcome outcome = backend.pay(customer.toRequest(maxFee()));

        assertFailed(outcome, PaymentFailure.INSUFFICIENT_BALANCE);
        assertThat(backend.balance().available()).isEqualTo(little.toMilliSatoshi());
        assertThat(backend.paymentStatus(customer.paymentHash()))
                .isInstanceOfAny(OutgoingStatus.NotFound.class, OutgoingStatus.Failed.class);
    }

    @Test
    public void anAmountlessInvoicePaidWithoutAnAmountFailsAsAmountInvalid() {
        LightningBackend backend = newBackend(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.empty());

        PaymentOutcome outcome = backend.pay(customer.toRequest(Optional.empty(), maxFee()));

        assertFailed(outcome, PaymentFailure.AMOUNT_INVALID);
        assertThat(backend.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
    }

    @Test
    public void anAmountlessInvoiceIsPaidTheAmountGiven() {
        LightningBackend backend = newBackend(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.empty());

        PaymentOutcome outcome = backend.pay(customer.toRequest(Optional.of(PRICE.toMilliSatoshi()), maxFee()));

        PaymentOutcome.Succeeded paid = assertSucceeded(outcome);
        assertPreimageOf(paid.preimage(), customer);
        assertThat(backend.balance().available())
                .isEqualTo(FUNDS.toMilliSatoshi().minus(PRICE.toMilliSatoshi()).minus(paid.fee()));
    }

    @Test
    public void textThatIsNotAnInvoiceIsUnroutableAsInvalidAndDebitsNothing() {
        LightningBackend backend = newBackend(FUNDS);

        FeeProbe probe = backend.probeFee("this is not an invoice", Optional.of(PRICE.toMilliSatoshi()));

        assertThat(probe)
                .isInstanceOfSatisfying(
                        FeeProbe.Unroutable.class,
                        u -> assertThat(u.reason()).isEqualTo(PaymentFailure.INVALID_INVOICE));
        assertThat(backend.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
    }

    @Test
    public void aPayableInvoiceIsRoutableAndProbingPaysNothing() {
        LightningBackend backend = newBackend(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.of(PRICE));

        FeeProbe probe = backend.probeFee(customer.bolt11(), Optional.empty());

        assertThat(probe).isInstanceOf(FeeProbe.Routable.class);
        assertThat(((FeeProbe.Routable) probe).fee()).isLessThanOrEqualTo(maxFee());
        assertThat(backend.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(backend.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.NotFound.class);
    }

    @Test
    public void anAmountlessInvoiceIsRoutableForTheAmountGiven() {
        LightningBackend backend = newBackend(FUNDS);
        ForeignInvoice customer = invoiceFromElsewhere(Optional.empty());

        FeeProbe probe = backend.probeFee(customer.bolt11(), Optional.of(PRICE.toMilliSatoshi()));

        assertThat(probe).isInstanceOf(FeeProbe.Routable.class);
    }

    @Test
    public void theBalanceOfAFreshWalletIsItsFundsWithNothingNegativeIncoming() {
        LightningBackend backend = newBackend(FUNDS);

        Balance balance = backend.balance();

        assertThat(balance.available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(balance.pendingIncoming().msat()).isGreaterThanOrEqualTo(0);
    }

    // ---------------------------------------------------------------- push

    @Test
    public void aSubscriberHearsThatAnInvoiceWasPaid() throws Exception {
        LightningBackend backend = newBackend(FUNDS);
        BlockingQueue<InvoiceUpdate> heard = new LinkedBlockingQueue<>();
        Optional<AutoCloseable> subscription = backend.subscribeInvoiceUpdates(heard::add);
        assumeThat(subscription).as("this backend offers push").isPresent();
        try {
            CreatedInvoice invoice = backend.createInvoice(PRICE, EXPIRY, "cash-out");

            payFromOutside(invoice);

            assertThat(awaitUpdate(heard, invoice.paymentHash(), InvoiceStatus.PAID))
                    .as("PAID pushed for " + invoice.paymentHash() + " within " + pushTimeout())
                    .isTrue();
        } finally {
            subscription.get().close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Waits for {@code status} of {@code hash}, skipping other updates (a backend may push PENDING first). */
    private boolean awaitUpdate(BlockingQueue<InvoiceUpdate> heard, PaymentHash hash, InvoiceStatus status)
            throws InterruptedException {
        long deadline = System.nanoTime() + pushTimeout().toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            InvoiceUpdate update = heard.poll(left, TimeUnit.NANOSECONDS);
            if (update == null) return false;
            if (update.paymentHash().equals(hash) && update.status() == status) return true;
        }
    }

    /** A hash no wallet issued: SHA-256 of a random preimage. */
    protected static PaymentHash unknownHash() {
        byte[] bytes = new byte[32];
        new Random().nextBytes(bytes);
        return Preimage.of(bytes).paymentHash();
    }

    protected static PaymentOutcome.Succeeded assertSucceeded(PaymentOutcome outcome) {
        assertThat(outcome).isInstanceOf(PaymentOutcome.Succeeded.class);
        return (PaymentOutcome.Succeeded) outcome;
    }

    protected static void assertFailed(PaymentOutcome outcome, PaymentFailure reason) {
        assertThat(outcome).isInstanceOf(PaymentOutcome.Failed.class);
        assertThat(((PaymentOutcome.Failed) outcome).reason()).isEqualTo(reason);
    }
}
