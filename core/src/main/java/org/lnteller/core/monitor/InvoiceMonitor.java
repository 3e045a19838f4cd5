package org.lnteller.core.monitor;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import org.lnteller.core.tx.CashOutRules;
import org.lnteller.core.tx.PostOutcome;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.Transaction;

/**
 * Watches unpaid cash-out invoices: asks the backend about each (machines' polls only read the
 * database, so backend load does not grow with the poll rate), confirms the paid ones and expires
 * the ones past their expiry. Also takes pushed updates where the backend offers push.
 *
 * <p>Running {@link #runOnce()} from two threads or two server instances is safe: each state change
 * is a serializable store change whose rules ignore an update already applied.
 */
public final class InvoiceMonitor {
    private static final Logger LOG = System.getLogger(InvoiceMonitor.class.getName());

    /** What one pass did. */
    public record Pass(int checked, int paid, int expired, int failed) {}

    private final TransactionStore transactions;
    private final LightningBackend lightning;
    private final Clock clock;
    private final int batchSize;

    public InvoiceMonitor(TransactionStore transactions, LightningBackend lightning, Clock clock, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive");
        this.transactions = transactions;
        this.lightning = lightning;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Checks one batch of unpaid invoices, oldest first. A backend failure on one skips it until the next pass. */
    public Pass runOnce() {
        int checked = 0;
        int paid = 0;
        int expired = 0;
        int failed = 0;
        for (CashOutTransaction tx : transactions.unpaidCashOuts(batchSize)) {
            checked++;
            InvoiceStatus status;
            try {
                status = lightning.invoiceStatus(tx.paymentHash());
            } catch (LightningBackendException e) {
                // Unknown is not unpaid: an invoice we cannot ask about is neither paid nor expired yet.
                failed++;
                LOG.log(Level.WARNING, "invoice of cash-out {0} ({1}): status unavailable: {2}", tx.id(), tx.paymentHash(), e.getMessage());
                continue;
            }
            Instant now = clock.instant();
            if (status == InvoiceStatus.PAID) {
                if (apply(tx, InvoiceMonitor::paid)) paid++;
            } else if (!now.isBefore(tx.invoice().expiresAt())) {
                if (status == InvoiceStatus.NOT_FOUND) {
                    LOG.log(Level.WARNING, "invoice of cash-out {0} ({1}) is unknown to the backend", tx.id(), tx.paymentHash());
                }
                if (apply(tx, InvoiceMonitor::expired)) expired++;
            }
        }
        return new Pass(checked, paid, expired, failed);
    }

    /** A pushed update from the backend: confirms a paid invoice at once, whatever the next pass would do. */
    public void onUpdate(InvoiceUpdate update) {
        if (update.status() != InvoiceStatus.PAID) return;
        Optional<Transaction> tx = transactions.findByPaymentHash(update.paymentHash());
        if (tx.isPresent() && tx.get() instanceof CashOutTransaction out) {
            apply(out, InvoiceMonitor::paid);
        }
    }

    /**
     * Applies a monitor rule through the store, deciding again on the fresh state (another instance
     * may have got there first). Skips the write transaction when the rule would not change the
     * state it was seen in. @return true when it changed the tx
     */
    private boolean apply(CashOutTransaction seen, BiFunction<CashOutTransaction, Instant, PostOutcome> rule) {
        if (!(rule.apply(seen, clock.instant()) instanceof PostOutcome.Applied)) return false;
        PostOutcome outcome = transactions.change(seen.id(), current -> current
                .filter(CashOutTransaction.class::isInstance)
                .map(tx -> rule.apply((CashOutTransaction) tx, clock.instant()))
                .orElse(new PostOutcome.Unchanged(seen))
                .toDecision());
        if (outcome instanceof PostOutcome.Applied applied) {
            LOG.log(Level.INFO, "cash-out {0} ({1}) is now {2}", seen.id(), seen.paymentHash(), applied.next().wireStatus());
            return true;
        }
        return false;
    }

    private static PostOutcome paid(CashOutTransaction tx, Instant now) {
        return CashOutRules.invoicePaid(tx, Actor.MONITOR, now);
    }

    private static PostOutcome expired(CashOutTransaction tx, Instant now) {
        return CashOutRules.invoiceExpired(tx, Actor.MONITOR, now);
    }
}
