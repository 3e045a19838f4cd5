package org.lnteller.core.internal.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.core.internal.tx.Posts.ATM;
import static org.lnteller.core.internal.tx.Posts.T0;
import static org.lnteller.ports.tx.CashInFlags.fee;
import static org.lnteller.ports.tx.CashInFlags.preimage;
import static org.lnteller.ports.tx.CashInFlags.send;
import static org.lnteller.ports.tx.CashInFlags.sendConfirmed;
import static org.lnteller.ports.tx.CashInFlags.sendPending;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.TxError;

class CashInRulesTest {
    private static final PaymentHash HASH = PaymentHash.fromHex("22".repeat(32));
    private static final Preimage PREIMAGE = Preimage.fromHex("33".repeat(32));

    private static CashInTransaction applied(Ruling outcome) {
        assertThat(outcome).isInstanceOf(Ruling.Applied.class);
        return (CashInTransaction) ((Ruling.Applied) outcome).next();
    }

    private static Rejection refusal(Ruling outcome) {
        assertThat(outcome).isInstanceOf(Ruling.Refused.class);
        return ((Ruling.Refused) outcome).rejection();
    }

    /** Opened with one $20 bill, then a $5 bill at version 7, then send at version 8. */
    private static CashInTransaction readyToSend() {
        CashInTransaction tx = applied(CashInRules.open(Posts.cashIn().stack(20).post(), ATM, T0));
        tx = applied(CashInRules.onPost(
                tx, ATM, Posts.cashIn().stack(20).stack(5).version(7).post(), T0));
        return applied(CashInRules.onPost(
                tx, ATM, Posts.cashIn().stack(20).stack(5).version(8).send().post(), T0));
    }

    private static CashInTransaction inFlight() {
        return applied(CashInRules.beginSend(readyToSend(), HASH, T0));
    }

    @Test
    void aCashInWithoutADestinationIsRefusedWithAMessageSayingWhatItPays() {
        Rejection r = refusal(
                CashInRules.open(Posts.cashIn().toAddress(null).stack(20).post(), ATM, T0));
        assertThat(r).isInstanceOf(Rejection.MissingDestination.class);
        assertThat(r.message()).contains("customer's scanned");
        assertThat(refusal(CashInRules.open(Posts.cashIn().toAddress("  ").post(), ATM, T0)))
                .isInstanceOf(Rejection.MissingDestination.class);
    }

    @Test
    void stackedBillsRaiseTheAmountsAndAreKeptInOrder() {
        CashInTransaction tx = readyToSend();
        assertThat(tx.bills()).extracting(b -> b.denomination().toString()).containsExactly("20.00 USD", "5.00 USD");
        assertThat(tx.fiat().toString()).isEqualTo("25.00 USD");
        assertThat(tx.cryptoAtoms()).isEqualTo(Satoshi.of(25_000));
        assertThat(send(tx)).isTrue();
        assertThat(sendPending(tx)).isFalse();
        assertThat(tx.status()).isEqualTo(CashInStatus.PENDING);
    }

    @Test
    void billsThatDoNotAddUpToTheFiatAreRefused() {
        Posts posts = Posts.cashIn().stack(20);
        posts.fiat = posts.fiat.plus(FiatAmount.ofMajor("USD", "1"));
        assertThat(refusal(CashInRules.open(posts.post(), ATM, T0))).isInstanceOf(Rejection.InvalidAmount.class);
    }

    @Test
    void aStackedBillCannotBeTakenBack() {
        CashInTransaction tx =
                applied(CashInRules.open(Posts.cashIn().stack(20).stack(5).post(), ATM, T0));
        Posts fewer = Posts.cashIn().stack(20).version(7);
        fewer.fiat = FiatAmount.ofMajor("USD", "25");
        fewer.atoms = Satoshi.of(25_000);
        assertThat(refusal(CashInRules.onPost(tx, ATM, fewer.post(), T0)))
                .isEqualTo(new Rejection.Ratchet("bills", "stacked bills cannot be removed or replaced"));
        assertThat(refusal(CashInRules.onPost(
                        tx, ATM, Posts.cashIn().stack(20).version(7).post(), T0)))
                .isInstanceOf(Rejection.Ratchet.class);
    }

    @Test
    void theDestinationCannotChangeMidTransaction() {
        CashInTransaction tx = applied(CashInRules.open(Posts.cashIn().stack(20).post(), ATM, T0));
        assertThat(refusal(CashInRules.onPost(
                        tx,
                        ATM,
                        Posts.cashIn()
                                .stack(20)
                                .stack(5)
                                .version(7)
                                .toAddress("lnbc1other")
                                .post(),
                        T0)))
                .isInstanceOf(Rejection.DestinationChanged.class);
    }

    @Test
    void aPostInTheOtherDirectionIsRefused() {
        CashInTransaction tx = applied(CashInRules.open(Posts.cashIn().stack(20).post(), ATM, T0));
        assertThat(refusal(CashInRules.onPost(
                        tx,
                        ATM,
                        Posts.cashIn()
                                .stack(20)
                                .version(7)
                                .direction(Direction.CASH_OUT)
                                .post(),
                        T0)))
                .isEqualTo(new Rejection.WrongDirection(Direction.CASH_IN, Direction.CASH_OUT));
    }

    @Test
    void theSendIsGrantedExactlyOnce() {
        CashInTransaction ready = readyToSend();
        CashInTransaction granted = applied(CashInRules.beginSend(ready, HASH, T0));
        assertThat(sendPending(granted)).isTrue();
        assertThat(granted.paymentHash()).contains(HASH);
        assertThat(granted.wireStatus()).isEqualTo("authorized");
        assertThat(CashInRules.beginSend(granted, HASH, T0)).isEqualTo(new Ruling.Unchanged(granted));
    }

    @Test
    void noPaymentStartsBeforeTheMachineAsksToSend() {
        CashInTransaction tx = applied(CashInRules.open(Posts.cashIn().stack(20).post(), ATM, T0));
        assertThat(CashInRules.beginSend(tx, HASH, T0)).isInstanceOf(Ruling.Refused.class);
    }

    @Test
    void theResentSendPostIsAnsweredWhileThePaymentIsInFlight() {
        CashInTransaction flying = inFlight();
        assertThat(CashInRules.onPost(
                        flying,
                        ATM,
                        Posts.cashIn().stack(20).stack(5).version(8).send().post(),
                        T0))
                .isEqualTo(new Ruling.Unchanged(flying));
    }

    @Test
    void amountsCannotChangeAfterTheMachineAskedToSend() {
        assertThat(refusal(CashInRules.onPost(
                        inFlight(),
                        ATM,
                        Posts.cashIn()
                                .stack(20)
                                .stack(5)
                                .stack(1)
                                .version(9)
                                .send()
                                .post(),
                        T0)))
                .isInstanceOf(Rejection.AlreadySent.class);
    }

    @Test
    void theSendFlagNeverGoesBackToFalse() {
        assertThat(refusal(CashInRules.onPost(
                        readyToSend(),
                        ATM,
                        Posts.cashIn().stack(20).stack(5).version(9).post(),
                        T0)))
                .isInstanceOf(Rejection.Ratchet.class);
    }

    @Test
    void aSettledPaymentConfirmsTheCashInWithItsFeeAndPreimage() {
        CashInTransaction done = applied(CashInRules.paymentSucceeded(
                inFlight(), Optional.of(PREIMAGE), MilliSatoshi.of(1_500), Actor.MACHINE, T0));
        assertThat(sendConfirmed(done)).isTrue();
        assertThat(done.status()).isEqualTo(CashInStatus.CONFIRMED);
        assertThat(fee(done)).contains(Satoshi.of(2));
        assertThat(preimage(done)).contains(PREIMAGE);
        assertThat(CashInRules.paymentSucceeded(
                        done, Optional.of(PREIMAGE), MilliSatoshi.of(1_500), Actor.RECONCILER, T0))
                .isEqualTo(new Ruling.Unchanged(done));
    }

    @Test
    void aDefiniteFailureClearsSendPendingSoTheOperatorCanRefund() {
        CashInTransaction failed =
                applied(CashInRules.paymentFailed(inFlight(), new TxError("noRoute", "no route"), Actor.MACHINE, T0));
        assertThat(sendPending(failed)).isFalse();
        assertThat(failed.status()).isEqualTo(CashInStatus.FAILED);
        assertThat(failed.error()).map(TxError::code).contains("noRoute");
        assertThat(CashInRules.beginSend(failed, HASH, T0)).isEqualTo(new Ruling.Unchanged(failed));
        assertThat(refusal(CashInRules.onPost(
                        failed,
                        ATM,
                        Posts.cashIn()
                                .stack(20)
                                .stack(5)
                                .stack(1)
                                .version(9)
                                .send()
                                .post(),
                        T0)))
                .isInstanceOf(Rejection.Closed.class);
    }

    @Test
    void aFailureReportedAfterSuccessChangesNothing() {
        CashInTransaction done = applied(
                CashInRules.paymentSucceeded(inFlight(), Optional.of(PREIMAGE), MilliSatoshi.ZERO, Actor.MACHINE, T0));
        assertThat(CashInRules.paymentFailed(done, new TxError("x", "y"), Actor.RECONCILER, T0))
                .isEqualTo(new Ruling.Unchanged(done));
    }

    @Test
    void sendingZeroSatsIsRefused() {
        assertThat(refusal(CashInRules.open(Posts.cashIn().send().post(), ATM, T0)))
                .isInstanceOf(Rejection.InvalidAmount.class);
    }

    @Test
    void refusalsOfPaymentStepsNameTheirOwnCauseNotAnAmount() {
        CashInTransaction collecting =
                applied(CashInRules.open(Posts.cashIn().stack(20).post(), ATM, T0));
        Rejection notAsked = refusal(CashInRules.beginSend(collecting, HASH, T0));
        assertThat(notAsked).isEqualTo(new Rejection.SendNotRequested());
        assertThat(notAsked.code()).isEqualTo("sendNotRequested");
        Rejection noPayment = refusal(CashInRules.paymentSucceeded(
                readyToSend(), Optional.of(PREIMAGE), MilliSatoshi.ZERO, Actor.RECONCILER, T0));
        assertThat(noPayment).isEqualTo(new Rejection.NoPaymentStarted());
        assertThat(noPayment.code()).isEqualTo("noPaymentStarted");
        Rejection noReason = refusal(CashInRules.resolve(collecting, false, "ops", " ", T0));
        assertThat(noReason).isEqualTo(new Rejection.ReasonMissing());
        assertThat(noReason.code()).isEqualTo("reasonMissing");
    }
}
