package org.lnteller.ports.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A paid provisioning request: someone buys an app (or renews one) by paying {@code invoice}.
 * The claim token is kept only as {@code claimTokenHash} (hex SHA-256).
 *
 * @param kind   a new app, or a renewal of {@code appId}
 * @param appId  for a renewal the app renewed; for a new app the app created once paid
 * @param pubkey x-only public key (64 hex) the new app will be bound to, if the buyer gave one
 */
public record Purchase(
        PaymentHash paymentHash,
        Kind kind,
        String name,
        Optional<String> pubkey,
        Optional<AppId> appId,
        String invoice,
        Satoshi amount,
        String claimTokenHash,
        PurchaseStatus status,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> paidAt) {

    public enum Kind {
        NEW_APP,
        RENEWAL
    }

    public Purchase {
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pubkey, "pubkey");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(invoice, "invoice");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(claimTokenHash, "claimTokenHash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(paidAt, "paidAt");
        if (kind == Kind.RENEWAL && appId.isEmpty()) throw new IllegalArgumentException("a renewal names its app");
    }
}
