package org.lnteller.ports.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;

/**
 * A {@link PurchaseStore} in memory, faithful to {@link PurchaseStoreContract}. Thread-safe: every
 * method holds this store's monitor, so each compare-and-set succeeds for exactly one caller.
 */
public final class InMemoryPurchaseStore implements PurchaseStore {
    private static final Comparator<Purchase> OLDEST_FIRST = Comparator.comparing(Purchase::createdAt)
            .thenComparing(p -> p.paymentHash().hex());

    private final Map<PaymentHash, Purchase> purchases = new HashMap<>();

    @Override
    public synchronized void create(Purchase purchase) {
        Objects.requireNonNull(purchase, "purchase");
        if (purchases.containsKey(purchase.paymentHash())) {
            throw new AlreadyExists("a purchase with payment hash " + purchase.paymentHash() + " exists");
        }
        purchases.put(purchase.paymentHash(), purchase);
    }

    @Override
    public synchronized Optional<Purchase> find(PaymentHash paymentHash) {
        return Optional.ofNullable(purchases.get(paymentHash));
    }

    @Override
    public synchronized List<Purchase> pending(int limit) {
        requirePositive(limit);
        return purchases.values().stream()
                .filter(p -> p.status() == PurchaseStatus.PENDING)
                .sorted(OLDEST_FIRST)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long countPending() {
        return purchases.values().stream()
                .filter(p -> p.status() == PurchaseStatus.PENDING)
                .count();
    }

    @Override
    public synchronized List<Purchase> list(Optional<PurchaseStatus> status, int limit) {
        requirePositive(limit);
        return purchases.values().stream()
                .filter(p -> status.map(s -> p.status() == s).orElse(true))
                .sorted(OLDEST_FIRST.reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean markPaid(PaymentHash paymentHash, AppId appId, Instant paidAt) {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(paidAt, "paidAt");
        Purchase p = purchases.get(paymentHash);
        if (p == null || p.status() != PurchaseStatus.PENDING) return false;
        purchases.put(
                paymentHash,
                new Purchase(
                        p.paymentHash(),
                        p.kind(),
                        p.name(),
                        p.pubkey(),
                        Optional.of(appId),
                        p.invoice(),
                        p.amount(),
                        p.claimTokenHash(),
                        PurchaseStatus.PAID,
                        p.createdAt(),
                        p.expiresAt(),
                        Optional.of(paidAt)));
        return true;
    }

    @Override
    public synchronized boolean markClaimed(PaymentHash paymentHash) {
        return move(paymentHash, PurchaseStatus.PAID, PurchaseStatus.CLAIMED);
    }

    @Override
    public synchronized boolean markExpired(PaymentHash paymentHash) {
        return move(paymentHash, PurchaseStatus.PENDING, PurchaseStatus.EXPIRED);
    }

    private boolean move(PaymentHash paymentHash, PurchaseStatus from, PurchaseStatus to) {
        Purchase p = purchases.get(paymentHash);
        if (p == null || p.status() != from) return false;
        purchases.put(paymentHash, PurchaseFixtures.withStatus(p, to));
        return true;
    }

    private static void requirePositive(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
}
