package org.lnteller.ports.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.ports.lightning.InMemoryLightningBackend.Operation;
import org.lnteller.ports.lightning.InMemoryLightningBackend.PayFault;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;

class InMemoryLightningBackendTest extends LightningBackendContract {

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T12:00:00Z"));
    private InMemoryLightningBackend backend;

    @Override
    protected LightningBackend newBackend(Satoshi startingBalance) {
        backend = new InMemoryLightningBackend(clock, new Random(42));
        backend.fund(startingBalance);
        return backend;
    }

    @Override
    protected void payFromOutside(CreatedInvoice invoice) {
        backend.payFromOutside(invoice.paymentHash());
    }

    @Override
    protected void expire(CreatedInvoice invoice) {
        clock.advance(Duration.between(clock.instant(), invoice.expiresAt()));
    }

    @Override
    protected ForeignInvoice invoiceFromElsewhere(Optional<Satoshi> amount) {
        return backend.foreignInvoice(
                amount.map(Satoshi::toMilliSatoshi), InMemoryLightningBackend.DEFAULT_FOREIGN_EXPIRY);
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected Duration expiryTolerance() {
        return Duration.ZERO;
    }

    private InMemoryLightningBackend funded() {
        newBackend(FUNDS);
        return backend;
    }

    private PaymentRequest request(ForeignInvoice invoice) {
        return invoice.toRequest(maxFee());
    }

    @Nested
    class Ledger {
        @Test
        void anInvoiceIsPayableUntilTheLastInstantBeforeItsExpiry() {
            InMemoryLightningBackend wallet = funded();
            CreatedInvoice invoice = wallet.createInvoice(PRICE, EXPIRY, "cash-out");

            clock.advance(EXPIRY.minusNanos(1));
            assertThat(wallet.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
            clock.advance(Duration.ofNanos(1));
            assertThat(wallet.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.EXPIRED);
        }

        @Test
        void nobodyCanPayAnExpiredInvoice() {
            InMemoryLightningBackend wallet = funded();
            CreatedInvoice invoice = wallet.createInvoice(PRICE, EXPIRY, "cash-out");
            wallet.expire(invoice.paymentHash());

            assertThatThrownBy(() -> wallet.payFromOutside(invoice.paymentHash()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("EXPIRED");
            assertThat(wallet.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        }

        @Test
        void aPaidInvoiceCannotBePaidAgainNorExpire() {
            InMemoryLightningBackend wallet = funded();
            CreatedInvoice invoice = wallet.createInvoice(PRICE, EXPIRY, "cash-out");
            wallet.payFromOutside(invoice.paymentHash());

            assertThatThrownBy(() -> wallet.payFromOutside(invoice.paymentHash()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> wallet.expire(invoice.paymentHash())).isInstanceOf(IllegalStateException.class);
            clock.advance(EXPIRY.multipliedBy(2));
            assertThat(wallet.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        }

        @Test
        void anInvoiceForNothingOrForLessThanASecondIsNotIssued() {
            InMemoryLightningBackend wallet = funded();

            assertThatThrownBy(() -> wallet.createInvoice(Satoshi.ZERO, EXPIRY, "free"))
                    .isInstanceOfSatisfying(
                            UnableToCreateInvoice.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT));
            assertThatThrownBy(() -> wallet.createInvoice(PRICE, Duration.ofMillis(999), "hurry"))
                    .isInstanceOfSatisfying(
                            UnableToCreateInvoice.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT));
        }

        @Test
        void theInvoiceIsRegtestBolt11SignedByTheWalletsNode() {
            InMemoryLightningBackend wallet = funded();
            CreatedInvoice invoice = wallet.createInvoice(PRICE, EXPIRY, "cash-out");

            Bolt11Invoice decoded = Bolt11.decode(invoice.bolt11());
            assertThat(decoded.network()).isEqualTo(Network.REGTEST);
            assertThat(decoded.amountMsat()).hasValue(10_000_000);
            assertThat(decoded.paymentHash().hex())
                    .isEqualTo(invoice.paymentHash().hex());
            assertThat(decoded.description()).contains("cash-out");
            assertThat(decoded.payee()).isEqualTo(Bolt11.nodeIdOf(InMemoryLightningBackend.NODE_KEY));
        }

        @Test
        void theSameSeedIssuesTheSameInvoices() {
            InMemoryLightningBackend one = new InMemoryLightningBackend(clock, new Random(7));
            InMemoryLightningBackend other = new InMemoryLightningBackend(clock, new Random(7));

            assertThat(one.createInvoice(PRICE, EXPIRY, "a")).isEqualTo(other.createInvoice(PRICE, EXPIRY, "a"));
        }

        @Test
        void aPaymentOfTheWrongAmountForAnInvoiceWithOneIsRefused() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);

            PaymentOutcome outcome = wallet.pay(customer.toRequest(Optional.of(MilliSatoshi.of(9_999_000)), maxFee()));

            assertFailed(outcome, PaymentFailure.AMOUNT_INVALID);
            assertThat(wallet.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        }

        @Test
        void theSameAmountAsTheInvoiceStatesIsAccepted() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);

            assertSucceeded(wallet.pay(customer.toRequest(Optional.of(PRICE.toMilliSatoshi()), maxFee())));
        }

        @Test
        void aFeeAboveTheLimitFindsNoRouteAndDebitsNothing() {
            InMemoryLightningBackend wallet = funded();
            wallet.setRoutingFee(MilliSatoshi.of(5_000));
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);

            PaymentOutcome outcome = wallet.pay(customer.toRequest(MilliSatoshi.of(4_999)));

            assertFailed(outcome, PaymentFailure.NO_ROUTE);
            assertThat(wallet.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
            assertThat(wallet.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Failed.class);
        }

        @Test
        void aFailedPaymentMayBeTriedAgainOnceTheWalletIsFunded() {
            newBackend(Satoshi.of(1_000));
            ForeignInvoice customer = backend.foreignInvoice(PRICE);
            assertFailed(backend.pay(request(customer)), PaymentFailure.INSUFFICIENT_BALANCE);

            backend.fund(FUNDS);
            PaymentOutcome.Succeeded paid = assertSucceeded(backend.pay(request(customer)));

            assertThat(paid.alreadyPaid()).isFalse();
            assertThat(backend.receivedBy(customer.paymentHash())).contains(PRICE.toMilliSatoshi());
        }

        @Test
        void anExpiredForeignInvoiceCannotBePaid() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(Optional.of(PRICE.toMilliSatoshi()), Duration.ofMinutes(1));
            clock.advance(Duration.ofMinutes(1));

            assertFailed(wallet.pay(request(customer)), PaymentFailure.INVOICE_EXPIRED);
            assertThat(wallet.probeFee(customer.bolt11(), Optional.empty()))
                    .isEqualTo(new FeeProbe.Unroutable(PaymentFailure.INVOICE_EXPIRED, "the invoice has expired"));
        }

        @Test
        void anInvoiceOfThisWalletIsNotPaidFromIt() {
            InMemoryLightningBackend wallet = funded();
            CreatedInvoice own = wallet.createInvoice(PRICE, EXPIRY, "cash-out");

            PaymentOutcome outcome = wallet.pay(new PaymentRequest(own.invoice(), Optional.empty(), maxFee()));

            assertFailed(outcome, PaymentFailure.REFUSED);
            assertThat(wallet.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        }

        @Test
        void anInvoiceNobodyIssuedHasNoRoute() {
            InMemoryLightningBackend wallet = funded();
            Bolt11Invoice nobodys = TestInvoices.signed(unknownHash(), PRICE.toMilliSatoshi(), clock.instant(), EXPIRY);

            assertFailed(wallet.pay(new PaymentRequest(nobodys, Optional.empty(), maxFee())), PaymentFailure.NO_ROUTE);
        }

        @Test
        void probingAnInvoiceLargerThanTheBalanceSaysInsufficientBalance() {
            newBackend(Satoshi.of(1_000));

            FeeProbe probe = backend.probeFee(backend.foreignInvoice(PRICE).bolt11(), Optional.empty());

            assertThat(probe)
                    .isInstanceOfSatisfying(
                            FeeProbe.Unroutable.class,
                            u -> assertThat(u.reason()).isEqualTo(PaymentFailure.INSUFFICIENT_BALANCE));
        }

        @Test
        void thePayeeReceivesTheAmountButNotTheFee() {
            InMemoryLightningBackend wallet = funded();
            wallet.setRoutingFee(MilliSatoshi.of(2_500));
            ForeignInvoice customer = wallet.amountlessForeignInvoice();

            assertSucceeded(wallet.pay(customer.toRequest(Optional.of(MilliSatoshi.of(1_234_567)), maxFee())));

            assertThat(wallet.receivedBy(customer.paymentHash())).contains(MilliSatoshi.of(1_234_567));
            assertThat(wallet.balance().available()).isEqualTo(MilliSatoshi.of(100_000_000 - 1_234_567 - 2_500));
        }
    }

    @Nested
    class FaultInjection {
        @Test
        void theNextReadsThrowTheInjectedKindAndThenAnswerAgain() {
            InMemoryLightningBackend wallet = funded();
            CreatedInvoice invoice = wallet.createInvoice(PRICE, EXPIRY, "cash-out");
            wallet.failNext(Operation.INVOICE_STATUS, 2, Kind.TIMEOUT);

            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> wallet.invoiceStatus(invoice.paymentHash()))
                        .isInstanceOfSatisfying(
                                UnableToQueryBackend.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
            }
            assertThat(wallet.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        }

        @Test
        void everyReadCanBeMadeToFail() {
            InMemoryLightningBackend wallet = funded();
            wallet.failNext(Operation.PAYMENT_STATUS, 1, Kind.UNAVAILABLE);
            wallet.failNext(Operation.PROBE_FEE, 1, Kind.RATE_LIMITED);
            wallet.failNext(Operation.BALANCE, 1, Kind.NOT_AUTHORIZED);

            assertThatThrownBy(() -> wallet.paymentStatus(unknownHash())).isInstanceOf(UnableToQueryBackend.class);
            assertThatThrownBy(() -> wallet.probeFee("lnfake1", Optional.empty()))
                    .isInstanceOf(UnableToQueryBackend.class);
            assertThatThrownBy(wallet::balance)
                    .isInstanceOfSatisfying(
                            UnableToQueryBackend.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.NOT_AUTHORIZED));
        }

        @Test
        void aFailedCreateIssuesNoInvoice() {
            InMemoryLightningBackend wallet = funded();
            wallet.failNext(Operation.CREATE_INVOICE, 1, Kind.UNAVAILABLE);

            assertThatThrownBy(() -> wallet.createInvoice(PRICE, EXPIRY, "cash-out"))
                    .isInstanceOfSatisfying(
                            UnableToCreateInvoice.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
            CreatedInvoice next = wallet.createInvoice(PRICE, EXPIRY, "cash-out");
            assertThat(wallet.invoiceStatus(next.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        }

        @Test
        void aPayThatThrowsHasNotStartedThePayment() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);
            wallet.failNext(Operation.PAY, 1, Kind.NOT_AUTHORIZED);

            assertThatThrownBy(() -> wallet.pay(request(customer)))
                    .isExactlyInstanceOf(LightningBackendException.class)
                    .satisfies(e ->
                            assertThat(((LightningBackendException) e).kind()).isEqualTo(Kind.NOT_AUTHORIZED));
            assertThat(wallet.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.NotFound.class);
            assertThat(wallet.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        }

        @Test
        void anAnswerLostAfterPayingLeavesTheMoneyGoneAndThePaymentSucceeded() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);
            wallet.answerNextPay(1, PayFault.unknownAfterPaying());

            assertThat(wallet.pay(request(customer))).isInstanceOf(PaymentOutcome.Unknown.class);

            MilliSatoshi debited = FUNDS.toMilliSatoshi()
                    .minus(PRICE.toMilliSatoshi())
                    .minus(InMemoryLightningBackend.DEFAULT_ROUTING_FEE);
            assertThat(wallet.balance().available()).isEqualTo(debited);
            assertThat(wallet.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Succeeded.class);
            assertThat(wallet.receivedBy(customer.paymentHash())).contains(PRICE.toMilliSatoshi());
            // Whoever pays again anyway is told it was paid, and pays nothing more.
            assertThat(assertSucceeded(wallet.pay(request(customer))).alreadyPaid())
                    .isTrue();
            assertThat(wallet.balance().available()).isEqualTo(debited);
        }

        @Test
        void anAnswerLostBeforePayingLeavesNoPayment() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);
            wallet.answerNextPay(1, PayFault.unknownBeforePaying());

            assertThat(wallet.pay(request(customer))).isInstanceOf(PaymentOutcome.Unknown.class);

            assertThat(wallet.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.NotFound.class);
            assertThat(wallet.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        }

        @Test
        void aPendingPaymentHoldsTheFundsUntilItSettles() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);
            wallet.answerNextPay(1, PayFault.pending());

            assertThat(wallet.pay(request(customer))).isInstanceOf(PaymentOutcome.Pending.class);
            MilliSatoshi held = FUNDS.toMilliSatoshi()
                    .minus(PRICE.toMilliSatoshi())
                    .minus(InMemoryLightningBackend.DEFAULT_ROUTING_FEE);
            assertThat(wallet.balance().available()).isEqualTo(held);
            assertThat(wallet.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Pending.class);
            assertThat(wallet.pay(request(customer)))
                    .as("paying again while in flight")
                    .isInstanceOf(PaymentOutcome.Pending.class);
            assertThat(wallet.receivedBy(customer.paymentHash())).isEmpty();

            wallet.settlePending(customer.paymentHash());

            assertThat(wallet.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Succeeded.class);
            assertThat(wallet.balance().available()).isEqualTo(held);
            assertThat(wallet.receivedBy(customer.paymentHash())).contains(PRICE.toMilliSatoshi());
        }

        @Test
        void aPendingPaymentThatFailsGivesTheFundsBack() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);
            wallet.answerNextPay(1, PayFault.pending());
            wallet.pay(request(customer));

            wallet.failPending(customer.paymentHash(), "route timed out");

            assertThat(wallet.paymentStatus(customer.paymentHash()))
                    .isEqualTo(new OutgoingStatus.Failed("route timed out"));
            assertThat(wallet.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
            assertThatThrownBy(() -> wallet.settlePending(customer.paymentHash()))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void anInjectedRefusalMovesNothingAndReadsAsFailed() {
            InMemoryLightningBackend wallet = funded();
            ForeignInvoice customer = wallet.foreignInvoice(PRICE);
            wallet.answerNextPay(1, PayFault.failed(PaymentFailure.NO_ROUTE));

            assertFailed(wallet.pay(request(customer)), PaymentFailure.NO_ROUTE);

            assertThat(wallet.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
            assertThat(wallet.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Failed.class);
        }

        @Test
        void faultsAreUsedUpInTheOrderInjected() {
            InMemoryLightningBackend wallet = funded();
            wallet.answerNextPay(1, PayFault.unknownBeforePaying());
            wallet.failNext(Operation.PAY, 1, Kind.UNAVAILABLE);
            wallet.answerNextPay(1, PayFault.failed(PaymentFailure.REFUSED));

            assertThat(wallet.pay(request(wallet.foreignInvoice(PRICE)))).isInstanceOf(PaymentOutcome.Unknown.class);
            assertThatThrownBy(() -> wallet.pay(request(wallet.foreignInvoice(PRICE))))
                    .isInstanceOf(LightningBackendException.class);
            assertFailed(wallet.pay(request(wallet.foreignInvoice(PRICE))), PaymentFailure.REFUSED);
            assertSucceeded(wallet.pay(request(wallet.foreignInvoice(PRICE))));
        }

        @Test
        void everyCallIsCountedPerOperationIncludingFailedOnes() {
            InMemoryLightningBackend wallet = funded();
            CreatedInvoice invoice = wallet.createInvoice(PRICE, EXPIRY, "cash-out");
            wallet.failNext(Operation.INVOICE_STATUS, 1, Kind.TIMEOUT);
            assertThatThrownBy(() -> wallet.invoiceStatus(invoice.paymentHash()))
                    .isInstanceOf(UnableToQueryBackend.class);
            wallet.invoiceStatus(invoice.paymentHash());
            wallet.invoiceStatus(invoice.paymentHash());
            wallet.pay(request(wallet.foreignInvoice(PRICE)));

            assertThat(wallet.calls(Operation.CREATE_INVOICE)).isEqualTo(1);
            assertThat(wallet.calls(Operation.INVOICE_STATUS)).isEqualTo(3);
            assertThat(wallet.calls(Operation.PAY)).isEqualTo(1);
            assertThat(wallet.calls(Operation.PAYMENT_STATUS)).isZero();

            wallet.resetCalls();
            assertThat(wallet.calls(Operation.INVOICE_STATUS)).isZero();
        }
    }

    @Nested
    class Push {
        @Test
        void subscribersHearOfPaymentsAndExpiriesUntilTheyUnsubscribe() throws Exception {
            InMemoryLightningBackend wallet = funded();
            List<InvoiceUpdate> heard = new ArrayList<>();
            AutoCloseable subscription =
                    wallet.subscribeInvoiceUpdates(heard::add).orElseThrow();
            CreatedInvoice paid = wallet.createInvoice(PRICE, EXPIRY, "paid");
            CreatedInvoice forced = wallet.createInvoice(PRICE, EXPIRY, "expired by hand");
            CreatedInvoice late = wallet.createInvoice(PRICE, Duration.ofMinutes(1), "expired by the clock");

            wallet.payFromOutside(paid.paymentHash());
            wallet.expire(forced.paymentHash());
            clock.advance(Duration.ofMinutes(1));
            assertThat(wallet.expireDue()).containsExactly(late.paymentHash());
            assertThat(wallet.expireDue()).as("pushed once").isEmpty();
            subscription.close();
            wallet.payFromOutside(wallet.createInvoice(PRICE, EXPIRY, "after").paymentHash());

            assertThat(heard)
                    .containsExactly(
                            new InvoiceUpdate(paid.paymentHash(), InvoiceStatus.PAID),
                            new InvoiceUpdate(forced.paymentHash(), InvoiceStatus.EXPIRED),
                            new InvoiceUpdate(late.paymentHash(), InvoiceStatus.EXPIRED));
        }

        @Test
        void aBackendWithoutPushOffersNoSubscription() {
            InMemoryLightningBackend wallet = funded();
            wallet.setPushOffered(false);

            assertThat(wallet.subscribeInvoiceUpdates(update -> {})).isEmpty();
        }

        @Test
        void aListenerThatThrowsDoesNotStopThePaymentNorOtherListeners() {
            InMemoryLightningBackend wallet = funded();
            List<InvoiceUpdate> heard = new ArrayList<>();
            wallet.subscribeInvoiceUpdates(update -> {
                throw new IllegalStateException("listener bug");
            });
            wallet.subscribeInvoiceUpdates(heard::add);
            CreatedInvoice invoice = wallet.createInvoice(PRICE, EXPIRY, "cash-out");

            wallet.payFromOutside(invoice.paymentHash());

            assertThat(wallet.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PAID);
            assertThat(heard).containsExactly(new InvoiceUpdate(invoice.paymentHash(), InvoiceStatus.PAID));
        }

        @Test
        void aListenerMayAskTheBackendAboutTheInvoiceItHeardOf() {
            InMemoryLightningBackend wallet = funded();
            List<InvoiceStatus> seen = new ArrayList<>();
            wallet.subscribeInvoiceUpdates(update -> seen.add(wallet.invoiceStatus(update.paymentHash())));
            CreatedInvoice invoice = wallet.createInvoice(PRICE, EXPIRY, "cash-out");

            wallet.payFromOutside(invoice.paymentHash());

            assertThat(seen).containsExactly(InvoiceStatus.PAID);
        }
    }

    @Nested
    class Concurrency {
        @Test
        void manyTellersPayingAtOnceDebitEachPaymentExactlyOnce() throws Exception {
            newBackend(Satoshi.of(1_000_000));
            int threads = 8;
            int each = 25;
            List<ForeignInvoice> invoices = new ArrayList<>();
            for (int i = 0; i < threads * each; i++) invoices.add(backend.foreignInvoice(Satoshi.of(100)));
            List<Callable<Integer>> tellers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int from = t * each;
                tellers.add(() -> {
                    go.await();
                    int succeeded = 0;
                    // Every teller pays its own share and tries the next teller's share too, so every invoice is raced.
                    for (int i = 0; i < each * 2; i++) {
                        ForeignInvoice invoice = invoices.get((from + i) % invoices.size());
                        if (backend.pay(request(invoice)) instanceof PaymentOutcome.Succeeded s && !s.alreadyPaid())
                            succeeded++;
                    }
                    return succeeded;
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (Callable<Integer> teller : tellers) results.add(pool.submit(teller));
                go.countDown();
                int firstPayments = 0;
                for (Future<Integer> result : results) firstPayments += result.get(30, TimeUnit.SECONDS);

                assertThat(firstPayments).isEqualTo(threads * each);
                long spent = (long) threads * each * (100_000 + InMemoryLightningBackend.DEFAULT_ROUTING_FEE.msat());
                assertThat(backend.balance().available()).isEqualTo(MilliSatoshi.of(1_000_000_000L - spent));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
