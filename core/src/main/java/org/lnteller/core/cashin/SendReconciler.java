package org.lnteller.core.cashin;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import org.lnteller.core.internal.cashin.Outcomes;
import org.lnteller.core.internal.tx.CashInRules;
import org.lnteller.core.internal.tx.Ruling;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.TxError;

/**
 * Settles cash-ins whose payment outcome is not known (in flight) by
 * asking the backend about their payment hash — never by paying again. Run on start-up (a crash
 * may have left payments in doubt) and every few seconds.
 *
 * <p>A payment the backend has never heard of is called "never sent" only after
 * {@link CashInSettings#notFoundGrace()}, longer than any backend call can take, so a payment still
 * on its way to the backend is not mistaken for one that never left. Safe to run from several
 * threads or instances at once: each outcome is applied through the rules, which ignore repeats.
 */
public final class SendReconciler {
    private static final Logger LOG = System.getLogger(SendReconciler.class.getName());

    /** What one pass did. */
    public record Pass(int checked, int confirmed, int failed, int stillPending) {}

    private final TransactionStore transactions;
    private final LightningBackend lightning;
    private final Clock clock;
    private final Duration notFoundGrace;
    private final int batchSize;

    public SendReconciler(
            TransactionStore transactions,
            LightningBackend lightning,
            CashInSettings settings,
            Clock clock,
            int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive");
        this.transactions = transactions;
        this.lightning = lightning;
        this.clock = clock;
        this.notFoundGrace = settings.notFoundGrace();
        this.batchSize = batchSize;
    }

    public Pass runOnce() {
        int checked = 0;
        int confirmed = 0;
        int failed = 0;
        int pending = 0;
        for (CashInTransaction tx : transactions.sendsToReconcile(batchSize)) {
            checked++;
            OutgoingStatus status;
            try {
                status = lightning.paymentStatus(tx.paymentHash().orElseThrow());
            } catch (LightningBackendException e) {
                pending++;
                LOG.log(Level.WARNING, "cash-in {0}: payment status unavailable: {1}", tx.id(), e.getMessage());
                continue;
            }
            Seen seen = status.fold(
                    s -> {
                        Outcomes.record(
                                transactions,
                                tx.id(),
                                new PaymentOutcome.Succeeded(s.preimage(), s.fee(), false),
                                Actor.RECONCILER,
                                clock);
                        return Seen.CONFIRMED;
                    },
                    f -> {
                        Outcomes.record(
                                transactions,
                                tx.id(),
                                new PaymentOutcome.Failed(PaymentFailure.REFUSED, f.message()),
                                Actor.RECONCILER,
                                clock);
                        return Seen.FAILED;
                    },
                    inFlight -> Seen.PENDING,
                    notFound -> {
                        if (!graceOver(tx)) return Seen.PENDING;
                        neverSent(tx);
                        return Seen.FAILED;
                    });
            switch (seen) {
                case CONFIRMED -> confirmed++;
                case FAILED -> failed++;
                case PENDING -> pending++;
            }
        }
        return new Pass(checked, confirmed, failed, pending);
    }

    private enum Seen {
        CONFIRMED,
        FAILED,
        PENDING
    }

    private boolean graceOver(CashInTransaction tx) {
        return !clock.instant().isBefore(tx.updatedAt().plus(notFoundGrace));
    }

    /** The backend never saw the payment: no money left, so the tx fails and the operator refunds. */
    private void neverSent(CashInTransaction seen) {
        TxError error = new TxError("notSent", "the payment never reached the Lightning backend");
        Ruling outcome = transactions.change(seen.id(), current -> {
            CashInTransaction tx = (CashInTransaction) current.orElseThrow();
            // Decide on the fresh state: a payment that was recorded meanwhile is not failed.
            if (!tx.updatedAt().equals(seen.updatedAt())) return new Ruling.Unchanged(tx).toDecision();
            return CashInRules.paymentFailed(tx, error, Actor.RECONCILER, clock.instant())
                    .toDecision();
        });
        if (outcome.fold(applied -> true, unchanged -> false, refused -> false)) {
            LOG.log(Level.WARNING, "cash-in {0}: {1}; refundable", seen.id(), error.message());
        }
    }
}
