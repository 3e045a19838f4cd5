package org.lnteller.core.monitor;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.lnteller.core.internal.tx.CashOutRules;
import org.lnteller.core.internal.tx.Ruling;
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
    /** Where the next pass resumes: after the last invoice this one checked (empty: from the oldest). */
    private Optional<CashOutTransaction> resumeAfter = Optional.empty();

    public InvoiceMonitor(TransactionStore transactions, LightningBackend lightning, Clock clock, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive");
        this.transactions = transactions;
        this.lightning = lightning;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Checks one batch of unpaid invoices, resuming after the last one the previous pass checked
     * and starting again from the oldest once it reaches the end: each pass costs at most
     * {@code batchSize} backend calls, and every unpaid invoice is seen within
     * ceil(unpaid / batchSize) passes, however many customers wait. A backend failure on one
     * invoice skips it until its turn comes again.
     */
    public synchronized Pass runOnce() {
        int checked = 0;
        int paid = 0;
        int expired = 0;
        int failed = 0;
        List<CashOutTransaction> unpaid = transactions.unpaidCashOuts(batchSize, resumeAfter);
        for (CashOutTransaction tx : unpaid) {
            checked++;
            switch (check(tx)) {
                case PAID -> paid++;
                case EXPIRED -> expired++;
                case UNANSWERED -> failed++;
                case UNCHANGED -> {}
            }
        }
        resumeAfter = unpaid.size() < batchSize ? Optional.empty() : Optional.of(unpaid.get(unpaid.size() - 1));
        return new Pass(checked, paid, expired, failed);
    }

    private enum Seen {
        PAID,
        EXPIRED,
        UNANSWERED,
        UNCHANGED
    }

    /** Asks the backend about one invoice and applies what it says. */
    private Seen check(CashOutTransaction tx) {
        InvoiceStatus status;
        try {
            status = lightning.invoiceStatus(tx.paymentHash());
        } catch (LightningBackendException e) {
            // Unknown is not unpaid: an invoice we cannot ask about is neither paid nor expired yet.
            LOG.log(
                    Level.WARNING,
                    "invoice of cash-out {0} ({1}): status unavailable: {2}",
                    tx.id(),
                    tx.paymentHash(),
                    e.getMessage());
            return Seen.UNANSWERED;
        }
        if (status == InvoiceStatus.PAID) return apply(tx, InvoiceMonitor::paid) ? Seen.PAID : Seen.UNCHANGED;
        if (clock.instant().isBefore(tx.invoice().expiresAt())) return Seen.UNCHANGED;
        if (status == InvoiceStatus.NOT_FOUND) {
            LOG.log(
                    Level.WARNING,
                    "invoice of cash-out {0} ({1}) is unknown to the backend",
                    tx.id(),
                    tx.paymentHash());
        }
        return apply(tx, InvoiceMonitor::expired) ? Seen.EXPIRED : Seen.UNCHANGED;
    }

    /** A pushed update from the backend: confirms a paid invoice at once, whatever the next pass would do. */
    public void onUpdate(InvoiceUpdate update) {
        if (update.status() != InvoiceStatus.PAID) return;
        Optional<Transaction> tx = transactions.findByPaymentHash(update.paymentHash());
        tx.ifPresent(found -> found.fold(in -> false, out -> apply(out, InvoiceMonitor::paid)));
    }

    /**
     * Applies a monitor rule through the store, deciding again on the fresh state (another instance
     * may have got there first). Skips the write transaction when the rule would not change the
     * state it was seen in. @return true when it changed the tx
     */
    private boolean apply(CashOutTransaction seen, BiFunction<CashOutTransaction, Instant, Ruling> rule) {
        if (!changes(rule.apply(seen, clock.instant()))) return false;
        Ruling outcome = transactions.change(
                seen.id(),
                current -> current.map(tx -> tx.fold(
                                in -> (Ruling) new Ruling.Unchanged(seen), out -> rule.apply(out, clock.instant())))
                        .orElse(new Ruling.Unchanged(seen))
                        .toDecision());
        return outcome.fold(
                applied -> {
                    LOG.log(
                            Level.INFO,
                            "cash-out {0} ({1}) is now {2}",
                            seen.id(),
                            seen.paymentHash(),
                            applied.next().wireStatus());
                    return true;
                },
                unchanged -> false,
                refused -> false);
    }

    private static boolean changes(Ruling outcome) {
        return outcome.fold(applied -> true, unchanged -> false, refused -> false);
    }

    private static Ruling paid(CashOutTransaction tx, Instant now) {
        return CashOutRules.invoicePaid(tx, Actor.MONITOR, now);
    }

    private static Ruling expired(CashOutTransaction tx, Instant now) {
        return CashOutRules.invoiceExpired(tx, Actor.MONITOR, now);
    }
}
