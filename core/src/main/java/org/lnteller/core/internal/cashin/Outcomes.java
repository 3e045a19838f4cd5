package org.lnteller.core.internal.cashin;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import org.lnteller.core.internal.tx.CashInRules;
import org.lnteller.core.internal.tx.Ruling;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.TxError;

/** Records what a payment came to, through the rules, in one store change. */
public final class Outcomes {
    private static final Logger LOG = System.getLogger(Outcomes.class.getName());

    private Outcomes() {}

    public static CashInTransaction record(
            TransactionStore transactions, TxId id, PaymentOutcome outcome, Actor actor, Clock clock) {
        Ruling recorded = transactions.change(id, current -> {
            CashInTransaction tx = (CashInTransaction)
                    current.orElseThrow(() -> new IllegalStateException("cash-in " + id + " vanished"));
            return decide(tx, outcome, actor, clock).toDecision();
        });
        CashInTransaction after = (CashInTransaction) recorded.fold(
                Ruling.Applied::next,
                unchanged -> transactions.find(id).orElseThrow(),
                refused -> transactions.find(id).orElseThrow());
        Level level = outcome.fold(
                succeeded -> Level.INFO, failed -> Level.WARNING, pending -> Level.INFO, unknown -> Level.WARNING);
        LOG.log(level, "cash-in {0}: payment {1}: tx is {2}", id, describe(outcome), after.wireStatus());
        return after;
    }

    /** Every outcome the port can give is listed: a new one does not compile until it is decided here. */
    private static Ruling decide(CashInTransaction tx, PaymentOutcome outcome, Actor actor, Clock clock) {
        return outcome.fold(
                succeeded ->
                        CashInRules.paymentSucceeded(tx, succeeded.preimage(), succeeded.fee(), actor, clock.instant()),
                failed -> CashInRules.paymentFailed(
                        tx, errorFor(failed.reason(), failed.message()), actor, clock.instant()),
                pending -> CashInRules.paymentInDoubt(tx, "in flight", actor, clock.instant()),
                unknown -> CashInRules.paymentInDoubt(tx, unknown.cause(), actor, clock.instant()));
    }

    private static String describe(PaymentOutcome outcome) {
        return outcome.fold(
                s -> "succeeded (fee " + s.fee() + (s.alreadyPaid() ? ", already paid" : "") + ")",
                f -> "failed: " + f.reason() + " " + f.message(),
                pending -> "in flight",
                u -> "outcome unknown: " + u.cause());
    }

    /** How a payment that definitely failed is told to the machine and kept on the tx. */
    private static TxError errorFor(PaymentFailure reason, String message) {
        String code = switch (reason) {
            case INSUFFICIENT_BALANCE -> "insufficientFunds";
            case NO_ROUTE -> "noRoute";
            case INVOICE_EXPIRED -> "invoiceExpired";
            case AMOUNT_INVALID -> "amountMismatch";
            case INVALID_INVOICE -> "invalidDestination";
            case REFUSED -> "paymentRefused";
        };
        return new TxError(code, message);
    }
}
