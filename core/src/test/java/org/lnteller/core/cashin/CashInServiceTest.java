package org.lnteller.core.cashin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.core.cashin.CashInWorld.ATM;
import static org.lnteller.core.cashin.CashInWorld.post;
import static org.lnteller.ports.tx.CashInFlags.fee;
import static org.lnteller.ports.tx.CashInFlags.preimage;
import static org.lnteller.ports.tx.CashInFlags.sendConfirmed;
import static org.lnteller.ports.tx.CashInFlags.sendPending;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.Network;
import org.lnteller.core.cashin.CashInWorld.CustomerInvoice;
import org.lnteller.core.machine.MachineService;
import org.lnteller.ports.lightning.InMemoryLightningBackend.PayFault;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.usecase.PostResult;

class CashInServiceTest {
    private final CashInWorld world = new CashInWorld();

    @AfterEach
    void close() {
        world.close();
    }

    private static CashInTransaction accepted(PostResult result) {
        assertThat(result).isInstanceOf(PostResult.Accepted.class);
        return (CashInTransaction) ((PostResult.Accepted) result).transaction();
    }

    /** Lamassu's "no answer yet" (204): the payment is in flight and the machine is to ask again. */
    private static CashInTransaction inFlight(PostResult result) {
        assertThat(result).isInstanceOf(PostResult.InFlight.class);
        return (CashInTransaction) ((PostResult.InFlight) result).transaction();
    }

    private static Rejection refused(PostResult result) {
        assertThat(result).isInstanceOf(PostResult.Refused.class);
        return ((PostResult.Refused) result).rejection();
    }

    private CashInTransaction stored(String id) {
        return (CashInTransaction) world.transactions.find(TxId.of(id)).orElseThrow();
    }

    /** Stacks a $20 and a $5 bill, then asks to send: 50,000 sats. */
    private PostResult buy(String id, String destination) {
        accepted(world.machines.post(ATM, post(id, 4, destination, List.of(20), false)));
        accepted(world.machines.post(ATM, post(id, 5, destination, List.of(20, 5), false)));
        return world.machines.post(ATM, post(id, 6, destination, List.of(20, 5), true));
    }

    @Test
    void theCustomersInvoiceIsPaidOnceAndTheCashInConfirmed() {
        CustomerInvoice invoice = world.invoice(50_000);
        CashInTransaction done = accepted(buy("t1", invoice.text()));
        assertThat(sendConfirmed(done)).isTrue();
        assertThat(done.wireStatus()).isEqualTo("confirmed");
        assertThat(preimage(done)).map(p -> p.paymentHash()).contains(invoice.hash());
        assertThat(fee(done)).contains(Satoshi.of(1));
        assertThat(world.wallet.receivedBy(invoice.hash())).contains(MilliSatoshi.of(50_000_000));

        // The machine re-sends the same post: same answer, no second payment.
        assertThat(accepted(world.machines.post(ATM, post("t1", 6, invoice.text(), List.of(20, 5), true))))
                .isEqualTo(done);
        assertThat(world.lightning.paysOf(invoice.hash())).isEqualTo(1);
        assertThat(world.transactions.actions(TxId.of("t1")))
                .extracting(a -> a.kind())
                .containsExactly("created", "bills-stacked", "send-requested", "send-started", "send-confirmed");
    }

    @Test
    void anAmountlessInvoiceIsPaidTheTransactionsAmount() {
        CustomerInvoice invoice = world.invoice(Optional.empty(), Network.REGTEST, Duration.ofHours(1));
        assertThat(sendConfirmed(accepted(buy("t1", "lightning:" + invoice.text()))))
                .isTrue();
        assertThat(world.wallet.receivedBy(invoice.hash())).contains(MilliSatoshi.of(50_000_000));
    }

    @Test
    void anInvoiceForAnotherAmountIsRefusedAndLeftForARefundWithNothingPaid() {
        CustomerInvoice invoice = world.invoice(40_000);
        assertThat(refused(buy("t1", invoice.text()))).isInstanceOf(Rejection.AmountMismatch.class);
        assertThat(stored("t1").wireStatus()).isEqualTo("failed");
        assertThat(sendPending(stored("t1"))).isFalse();
        assertThat(world.lightning.paysOf(invoice.hash())).isZero();
    }

    @Test
    void anInvoiceForAnotherNetworkIsRefusedBeforeAnyBillIsTaken() {
        CustomerInvoice testnet = world.invoice(Optional.of(Satoshi.of(50_000)), Network.TESTNET, Duration.ofHours(1));
        assertThat(refused(world.machines.post(ATM, post("t1", 4, testnet.text(), List.of(), false))))
                .isEqualTo(new Rejection.WrongNetwork(Network.REGTEST, Network.TESTNET));
        assertThat(world.transactions.find(TxId.of("t1"))).isEmpty();
    }

    @Test
    void anInvoiceExpiringWithinTheMarginIsRefused() {
        CustomerInvoice soon = world.invoice(Optional.of(Satoshi.of(50_000)), Network.REGTEST, Duration.ofSeconds(30));
        assertThat(refused(world.machines.post(ATM, post("t1", 4, soon.text(), List.of(), false))))
                .isInstanceOf(Rejection.InvoiceExpired.class);
    }

    @Test
    void anInvoiceThatExpiredWhileBillsWentInIsRefusedAtSend() {
        CustomerInvoice invoice =
                world.invoice(Optional.of(Satoshi.of(50_000)), Network.REGTEST, Duration.ofMinutes(5));
        accepted(world.machines.post(ATM, post("t1", 4, invoice.text(), List.of(20, 5), false)));
        world.clock.advance(Duration.ofMinutes(5));
        assertThat(refused(world.machines.post(ATM, post("t1", 5, invoice.text(), List.of(20, 5), true))))
                .isInstanceOf(Rejection.InvoiceExpired.class);
        assertThat(world.lightning.paysOf(invoice.hash())).isZero();
    }

    @Test
    void anInvoiceThisServerPaidBeforeIsRefused() {
        CustomerInvoice invoice = world.invoice(50_000);
        accepted(buy("t1", invoice.text()));
        assertThat(refused(world.machines.post(ATM, post("t2", 4, invoice.text(), List.of(), false))))
                .isInstanceOf(Rejection.AlreadyPaid.class);
    }

    @Test
    void moreSatsThanTheBillsBuyAtTheServersPriceAreRefused() {
        CustomerInvoice invoice = world.invoice(50_000);
        var greedy = post("t1", 4, invoice.text(), List.of(20), false);
        greedy = new org.lnteller.ports.tx.MachinePost(
                greedy.id(),
                greedy.direction(),
                4,
                greedy.fiat(),
                Satoshi.of(41_000),
                greedy.toAddress(),
                greedy.bills(),
                new org.lnteller.ports.tx.MachineRequest.Nothing(),
                greedy.pricing());
        assertThat(refused(world.machines.post(ATM, greedy))).isInstanceOf(Rejection.PriceMismatch.class);
        // Within the 1 % tolerance a machine's cached rate is accepted.
        var close = new org.lnteller.ports.tx.MachinePost(
                greedy.id(),
                greedy.direction(),
                4,
                greedy.fiat(),
                Satoshi.of(40_400),
                greedy.toAddress(),
                greedy.bills(),
                new org.lnteller.ports.tx.MachineRequest.Nothing(),
                greedy.pricing());
        accepted(world.machines.post(ATM, close));
    }

    @Test
    void aCashInAboveTheServersLimitIsRefused() {
        CustomerInvoice invoice = world.invoice(Optional.empty(), Network.REGTEST, Duration.ofHours(1));
        assertThat(refused(world.machines.post(
                        ATM,
                        post(
                                "t1",
                                4,
                                invoice.text(),
                                List.of(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100),
                                false))))
                .isInstanceOf(Rejection.AboveLimit.class);
    }

    @Test
    void aCashInAboveTheAppsOwnLimitIsRefusedEvenWhenTheServerWouldAllowIt() {
        world.apps.create(new org.lnteller.ports.model.App(
                ATM,
                "lobby",
                "hash",
                Optional.empty(),
                org.lnteller.ports.model.AppStatus.ACTIVE,
                world.clock.instant(),
                Optional.empty(),
                List.of(),
                Optional.of(Satoshi.of(45_000))));
        CustomerInvoice invoice = world.invoice(Optional.empty(), Network.REGTEST, Duration.ofHours(1));
        accepted(world.machines.post(ATM, post("t1", 4, invoice.text(), List.of(20), false)));
        assertThat(refused(world.machines.post(ATM, post("t1", 5, invoice.text(), List.of(20, 5), false))))
                .isEqualTo(new Rejection.AboveLimit(Satoshi.of(45_000), Satoshi.of(50_000)));
    }

    @Test
    void anEmptyWalletAnswersLamassusInsufficientFundsAndLeavesARefundableTx() {
        world.wallet.answerNextPay(1, PayFault.failed(PaymentFailure.INSUFFICIENT_BALANCE));
        CustomerInvoice invoice = world.invoice(50_000);
        Rejection rejection = refused(buy("t1", invoice.text()));
        assertThat(rejection).isInstanceOf(Rejection.InsufficientFunds.class);
        CashInTransaction failed = stored("t1");
        assertThat(failed.wireStatus()).isEqualTo("failed");
        assertThat(sendPending(failed)).isFalse();
        assertThat(failed.error()).map(e -> e.code()).contains("insufficientFunds");
        // A re-send gets the same answer and pays nothing.
        assertThat(refused(world.machines.post(ATM, post("t1", 6, invoice.text(), List.of(20, 5), true))))
                .isInstanceOf(Rejection.InsufficientFunds.class);
        assertThat(world.lightning.paysOf(invoice.hash())).isEqualTo(1);
    }

    @Test
    void anAnswerLostAfterPayingIsSettledByTheReconcilerNotByPayingAgain() {
        world.wallet.answerNextPay(1, PayFault.unknownAfterPaying());
        CustomerInvoice invoice = world.invoice(50_000);
        CashInTransaction inDoubt = inFlight(buy("t1", invoice.text()));
        assertThat(sendPending(inDoubt)).isTrue();
        assertThat(sendConfirmed(inDoubt)).isFalse();
        assertThat(inDoubt.wireStatus()).isEqualTo("authorized");
        // Re-sends while in doubt: answered, never paid again.
        inFlight(world.machines.post(ATM, post("t1", 6, invoice.text(), List.of(20, 5), true)));
        assertThat(world.reconciler.runOnce().confirmed()).isEqualTo(1);
        assertThat(sendConfirmed(stored("t1"))).isTrue();
        assertThat(world.lightning.paysOf(invoice.hash())).isEqualTo(1);
    }

    @Test
    void aPaymentTheBackendNeverSawBecomesRefundableOnlyAfterTheGrace() {
        world.wallet.answerNextPay(1, PayFault.unknownBeforePaying());
        CustomerInvoice invoice = world.invoice(50_000);
        inFlight(buy("t1", invoice.text()));
        assertThat(world.reconciler.runOnce().stillPending()).isEqualTo(1);
        assertThat(sendPending(stored("t1"))).isTrue();
        world.clock.advance(world.settings.notFoundGrace());
        assertThat(world.reconciler.runOnce().failed()).isEqualTo(1);
        CashInTransaction failed = stored("t1");
        assertThat(failed.wireStatus()).isEqualTo("failed");
        assertThat(sendPending(failed)).isFalse();
        assertThat(failed.error()).map(e -> e.code()).contains("notSent");
        assertThat(world.lightning.paysOf(invoice.hash())).isEqualTo(1);
    }

    @Test
    void aSlowPaymentIsAnsweredInFlightWithinTheWaitAndConfirmedLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        world.lightning.beforePay = request -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CustomerInvoice invoice = world.invoice(50_000);
        long started = System.nanoTime();
        CashInTransaction answered = inFlight(buy("t1", invoice.text()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
        assertThat(answered.wireStatus()).isEqualTo("authorized");
        release.countDown();
        for (int i = 0; i < 100 && !sendConfirmed(stored("t1")); i++) Thread.sleep(20);
        assertThat(sendConfirmed(stored("t1"))).isTrue();
        assertThat(world.lightning.paysOf(invoice.hash())).isEqualTo(1);
    }

    @Test
    void aSendStillInFlightIsAnsweredNothingUntilTheBoundThenInFlightSoTheMachineNeverGivesUp() {
        world.wallet.answerNextPay(1, PayFault.pending());
        CustomerInvoice invoice = world.invoice(50_000);

        // the first answer and a re-send within the bound: 204, the machine asks again in 5 s
        inFlight(buy("t1", invoice.text()));
        world.clock.advance(MachineService.Settings.DEFAULT_SEND_ANSWER_BOUND.minusSeconds(1));
        inFlight(world.machines.post(ATM, post("t1", 6, invoice.text(), List.of(20, 5), true)));
        // past the bound (under the machine's 20 s): 200 with the payment in flight
        world.clock.advance(Duration.ofSeconds(1));
        CashInTransaction answered =
                accepted(world.machines.post(ATM, post("t1", 6, invoice.text(), List.of(20, 5), true)));

        assertThat(answered.wireStatus()).isEqualTo("authorized");
        assertThat(sendPending(answered)).isTrue();
        assertThat(world.lightning.paysOf(invoice.hash())).isEqualTo(1);
    }

    @Test
    void aReSentSendIsAnswered200OnlyOnceThePaymentSettled() {
        world.wallet.answerNextPay(1, PayFault.pending());
        CustomerInvoice invoice = world.invoice(50_000);
        inFlight(buy("t1", invoice.text()));

        world.wallet.settlePending(invoice.hash());
        world.reconciler.runOnce();
        CashInTransaction answered =
                accepted(world.machines.post(ATM, post("t1", 6, invoice.text(), List.of(20, 5), true)));

        assertThat(answered.wireStatus()).isEqualTo("confirmed");
        assertThat(sendConfirmed(answered)).isTrue();
    }

    @Test
    void aPaymentLeftInFlightIsConfirmedOrFailedByTheReconciler() {
        world.wallet.answerNextPay(2, PayFault.pending());
        CustomerInvoice first = world.invoice(50_000);
        CustomerInvoice second = world.invoice(50_000);
        assertThat(inFlight(buy("t1", first.text())).wireStatus()).isEqualTo("authorized");
        assertThat(inFlight(buy("t2", second.text())).wireStatus()).isEqualTo("authorized");
        world.wallet.settlePending(first.hash());
        world.wallet.failPending(second.hash(), "no route");
        world.clock.advance(world.settings.notFoundGrace());
        SendReconciler.Pass pass = world.reconciler.runOnce();
        assertThat(pass.confirmed()).isEqualTo(1);
        assertThat(pass.failed()).isEqualTo(1);
        assertThat(sendConfirmed(stored("t1"))).isTrue();
        assertThat(stored("t2").wireStatus()).isEqualTo("failed");
    }

    @Test
    void anOperatorRefundsAFailedCashInAndItStaysClosed() {
        world.wallet.answerNextPay(1, PayFault.failed(PaymentFailure.NO_ROUTE));
        CustomerInvoice invoice = world.invoice(50_000);
        assertThat(accepted(buy("t1", invoice.text())).wireStatus()).isEqualTo("failed");
        var operator = new org.lnteller.core.operator.OperatorService(world.transactions, world.lightning, world.clock);
        assertThat(operator.stuckCashIns(10)).extracting(tx -> tx.id().value()).containsExactly("t1");
        accepted(operator.resolveCashIn(
                TxId.of("t1"), org.lnteller.ports.usecase.CashInResolution.REFUND, "alice", "cash handed back"));
        assertThat(stored("t1").wireStatus()).isEqualTo("refunded");
        assertThat(world.transactions.actions(TxId.of("t1"))).last().satisfies(a -> {
            assertThat(a.actor()).isEqualTo(org.lnteller.ports.tx.Actor.OPERATOR);
            assertThat(a.detail()).contains("alice").contains("cash handed back");
        });
        assertThat(operator.stuckCashIns(10)).isEmpty();
        assertThat(refused(world.machines.post(ATM, post("t1", 7, invoice.text(), List.of(20, 5, 1), true))))
                .isEqualTo(new Rejection.Closed("refunded"));
    }

    @Test
    void aCashInWithAPaymentInFlightCannotBeRefunded() {
        world.wallet.answerNextPay(1, PayFault.pending());
        CustomerInvoice invoice = world.invoice(50_000);
        inFlight(buy("t1", invoice.text()));
        var operator = new org.lnteller.core.operator.OperatorService(world.transactions, world.lightning, world.clock);
        assertThat(refused(operator.resolveCashIn(
                        TxId.of("t1"), org.lnteller.ports.usecase.CashInResolution.REFUND, "bob", "impatient")))
                .isInstanceOf(Rejection.Closed.class);
        assertThat(sendPending(stored("t1"))).isTrue();
    }
}
