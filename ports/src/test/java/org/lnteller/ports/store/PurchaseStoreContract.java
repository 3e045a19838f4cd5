package org.lnteller.ports.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.ports.store.AppFixtures.appId;
import static org.lnteller.ports.store.PurchaseFixtures.paidRenewal;
import static org.lnteller.ports.store.PurchaseFixtures.purchase;
import static org.lnteller.ports.store.PurchaseFixtures.purchaseHash;
import static org.lnteller.ports.store.PurchaseFixtures.withCreatedAt;
import static org.lnteller.ports.store.PurchaseFixtures.withStatus;
import static org.lnteller.ports.store.TransactionFixtures.T0;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;

/**
 * What every {@link PurchaseStore} must do. An implementation's test extends this class and
 * implements {@link #newStore()}; resources it opens are registered with
 * {@link #closeAfterEach(AutoCloseable)}.
 */
public abstract class PurchaseStoreContract extends StoreContractSupport {
    private static final Instant PAID_AT = Instant.parse("2025-03-01T12:05:00.000001Z");

    /** The store under test. */
    protected PurchaseStore store;

    /** A fresh, empty store. Called before each test. */
    protected abstract PurchaseStore newStore() throws Exception;

    @BeforeEach
    protected final void openStore() throws Exception {
        store = newStore();
        if (store instanceof AutoCloseable closeable) closeAfterEach(closeable);
    }

    @Test
    void anUnknownPurchaseIsNotThereAndCannotMove() {
        assertThat(store.find(purchaseHash(1))).isEmpty();
        assertThat(store.pending(10)).isEmpty();
        assertThat(store.countPending()).isZero();
        assertThat(store.list(Optional.empty(), 10)).isEmpty();
        assertThat(store.markPaid(purchaseHash(1), appId(1), PAID_AT)).isFalse();
        assertThat(store.markClaimed(purchaseHash(1))).isFalse();
        assertThat(store.markExpired(purchaseHash(1))).isFalse();
        assertThat(store.find(purchaseHash(1))).isEmpty();
    }

    @Test
    void aPendingPurchaseKeepsEveryField() {
        Purchase p = purchase(1);
        store.create(p);

        Purchase found = store.find(p.paymentHash()).orElseThrow();

        assertThat(found).isEqualTo(p);
        assertThat(found.pubkey()).isEmpty();
        assertThat(found.appId()).isEmpty();
        assertThat(found.paidAt()).isEmpty();
    }

    @Test
    void aPaidRenewalKeepsEveryField() {
        Purchase p = paidRenewal(1, appId(9));
        store.create(p);

        assertThat(store.find(p.paymentHash())).contains(p);
    }

    @Test
    void aSecondPurchaseWithTheSamePaymentHashIsRefused() {
        store.create(purchase(1));

        assertThatThrownBy(() -> store.create(paidRenewal(1, appId(1)))).isInstanceOf(AlreadyExists.class);

        assertThat(store.find(purchaseHash(1))).contains(purchase(1));
    }

    @Test
    void pendingPurchasesComeOldestFirstInBoundedBatches() {
        for (int i = 1; i <= 6; i++) store.create(withCreatedAt(purchase(i), T0.plusSeconds(100 - i)));
        store.create(withStatus(purchase(7), PurchaseStatus.EXPIRED));
        store.create(paidRenewal(8, appId(1)));

        assertThat(store.pending(4))
                .extracting(Purchase::paymentHash)
                .containsExactly(purchaseHash(6), purchaseHash(5), purchaseHash(4), purchaseHash(3));
        assertThat(store.pending(100)).hasSize(6);
        assertThat(store.countPending()).isEqualTo(6);
    }

    @Test
    void theListingIsNewestFirstBoundedAndFiltersByStatus() {
        for (int i = 1; i <= 5; i++) store.create(purchase(i));
        store.create(withStatus(purchase(6), PurchaseStatus.EXPIRED));
        store.create(paidRenewal(7, appId(1)));
        store.create(withStatus(paidRenewal(8, appId(2)), PurchaseStatus.CLAIMED));

        assertThat(store.list(Optional.empty(), 3))
                .extracting(Purchase::paymentHash)
                .containsExactly(purchaseHash(8), purchaseHash(7), purchaseHash(6));
        assertThat(store.list(Optional.of(PurchaseStatus.PENDING), 10))
                .extracting(Purchase::paymentHash)
                .containsExactly(purchaseHash(5), purchaseHash(4), purchaseHash(3), purchaseHash(2), purchaseHash(1));
        assertThat(store.list(Optional.of(PurchaseStatus.PAID), 10))
                .extracting(Purchase::paymentHash)
                .containsExactly(purchaseHash(7));
        assertThat(store.list(Optional.of(PurchaseStatus.CLAIMED), 10)).hasSize(1);
        assertThat(store.list(Optional.empty(), 100)).hasSize(8);
    }

    @Test
    void payingAPendingPurchaseRecordsTheAppAndWhen() {
        Purchase p = purchase(1);
        store.create(p);

        assertThat(store.markPaid(p.paymentHash(), appId(5), PAID_AT)).isTrue();

        Purchase paid = store.find(p.paymentHash()).orElseThrow();
        assertThat(paid.status()).isEqualTo(PurchaseStatus.PAID);
        assertThat(paid.appId()).contains(appId(5));
        assertThat(paid.paidAt()).contains(PAID_AT);
        assertThat(paid)
                .usingRecursiveComparison()
                .ignoringFields("status", "appId", "paidAt")
                .isEqualTo(p);
        assertThat(store.countPending()).isZero();
    }

    @Test
    void aPurchaseIsPaidOnlyOnce() {
        store.create(purchase(1));
        store.markPaid(purchaseHash(1), appId(5), PAID_AT);

        assertThat(store.markPaid(purchaseHash(1), appId(6), PAID_AT.plusSeconds(1)))
                .isFalse();

        Purchase paid = store.find(purchaseHash(1)).orElseThrow();
        assertThat(paid.appId()).contains(appId(5));
        assertThat(paid.paidAt()).contains(PAID_AT);
    }

    @Test
    void onlyAPaidPurchaseCanBeClaimedAndOnlyOnce() {
        store.create(purchase(1));

        assertThat(store.markClaimed(purchaseHash(1))).isFalse();
        store.markPaid(purchaseHash(1), appId(5), PAID_AT);
        assertThat(store.markClaimed(purchaseHash(1))).isTrue();
        assertThat(store.markClaimed(purchaseHash(1))).isFalse();

        Purchase claimed = store.find(purchaseHash(1)).orElseThrow();
        assertThat(claimed.status()).isEqualTo(PurchaseStatus.CLAIMED);
        assertThat(claimed.appId()).contains(appId(5));
        assertThat(claimed.paidAt()).contains(PAID_AT);
    }

    @Test
    void onlyAPendingPurchaseExpiresAndAnExpiredOneIsNeverPaid() {
        store.create(purchase(1));
        store.create(purchase(2));
        store.markPaid(purchaseHash(2), appId(2), PAID_AT);

        assertThat(store.markExpired(purchaseHash(2))).isFalse();
        assertThat(store.markExpired(purchaseHash(1))).isTrue();
        assertThat(store.markExpired(purchaseHash(1))).isFalse();
        assertThat(store.markPaid(purchaseHash(1), appId(1), PAID_AT)).isFalse();
        assertThat(store.markClaimed(purchaseHash(1))).isFalse();

        assertThat(store.find(purchaseHash(1))).contains(withStatus(purchase(1), PurchaseStatus.EXPIRED));
        assertThat(store.find(purchaseHash(2)).orElseThrow().status()).isEqualTo(PurchaseStatus.PAID);
    }

    @Test
    void racingPaymentsOfOnePurchaseSucceedForExactlyOneCaller() throws Exception {
        store.create(purchase(1));
        List<Callable<AppId>> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            AppId candidate = appId(100 + i);
            tasks.add(() -> store.markPaid(purchaseHash(1), candidate, PAID_AT) ? candidate : null);
        }

        List<AppId> winners =
                Race.run(16, tasks).stream().filter(w -> w != null).toList();

        assertThat(winners).hasSize(1);
        assertThat(store.find(purchaseHash(1)).orElseThrow().appId()).contains(winners.get(0));
    }

    @Test
    void racingPaymentExpiryAndClaimLetExactlyOneMoveWinPerStep() throws Exception {
        int purchases = 6;
        for (int n = 1; n <= purchases; n++) store.create(purchase(n));
        List<Callable<String>> tasks = new ArrayList<>();
        for (int n = 1; n <= purchases; n++) {
            int which = n;
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> store.markPaid(purchaseHash(which), appId(which), PAID_AT) ? which + ":paid" : null);
                tasks.add(() -> store.markExpired(purchaseHash(which)) ? which + ":expired" : null);
                tasks.add(() -> store.markClaimed(purchaseHash(which)) ? which + ":claimed" : null);
            }
        }

        List<String> wins = Race.run(16, tasks).stream().filter(w -> w != null).toList();

        for (int n = 1; n <= purchases; n++) {
            Purchase p = store.find(purchaseHash(n)).orElseThrow();
            String prefix = n + ":";
            List<String> mine = wins.stream()
                    .filter(w -> w.startsWith(prefix))
                    .map(w -> w.substring(prefix.length()))
                    .toList();
            switch (p.status()) {
                case EXPIRED -> assertThat(mine).containsExactly("expired");
                case PAID -> assertThat(mine).containsExactly("paid");
                case CLAIMED -> assertThat(mine).containsExactlyInAnyOrder("paid", "claimed");
                default -> throw new AssertionError("purchase " + n + " is still " + p.status());
            }
        }
    }
}
