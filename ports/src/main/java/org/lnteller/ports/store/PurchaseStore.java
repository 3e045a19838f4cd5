package org.lnteller.ports.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;

/**
 * Keeps self-service purchases. Status moves are compare-and-set: each returns true for exactly
 * one caller however many race, which is how "create the app exactly once" is built.
 *
 * <p>Threading: safe for concurrent use, also across server instances sharing a database.
 * Failures: {@link StoreException} and its subclasses; nothing is written on a failure.
 */
public interface PurchaseStore {

    /** @throws AlreadyExists when a purchase has this payment hash */
    void create(Purchase purchase);

    /** The purchase, or empty for an unknown payment hash. */
    Optional<Purchase> find(PaymentHash paymentHash);

    /** Pending purchases, oldest first, at most {@code limit}: the monitor's work list. */
    List<Purchase> pending(int limit);

    /** How many purchases are pending (for the cap on outstanding unpaid purchases). */
    long countPending();

    /** Purchases newest first, optionally of one status, at most {@code limit}. */
    List<Purchase> list(Optional<PurchaseStatus> status, int limit);

    /** PENDING to PAID, recording the app and when. @return false when it was not PENDING (or unknown) */
    boolean markPaid(PaymentHash paymentHash, AppId appId, Instant paidAt);

    /** PAID to CLAIMED. @return false when it was not PAID (or unknown) */
    boolean markClaimed(PaymentHash paymentHash);

    /** PENDING to EXPIRED. @return false when it was not PENDING (or unknown) */
    boolean markExpired(PaymentHash paymentHash);
}
