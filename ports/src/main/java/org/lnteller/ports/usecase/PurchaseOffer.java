package org.lnteller.ports.usecase;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;

/**
 * An invoice to pay for a new app or a renewal.
 *
 * @param invoice    BOLT11 text, for {@code amount}
 * @param expiresAt  when the invoice stops being payable; unpaid by then, the purchase expires
 * @param claimToken for a new app: the secret that releases its credentials once paid (the server
 *                   keeps only its SHA-256, so this is the only time it is shown); empty for a renewal
 * @param renews     the app a renewal extends; empty for a new app
 */
public record PurchaseOffer(
        String invoice,
        PaymentHash paymentHash,
        Satoshi amount,
        Instant expiresAt,
        Optional<String> claimToken,
        Optional<AppId> renews) {
    public PurchaseOffer {
        Objects.requireNonNull(invoice, "invoice");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(renews, "renews");
        if (claimToken.isPresent() == renews.isPresent()) {
            throw new IllegalArgumentException("a new app's offer has a claim token, a renewal's names its app");
        }
    }

    @Override
    public String toString() {
        return "PurchaseOffer[" + paymentHash + ", " + amount + ", expiresAt=" + expiresAt
                + renews.map(app -> ", renews=" + app).orElse(", claimToken=<redacted>") + "]";
    }
}
