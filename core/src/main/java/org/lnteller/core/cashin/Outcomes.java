package org.lnteller.core.cashin;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import org.lnteller.core.tx.CashInRules;
import org.lnteller.core.tx.PostOutcome;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashInTransaction;

/** Records what a payment came to, through the rules, in one store change. */
final class Outcomes {
    private static final Logger LOG = System.getLogger(Outcomes.class.getName());

    private Outcomes() {}

    static CashInTransaction record(TransactionStore transactions, TxId id, PaymentOutcome outcome, Actor actor, Clock clock) {
        PostOutcome recorded = transactions.change(id, current -> {
            CashInTransaction tx = (CashInTransaction) current.orElseThrow(() -> new IllegalStateException("cash-in " + id + " vanished"));
            return decide(tx, outcome, actor, clock).toDecision();
        });
        CashInTransaction after = (CashInTransaction) (recorded instanceof PostOutcome.Applied a ? a.next()
                : transactions.find(id).orElseThrow());
        LOG.log(outcome instanceof PaymentOutcome.Failed || outcome instanceof PaymentOutcome.Unknown ? Level.WARNING : Level.INFO,
                "cash-in {0}: payment {1}: tx is {2}", id, describe(outcome), after.wireStatus());
        return after;
    }

    private static PostOutcome decide(CashInTransaction tx, PaymentOutcome outcome, Actor actor, Clock clock) {
        if (outcome instanceof PaymentOutcome.Succeeded s) {
            return CashInRules.paymentSucceeded(tx, s.preimage(), s.fee(), actor, clock.instant());
        }
        if (outcome instanceof PaymentOutcome.Failed f) {
            return CashInRules.paymentFailed(tx, CashInService.errorFor(f.reason(), f.message()), actor, clock.instant());
        }
        String cause = outcome instanceof PaymentOutcome.Unknown u ? u.cause() : "in flight";
        return CashInRules.paymentInDoubt(tx, cause, actor, clock.instant());
    }

    private static String describe(PaymentOutcome outcome) {
        if (outcome instanceof PaymentOutcome.Succeeded s) return "succeeded (fee " + s.fee() + (s.alreadyPaid() ? ", already paid" : "") + ")";
        if (outcome instanceof PaymentOutcome.Failed f) return "failed: " + f.reason() + " " + f.message();
        if (outcome instanceof PaymentOutcome.Unknown u) return "outcome unknown: " + u.cause();
        return "in flight";
    }
}
