package org.lnteller.core.provisioning;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.store.PurchaseStore;

/** Passes every call to another store; a test overrides the one it wants to break. */
class DelegatingPurchaseStore implements PurchaseStore {
    private final PurchaseStore delegate;

    DelegatingPurchaseStore(PurchaseStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(Purchase purchase) {
        delegate.create(purchase);
    }

    @Override
    public Optional<Purchase> find(PaymentHash paymentHash) {
        return delegate.find(paymentHash);
    }

    @Override
    public List<Purchase> pending(int limit) {
        return delegate.pending(limit);
    }

    @Override
    public long countPending() {
        return delegate.countPending();
    }

    @Override
    public List<Purchase> list(Optional<PurchaseStatus> status, int limit) {
        return delegate.list(status, limit);
    }

    @Override
    public boolean markPaid(PaymentHash paymentHash, AppId appId, Instant paidAt) {
        return delegate.markPaid(paymentHash, appId, paidAt);
    }

    @Override
    public boolean markClaimed(PaymentHash paymentHash) {
        return delegate.markClaimed(paymentHash);
    }

    @Override
    public boolean markExpired(PaymentHash paymentHash) {
        return delegate.markExpired(paymentHash);
    }
}
