package org.lnteller.core.internal.provisioning;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lnteller.core.apps.Tokens;
import org.lnteller.core.provisioning.PurchaseSecrets;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.store.AlreadyExists;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.PurchaseStore;

/**
 * What a paid or expired purchase invoice does, whoever notices it first: the monitor's pass, a
 * pushed update or the buyer's claim-token poll, in any number of threads or server instances.
 *
 * <p>A new app is created before the purchase is marked paid, under an id and token derived from
 * the payment hash: every attempt builds the same app, so the store's {@link AlreadyExists} means
 * "already done" and a crash between creating the app and marking the purchase paid is finished
 * by the next attempt, never repeated. The compare-and-set of {@link PurchaseStore#markPaid} then
 * picks the one caller that reports the payment.
 *
 * <p>A renewal is marked paid first and the one caller that wins that compare-and-set extends
 * the app, then marks the purchase claimed ("applied"). Extensions in this instance are
 * serialized, so two renewals of one app paid together both count.
 */
public final class Settlement {
    private static final Logger LOG = System.getLogger(Settlement.class.getName());

    /** What one settlement changed. */
    public enum Outcome {
        PAID,
        EXPIRED,
        UNCHANGED
    }

    private final PurchaseStore purchases;
    private final AppStore apps;
    private final LightningBackend lightning;
    private final PurchaseSecrets secrets;
    private final Optional<Duration> appValidity;
    private final Clock clock;
    private final Object extensions = new Object();

    public Settlement(
            PurchaseStore purchases,
            AppStore apps,
            LightningBackend lightning,
            PurchaseSecrets secrets,
            Optional<Duration> appValidity,
            Clock clock) {
        this.purchases = purchases;
        this.apps = apps;
        this.lightning = lightning;
        this.secrets = secrets;
        this.appValidity = appValidity;
        this.clock = clock;
    }

    /** The id of the app bought with {@code paymentHash}: public, like the hash, and the same on every attempt. */
    static AppId appIdFor(PaymentHash paymentHash) {
        return AppId.of("atm_" + paymentHash.hex().substring(0, 24));
    }

    /**
     * Asks the backend about a pending purchase's invoice and settles it.
     *
     * @return the purchase as stored afterwards
     * @throws org.lnteller.ports.lightning.LightningBackendException when the backend cannot answer (nothing changed)
     */
    public Purchase check(Purchase purchase) {
        if (purchase.status() != PurchaseStatus.PENDING) return purchase;
        settle(purchase, lightning.invoiceStatus(purchase.paymentHash()));
        return purchases
                .find(purchase.paymentHash())
                .orElseThrow(() ->
                        new IllegalStateException("purchase " + purchase.paymentHash() + " vanished from the store"));
    }

    /** Applies what the backend said about a pending purchase's invoice. */
    public Outcome settle(Purchase purchase, InvoiceStatus status) {
        if (purchase.status() != PurchaseStatus.PENDING) return Outcome.UNCHANGED;
        Instant now = clock.instant();
        if (status == InvoiceStatus.PAID) {
            return purchase.kind() == Purchase.Kind.NEW_APP ? createApp(purchase, now) : renew(purchase, now);
        }
        // a paid invoice never expires; the backend's own EXPIRED is final even if our clock lags
        if (status == InvoiceStatus.EXPIRED || !now.isBefore(purchase.expiresAt())) {
            if (status == InvoiceStatus.NOT_FOUND) {
                LOG.log(Level.WARNING, "purchase invoice {0} is unknown to the backend", purchase.paymentHash());
            }
            if (purchases.markExpired(purchase.paymentHash())) {
                LOG.log(Level.INFO, "purchase {0} expired unpaid", purchase.paymentHash());
                return Outcome.EXPIRED;
            }
        }
        return Outcome.UNCHANGED;
    }

    private Outcome createApp(Purchase purchase, Instant now) {
        PaymentHash hash = purchase.paymentHash();
        AppId id = appIdFor(hash);
        // the same rules as the admin path: active at once, valid for the server's app validity
        App app = new App(
                id,
                purchase.name(),
                Tokens.hash(secrets.appToken(hash)),
                purchase.pubkey(),
                AppStatus.ACTIVE,
                now,
                appValidity.map(now::plus),
                List.of());
        try {
            apps.create(app);
        } catch (AlreadyExists e) {
            App existing = apps.find(id).orElseThrow(() -> e);
            if (!existing.tokenHash().equals(app.tokenHash())) {
                throw new IllegalStateException(
                        "app " + id + " exists with another token: the purchase secret changed"
                                + " since it was created",
                        e);
            }
        }
        if (!purchases.markPaid(hash, id, now)) return Outcome.UNCHANGED;
        LOG.log(Level.INFO, "purchase {0} paid: app {1} created", hash, id);
        return Outcome.PAID;
    }

    private Outcome renew(Purchase purchase, Instant now) {
        PaymentHash hash = purchase.paymentHash();
        AppId id = purchase.appId().orElseThrow();
        if (!purchases.markPaid(hash, id, now)) return Outcome.UNCHANGED;
        // Only the winner of markPaid gets here, so the extension is applied at most once; a crash
        // before markClaimed leaves the renewal PAID, which the operator's listing shows.
        synchronized (extensions) {
            Optional<App> app = apps.find(id);
            if (app.isEmpty()) {
                LOG.log(Level.ERROR, "renewal {0} paid for app {1}, which no longer exists", hash, id);
                return Outcome.PAID;
            }
            Optional<Instant> current = app.get().expiresAt();
            Optional<Instant> until =
                    appValidity.map(validity -> later(now, current.orElse(now)).plus(validity));
            apps.setExpiry(id, until);
            purchases.markClaimed(hash);
            LOG.log(
                    Level.INFO,
                    "renewal {0} paid: app {1} now expires {2}",
                    hash,
                    id,
                    until.map(Object::toString).orElse("never"));
        }
        return Outcome.PAID;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
