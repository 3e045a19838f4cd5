package org.lnteller.ports.store;

import static org.lnteller.ports.store.TransactionFixtures.T0;
import static org.lnteller.ports.store.TransactionFixtures.paymentHash;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.model.Satoshi;

/** Purchases for tests: {@code purchase(n)} is a pending new-app purchase created at T0+n s. */
public final class PurchaseFixtures {
    private PurchaseFixtures() {}

    public static PaymentHash purchaseHash(int n) {
        return paymentHash("purchase-" + n);
    }

    /** A pending purchase of a new app, without pubkey. */
    public static Purchase purchase(int n) {
        Instant created = T0.plusSeconds(n);
        return new Purchase(
                purchaseHash(n),
                Purchase.Kind.NEW_APP,
                "Buyer ATM " + n,
                Optional.empty(),
                Optional.empty(),
                "lnbc100u1purchase" + n,
                Satoshi.of(10_000),
                AppFixtures.tokenHash("claim-" + n),
                PurchaseStatus.PENDING,
                created,
                created.plus(Duration.ofMinutes(10)),
                Optional.empty());
    }

    /** A paid renewal with every optional part present. */
    public static Purchase paidRenewal(int n, AppId appId) {
        Instant created = T0.plusSeconds(n);
        return new Purchase(
                purchaseHash(n),
                Purchase.Kind.RENEWAL,
                "Renewal \u00fc " + n,
                Optional.of(AppFixtures.PUBKEY),
                Optional.of(appId),
                "lnbc200u1renewal" + n,
                Satoshi.of(21_000),
                AppFixtures.tokenHash("claim-" + n),
                PurchaseStatus.PAID,
                created,
                created.plus(Duration.ofMinutes(10)),
                Optional.of(created.plus(Duration.ofSeconds(42, 999_000))));
    }

    public static Purchase withStatus(Purchase p, PurchaseStatus status) {
        return new Purchase(
                p.paymentHash(),
                p.kind(),
                p.name(),
                p.pubkey(),
                p.appId(),
                p.invoice(),
                p.amount(),
                p.claimTokenHash(),
                status,
                p.createdAt(),
                p.expiresAt(),
                p.paidAt());
    }

    public static Purchase withCreatedAt(Purchase p, Instant createdAt) {
        return new Purchase(
                p.paymentHash(),
                p.kind(),
                p.name(),
                p.pubkey(),
                p.appId(),
                p.invoice(),
                p.amount(),
                p.claimTokenHash(),
                p.status(),
                createdAt,
                p.expiresAt(),
                p.paidAt());
    }
}
