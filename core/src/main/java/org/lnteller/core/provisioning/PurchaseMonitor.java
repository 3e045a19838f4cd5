package org.lnteller.core.provisioning;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.lnteller.core.internal.provisioning.Settlement;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.store.PurchaseStore;

/**
 * Watches unpaid purchase invoices, as {@link org.lnteller.core.monitor.InvoiceMonitor} watches
 * cash-outs: asks the backend about each, creates the app for a paid purchase (or extends the
 * app of a paid renewal) and expires the ones past their expiry; also takes pushed updates.
 *
 * <p>Running {@link #runOnce()} from two threads or two server instances, beside pushed updates
 * and buyers' polls, is safe: see {@link Settlement}.
 */
public final class PurchaseMonitor {
    private static final Logger LOG = System.getLogger(PurchaseMonitor.class.getName());

    /** What one pass did. */
    public record Pass(int checked, int paid, int expired, int failed) {}

    private final PurchaseStore purchases;
    private final LightningBackend lightning;
    private final Settlement settlement;
    private final int batchSize;

    PurchaseMonitor(PurchaseStore purchases, LightningBackend lightning, Settlement settlement, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive");
        this.purchases = purchases;
        this.lightning = lightning;
        this.settlement = settlement;
        this.batchSize = batchSize;
    }

    /** Checks one batch of pending purchases, oldest first. A backend failure on one skips it until the next pass. */
    public Pass runOnce() {
        int checked = 0;
        int paid = 0;
        int expired = 0;
        int failed = 0;
        for (Purchase purchase : purchases.pending(batchSize)) {
            checked++;
            InvoiceStatus status;
            try {
                status = lightning.invoiceStatus(purchase.paymentHash());
            } catch (LightningBackendException e) {
                // unknown is not unpaid: a purchase we cannot ask about is neither paid nor expired yet
                failed++;
                LOG.log(
                        Level.WARNING,
                        "purchase {0}: invoice status unavailable: {1}",
                        purchase.paymentHash(),
                        e.getMessage());
                continue;
            }
            switch (settlement.settle(purchase, status)) {
                case PAID -> paid++;
                case EXPIRED -> expired++;
                case UNCHANGED -> {}
            }
        }
        return new Pass(checked, paid, expired, failed);
    }

    /** A pushed update from the backend: settles a paid purchase at once. Updates about other invoices are ignored. */
    public void onUpdate(InvoiceUpdate update) {
        if (update.status() != InvoiceStatus.PAID) return;
        purchases
                .find(update.paymentHash())
                .filter(purchase -> purchase.status() == PurchaseStatus.PENDING)
                .ifPresent(purchase -> settlement.settle(purchase, InvoiceStatus.PAID));
    }
}
