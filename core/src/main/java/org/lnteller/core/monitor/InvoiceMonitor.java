package org.lnteller.core.monitor;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
    /** Bounds one pass: with the default batch of 200, ten thousand unpaid invoices. */
    static final int MAX_BATCHES_PER_PASS = 50;

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

    /**
     * Checks every unpaid invoice, oldest first, reading them in batches of {@code batchSize} (at
     * most {@link #MAX_BATCHES_PER_PASS} batches, so one pass is bounded however many customers
     * wait). A backend failure on one invoice skips it until the next pass.
     */
    public Pass runOnce() {
        int checked = 0;
        int paid = 0;
        int expired = 0;
        int failed = 0;
        Optional<CashOutTransaction> after = Optional.empty();
        for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
            List<CashOutTransaction> unpaid = transactions.unpaidCashOuts(batchSize, after);
            for (CashOutTransaction tx : unpaid) {
                checked++;
                switch (check(tx)) {
                    case PAID -> paid++;
                    case EXPIRED -> expired++;
                    case UNANSWERED -> failed++;
                    case UNCHANGED -> { }
                }
            }
            if (unpaid.size() < batchSize) break;
            after = Optional.of(unpaid.get(unpaid.size() - 1));
        }
        return new Pass(checked, paid, expired, failed);
    }

    private enum Seen { PAID, EXPIRED, UNANSWERED, UNCHANGED }

    /** Asks the backend about one invoice and applies what it says. */
    private Seen check(CashOutTransaction tx) {
        InvoiceStatus status;
        try {
            status = lightning.invoiceStatus(tx.paymentHash());
        } catch (LightningBackendException e) {
            // Unknown is not unpaid: an invoice we cannot ask about is neither paid nor expired yet.
            LOG.log(Level.WARNING, "invoice of cash-out {0} ({1}): status unavailable: {2}", tx.id(), tx.paymentHash(), e.getMessage());
            return Seen.UNANSWERED;
        }
        if (status == InvoiceStatus.PAID) return apply(tx, InvoiceMonitor::paid) ? Seen.PAID : Seen.UNCHANGED;
        if (clock.instant().isBefore(tx.invoice().expiresAt())) return Seen.UNCHANGED;
        if (status == InvoiceStatus.NOT_FOUND) {
            LOG.log(Level.WARNING, "invoice of cash-out {0} ({1}) is unknown to the backend", tx.id(), tx.paymentHash());
        }
        return apply(tx, InvoiceMonitor::expired) ? Seen.EXPIRED : Seen.UNCHANGED;
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
