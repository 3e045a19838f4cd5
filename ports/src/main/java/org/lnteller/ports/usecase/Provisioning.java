package org.lnteller.ports.usecase;

import java.util.List;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;

/**
 * Driving port of paid self-service provisioning: anyone may buy an app (ATM credentials) or
 * extend one by paying a Lightning invoice. Implemented by the core; the app is created by the
 * core's purchase monitor once the invoice is paid, exactly once, whoever sees the payment first.
 *
 * <p>Threading: safe for concurrent use, also across server instances sharing a database.
 * Failures: Lightning backend and store failures leave as their ports' unchecked exceptions, and
 * nothing is half-written: a purchase exists only with its invoice.
 */
public interface Provisioning {

    /**
     * Offers a new app for the operator's price. The name and public key are checked before any
     * invoice is created. Not idempotent: each call that is not refused creates a new invoice.
     *
     * @return the invoice and the claim token, or a refusal (bad name or key, too many unpaid purchases)
     */
    ProvisioningResult purchase(PurchaseRequest request);

    /**
     * Offers an extension of {@code app} by the server's app validity, from its expiry or from the
     * time of payment, whichever is later; applied once when the invoice is paid. Anyone may pay.
     *
     * @return the invoice, or a refusal (unknown app, an app that never expires or is disabled, too many unpaid purchases)
     */
    ProvisioningResult renew(AppId app);

    /**
     * The state of a purchase. Without a claim token it reads the store only and never carries
     * secrets. With one, the token is checked in constant time; a still-pending purchase is then
     * checked against the Lightning backend at once (the buyer need not wait for the monitor),
     * and a paid one releases its credentials to the first such request only.
     *
     * @return empty for an unknown payment hash
     */
    Optional<PurchaseState> status(PaymentHash paymentHash, Optional<String> claimToken);

    /** The operator's listing: purchases newest first, optionally of one status, at most {@code limit} (1-1000). */
    List<Purchase> list(Optional<PurchaseStatus> status, int limit);
}
