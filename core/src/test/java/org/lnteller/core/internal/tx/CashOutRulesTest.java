package org.lnteller.core.internal.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.core.internal.tx.Posts.ATM;
import static org.lnteller.core.internal.tx.Posts.OTHER_ATM;
import static org.lnteller.core.internal.tx.Posts.T0;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.TestInvoices;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.DispenseReport;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;

class CashOutRulesTest {

    private static CashOutTransaction opened() {
        MachinePost first = Posts.cashOut().post();
        return (CashOutTransaction)
                ((Ruling.Applied) CashOutRules.open(first, ATM, Posts.invoiceFor(first), false, T0)).next();
    }

    private static CashOutTransaction paid() {
        return (CashOutTransaction)
                ((Ruling.Applied) CashOutRules.invoicePaid(opened(), Actor.MONITOR, T0.plusSeconds(10))).next();
    }

    private static CashOutTransaction applied(Ruling outcome) {
        assertThat(outcome).isInstanceOf(Ruling.Applied.class);
        return (CashOutTransaction) ((Ruling.Applied) outcome).next();
    }

    private static Rejection refusal(Ruling outcome) {
        assertThat(outcome).isInstanceOf(Ruling.Refused.class);
        return ((Ruling.Refused) outcome).rejection();
    }

    @Test
    void theFirstPostOpensACashOutThatWaitsForItsInvoice() {
        CashOutTransaction tx = opened();
        assertThat(tx.status()).isEqualTo(CashOutStatus.NOT_SEEN);
        assertThat(tx.wireStatus()).isEqualTo("notSeen");
        assertThat(tx.txVersion()).isEqualTo(6);
        assertThat(tx.fiat()).isEqualTo(FiatAmount.ofMajor("USD", "100"));
        assertThat(tx.invoice().bolt11()).startsWith("lnbcrt");
        assertThat(tx.appId()).isEqualTo(ATM);
    }

    @Test
    void anInvoiceForAnotherAmountIsRefused() {
        MachinePost first = Posts.cashOut().post();
        CreatedInvoice wrong =
                TestInvoices.created(Posts.invoiceFor(first).paymentHash(), MilliSatoshi.of(1000), T0, Duration.ZERO);
        assertThat(refusal(CashOutRules.open(first, ATM, wrong, false, T0)))
                .isInstanceOf(Rejection.AmountMismatch.class);
    }

    @Test
    void aCashOutForZeroSatsIsRefusedBeforeAnyInvoiceIsIssued() {
        assertThat(CashOutRules.checkOpening(Posts.cashOut().atoms(0).post()))
                .get()
                .isInstanceOf(Rejection.InvalidAmount.class);
        assertThat(CashOutRules.checkOpening(Posts.cashOut().fiat("0").post()))
                .get()
                .isInstanceOf(Rejection.InvalidAmount.class);
        assertThat(CashOutRules.checkOpening(Posts.cashOut().post())).isEmpty();
    }

    @Test
    void theExactSamePostAgainChangesNothingAndIsAnswered() {
        CashOutTransaction tx = opened();
        Ruling again = CashOutRules.onPost(tx, ATM, Posts.cashOut().post(), T0.plusSeconds(5));
        assertThat(again).isEqualTo(new Ruling.Unchanged(tx));
    }

    @Test
    void anOlderOrEqualVersionThatIsNotARepeatIsStale() {
        CashOutTransaction tx = opened();
        assertThat(refusal(CashOutRules.onPost(
                        tx, ATM, Posts.cashOut().version(6).dispense().post(), T0)))
                .isEqualTo(new Rejection.Stale(6, 6));
        assertThat(refusal(
                        CashOutRules.onPost(tx, ATM, Posts.cashOut().version(5).post(), T0)))
                .isEqualTo(new Rejection.Stale(6, 5));
    }

    @Test
    void anotherAppsTransactionIsAnsweredAsUnknown() {
        assertThat(refusal(CashOutRules.onPost(
                        opened(), OTHER_ATM, Posts.cashOut().version(7).post(), T0)))
                .isInstanceOf(Rejection.NotFound.class);
    }

    @Test
    void dispensingBeforeTheInvoiceIsPaidIsRefused() {
        assertThat(refusal(CashOutRules.onPost(
                        opened(), ATM, Posts.cashOut().version(7).dispense().post(), T0)))
                .isEqualTo(new Rejection.NotConfirmed("notSeen"));
    }

    @Test
    void thePaidInvoiceConfirmsTheCashOutOnce() {
        CashOutTransaction paid = paid();
        assertThat(paid.status()).isEqualTo(CashOutStatus.CONFIRMED);
        assertThat(CashOutRules.invoicePaid(paid, Actor.MONITOR, T0.plusSeconds(20)))
                .isEqualTo(new Ruling.Unchanged(paid));
    }

    @Test
    void anUnpaidInvoiceExpiresOnlyOnceItsExpiryHasPassed() {
        CashOutTransaction tx = opened();
        assertThat(CashOutRules.invoiceExpired(tx, Actor.MONITOR, T0.plus(Duration.ofMinutes(29))))
                .isEqualTo(new Ruling.Unchanged(tx));
        CashOutTransaction expired =
                applied(CashOutRules.invoiceExpired(tx, Actor.MONITOR, T0.plus(Duration.ofMinutes(30))));
        assertThat(expired.wireStatus()).isEqualTo("expired");
        assertThat(CashOutRules.invoiceExpired(paid(), Actor.MONITOR, T0.plus(Duration.ofHours(1))))
                .isInstanceOf(Ruling.Unchanged.class);
    }

    @Test
    void aPaymentThatArrivesAfterExpiryStillConfirmsTheCustomersMoney() {
        CashOutTransaction expired =
                applied(CashOutRules.invoiceExpired(opened(), Actor.MONITOR, T0.plus(Duration.ofHours(1))));
        assertThat(applied(CashOutRules.invoicePaid(expired, Actor.MONITOR, T0.plus(Duration.ofHours(2))))
                        .status())
                .isEqualTo(CashOutStatus.CONFIRMED);
    }

    @Test
    void aConfirmedCashOutTakesTheDispenseRequestAndItsNotesOnce() {
        CashOutTransaction dispensing = applied(CashOutRules.onPost(
                paid(), ATM, Posts.cashOut().version(7).dispense().post(), T0));
        assertThat(dispensing.state().askedToDispense()).isTrue();
        List<DispenseLine> notes = List.of(
                new DispenseLine(1, FiatAmount.ofMajor("USD", "20"), 4, OptionalInt.empty(), OptionalInt.empty()),
                new DispenseLine(2, FiatAmount.ofMajor("USD", "10"), 2, OptionalInt.empty(), OptionalInt.empty()));
        CashOutTransaction provisioned = applied(CashOutRules.provision(dispensing, notes, T0));
        assertThat(provisioned.notes()).isEqualTo(notes);
        assertThat(CashOutRules.provision(provisioned, notes, T0)).isEqualTo(new Ruling.Unchanged(provisioned));
    }

    @Test
    void notesThatDoNotAddUpToTheFiatAreNotProvisioned() {
        CashOutTransaction dispensing = applied(CashOutRules.onPost(
                paid(), ATM, Posts.cashOut().version(7).dispense().post(), T0));
        List<DispenseLine> short1 = List.of(
                new DispenseLine(1, FiatAmount.ofMajor("USD", "20"), 4, OptionalInt.empty(), OptionalInt.empty()));
        assertThat(refusal(CashOutRules.provision(dispensing, short1, T0))).isInstanceOf(Rejection.InvalidAmount.class);
    }

    @Test
    void theDispenseConfirmationRecordsWhatEachCassetteGaveOut() {
        CashOutTransaction dispensing = applied(CashOutRules.onPost(
                paid(), ATM, Posts.cashOut().version(7).dispense().post(), T0));
        List<DispenseLine> notes = List.of(
                new DispenseLine(1, FiatAmount.ofMajor("USD", "20"), 5, OptionalInt.empty(), OptionalInt.empty()));
        CashOutTransaction provisioned = applied(CashOutRules.provision(dispensing, notes, T0));
        DispenseReport report = new DispenseReport(1, OptionalInt.of(1), OptionalInt.of(5), OptionalInt.of(0));
        CashOutTransaction done = applied(CashOutRules.onPost(
                provisioned,
                ATM,
                Posts.cashOut().version(8).dispenseConfirmed(report).post(),
                T0));
        assertThat(done.state().dispenseReported()).isTrue();
        assertThat(done.notes().get(0).dispensed()).hasValue(5);
        assertThat(done.notes().get(0).rejected()).hasValue(0);
    }

    @Test
    void theDispenseFlagNeverGoesBackToFalse() {
        CashOutTransaction dispensing = applied(CashOutRules.onPost(
                paid(), ATM, Posts.cashOut().version(7).dispense().post(), T0));
        assertThat(refusal(CashOutRules.onPost(
                        dispensing, ATM, Posts.cashOut().version(8).post(), T0)))
                .isInstanceOf(Rejection.Ratchet.class);
    }

    @Test
    void aCashOutsAmountsAreFixedByItsInvoice() {
        assertThat(refusal(CashOutRules.onPost(
                        opened(), ATM, Posts.cashOut().version(7).fiat("120").post(), T0)))
                .isInstanceOf(Rejection.InvalidAmount.class);
        assertThat(refusal(CashOutRules.onPost(
                        opened(), ATM, Posts.cashOut().version(7).fiat("90").post(), T0)))
                .isInstanceOf(Rejection.Ratchet.class);
    }

    @Test
    void aDispenseConfirmationWithoutADispenseIsRefusedAsSuchNotAsAnAmount() {
        Posts confirmedOnly = Posts.cashOut().version(7).dispenseConfirmed();
        confirmedOnly.dispense = false;
        Rejection r = refusal(CashOutRules.onPost(paid(), ATM, confirmedOnly.post(), T0));
        assertThat(r).isEqualTo(new Rejection.DispenseNotRequested());
        assertThat(r.code()).isEqualTo("dispenseNotRequested");
    }
}
