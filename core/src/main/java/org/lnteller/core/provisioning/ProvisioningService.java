package org.lnteller.core.provisioning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.codec.nostr.KeyPair;
import org.lnteller.codec.nostr.PublicKeys;
import org.lnteller.core.apps.Tokens;
import org.lnteller.core.internal.provisioning.Settlement;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.PurchaseStore;
import org.lnteller.ports.usecase.Provisioning;
import org.lnteller.ports.usecase.ProvisioningRefusal;
import org.lnteller.ports.usecase.ProvisioningResult;
import org.lnteller.ports.usecase.PurchaseOffer;
import org.lnteller.ports.usecase.PurchaseRequest;
import org.lnteller.ports.usecase.PurchaseState;
import org.lnteller.ports.usecase.PurchasedCredentials;

/**
 * Paid self-service provisioning: sells apps (and their renewals) for the operator's price in
 * sats. The claim token is random (from the {@link SecureRandom} passed in), shown once and stored
 * as its SHA-256; the app's token and a generated key are derived by {@link PurchaseSecrets} and
 * so are never stored in clear. The app itself is created by {@link Settlement} when the payment
 * is seen, by the {@link #monitor monitor}, a pushed update or the buyer's own poll.
 */
public final class ProvisioningService implements Provisioning {
    /** Most purchases one listing returns. */
    public static final int MAX_LIST = 1000;
    /** Longer than any claim token this server hands out; a longer one is wrong without hashing it. */
    private static final int MAX_CLAIM_TOKEN_LENGTH = 200;

    /**
     * @param price          what an app (and a renewal) costs
     * @param invoiceExpiry  how long a purchase invoice stays payable
     * @param appValidity    how long a new app is accepted, and what a renewal adds; empty: apps never expire
     * @param maxPending     unpaid purchases allowed outstanding in total; more are refused
     */
    public record Settings(Satoshi price, Duration invoiceExpiry, Optional<Duration> appValidity, long maxPending) {
        public Settings {
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(invoiceExpiry, "invoiceExpiry");
            Objects.requireNonNull(appValidity, "appValidity");
            if (price.sat() < 1) throw new IllegalArgumentException("the price must be at least 1 sat");
            if (invoiceExpiry.toSeconds() < 1)
                throw new IllegalArgumentException("invoice expiry must be at least a second");
            if (maxPending < 1) throw new IllegalArgumentException("the cap on pending purchases must be at least 1");
        }
    }

    private final PurchaseStore purchases;
    private final AppStore apps;
    private final LightningBackend lightning;
    private final PurchaseSecrets secrets;
    private final Settings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final Settlement settlement;

    public ProvisioningService(
            PurchaseStore purchases,
            AppStore apps,
            LightningBackend lightning,
            PurchaseSecrets secrets,
            Settings settings,
            Clock clock,
            SecureRandom random) {
        this.purchases = Objects.requireNonNull(purchases, "purchases");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.lightning = Objects.requireNonNull(lightning, "lightning");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.settlement = new Settlement(purchases, apps, lightning, secrets, settings.appValidity(), clock);
    }

    /** The monitor that settles this service's purchases; run its {@link PurchaseMonitor#runOnce()} on a schedule. */
    public PurchaseMonitor monitor(int batchSize) {
        return new PurchaseMonitor(purchases, lightning, settlement, batchSize);
    }

    @Override
    public ProvisioningResult purchase(PurchaseRequest request) {
        String name = request.name().strip();
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            // the admin path's rule for names
            return refused(new ProvisioningRefusal.InvalidName("name must be 1-100 printable characters"));
        }
        Optional<String> givenKey;
        try {
            givenKey = request.pubkey().map(PublicKeys::parseXOnly);
        } catch (IllegalArgumentException e) {
            return refused(new ProvisioningRefusal.InvalidPubkey(
                    Objects.requireNonNullElse(e.getMessage(), "not a public key")));
        }
        Optional<ProvisioningRefusal> full = checkCap();
        if (full.isPresent()) return refused(full.get());

        String claimToken = Tokens.newToken(random, "lnc_");
        // a generated key is fixed now, from the claim token, so that the app can be bound to it
        // when the payment is seen and its secret released only to the claim token's holder
        String pubkey =
                givenKey.orElseGet(() -> secrets.generatedKey(claimToken).publicKeyHex());
        CreatedInvoice invoice =
                lightning.createInvoice(settings.price(), settings.invoiceExpiry(), "lnteller ATM app " + name);
        purchases.create(new Purchase(
                invoice.paymentHash(),
                Purchase.Kind.NEW_APP,
                name,
                Optional.of(pubkey),
                Optional.empty(),
                invoice.bolt11(),
                settings.price(),
                Tokens.hash(claimToken),
                PurchaseStatus.PENDING,
                clock.instant(),
                invoice.expiresAt(),
                Optional.empty()));
        return new ProvisioningResult.Offered(new PurchaseOffer(
                invoice.bolt11(),
                invoice.paymentHash(),
                settings.price(),
                invoice.expiresAt(),
                Optional.of(claimToken),
                Optional.empty()));
    }

    @Override
    public ProvisioningResult renew(AppId id) {
        if (settings.appValidity().isEmpty()) {
            return refused(new ProvisioningRefusal.NotRenewable("apps on this server never expire"));
        }
        Optional<App> found = apps.find(id);
        if (found.isEmpty()) return refused(new ProvisioningRefusal.UnknownApp(id));
        App app = found.get();
        if (app.expiresAt().isEmpty())
            return refused(new ProvisioningRefusal.NotRenewable("app " + id + " never expires"));
        if (app.status() == AppStatus.DELETED) return refused(new ProvisioningRefusal.UnknownApp(id));
        if (app.status() == AppStatus.DISABLED) {
            return refused(new ProvisioningRefusal.NotRenewable(
                    "app " + id + " is disabled by the operator; ask the operator"));
        }
        Optional<ProvisioningRefusal> full = checkCap();
        if (full.isPresent()) return refused(full.get());

        CreatedInvoice invoice =
                lightning.createInvoice(settings.price(), settings.invoiceExpiry(), "lnteller ATM app renewal " + id);
        // a renewal releases no secrets: its claim token is one nobody is given
        String unusedClaimToken = Tokens.newToken(random, "lnc_");
        purchases.create(new Purchase(
                invoice.paymentHash(),
                Purchase.Kind.RENEWAL,
                app.name(),
                app.pubkey(),
                Optional.of(id),
                invoice.bolt11(),
                settings.price(),
                Tokens.hash(unusedClaimToken),
                PurchaseStatus.PENDING,
                clock.instant(),
                invoice.expiresAt(),
                Optional.empty()));
        return new ProvisioningResult.Offered(new PurchaseOffer(
                invoice.bolt11(),
                invoice.paymentHash(),
                settings.price(),
                invoice.expiresAt(),
                Optional.empty(),
                Optional.of(id)));
    }

    @Override
    public Optional<PurchaseState> status(PaymentHash paymentHash, Optional<String> claimToken) {
        Optional<Purchase> found = purchases.find(paymentHash);
        if (found.isEmpty()) return Optional.empty();
        Purchase purchase = found.get();
        if (claimToken.isEmpty()) return Optional.of(publicState(purchase));
        if (!matches(claimToken.get(), purchase.claimTokenHash()))
            return Optional.of(new PurchaseState.WrongClaimToken());
        Purchase current;
        try {
            // the buyer is waiting on this answer: ask the backend now rather than at the monitor's next pass
            current = settlement.check(purchase);
        } catch (LightningBackendException e) {
            // the stored state is still true; the monitor asks again on its next pass
            current = purchase;
        }
        if (current.kind() != Purchase.Kind.NEW_APP) return Optional.of(publicState(current));
        return Optional.of(
                switch (current.status()) {
                    case PENDING -> new PurchaseState.Pending(current.kind());
                    case EXPIRED -> new PurchaseState.Expired(current.kind());
                    case CLAIMED ->
                        new PurchaseState.AlreadyClaimed(current.appId().orElseThrow());
                    case PAID -> claim(current, claimToken.get());
                });
    }

    @Override
    public List<Purchase> list(Optional<PurchaseStatus> status, int limit) {
        if (limit < 1 || limit > MAX_LIST) throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIST);
        return purchases.list(status, limit);
    }

    /** Releases the credentials to the first claim; the compare-and-set of markClaimed picks it. */
    private PurchaseState claim(Purchase purchase, String claimToken) {
        AppId id = purchase.appId().orElseThrow();
        // built before the claim is recorded, so that a failure here does not use the claim up
        PurchasedCredentials credentials = credentials(purchase, id, claimToken);
        if (!purchases.markClaimed(purchase.paymentHash())) return new PurchaseState.AlreadyClaimed(id);
        return new PurchaseState.Delivered(credentials);
    }

    private PurchasedCredentials credentials(Purchase purchase, AppId id, String claimToken) {
        App app = apps.find(id)
                .orElseThrow(() -> new IllegalStateException(
                        "purchase " + purchase.paymentHash() + " is paid but its app " + id + " does not exist"));
        String token = secrets.appToken(purchase.paymentHash());
        if (!Tokens.hash(token).equals(app.tokenHash())) {
            throw new IllegalStateException("the token of app " + id + " cannot be derived again: the purchase secret"
                    + " changed since the app was created");
        }
        String pubkey =
                app.pubkey().orElseThrow(() -> new IllegalStateException("purchased app " + id + " has no key"));
        KeyPair generated = secrets.generatedKey(claimToken);
        Optional<PurchasedCredentials.GeneratedKey> secret =
                generated.publicKeyHex().equals(pubkey)
                        ? Optional.of(new PurchasedCredentials.GeneratedKey(generated.secretKeyHex(), generated.nsec()))
                        : Optional.empty();
        return new PurchasedCredentials(id, app.name(), token, pubkey, PublicKeys.npub(pubkey), secret);
    }

    /** What anyone who knows the payment hash may see: no secrets. */
    private PurchaseState publicState(Purchase purchase) {
        return switch (purchase.status()) {
            case PENDING -> new PurchaseState.Pending(purchase.kind());
            case EXPIRED -> new PurchaseState.Expired(purchase.kind());
            case PAID, CLAIMED -> {
                AppId id = purchase.appId().orElseThrow();
                Optional<Instant> appExpiresAt = purchase.kind() == Purchase.Kind.RENEWAL
                        ? apps.find(id).flatMap(App::expiresAt)
                        : Optional.empty();
                yield new PurchaseState.Paid(purchase.kind(), id, appExpiresAt);
            }
        };
    }

    private Optional<ProvisioningRefusal> checkCap() {
        // Not atomic with the create that follows: concurrent purchases may overshoot the cap by
        // their number, which the per-address rate limit in front of this keeps small.
        return purchases.countPending() >= settings.maxPending()
                ? Optional.of(new ProvisioningRefusal.TooManyPending(settings.maxPending()))
                : Optional.empty();
    }

    /** Compares digests in constant time, so the time taken tells nothing about the stored hash. */
    private static boolean matches(String claimToken, String storedHash) {
        if (claimToken.isEmpty() || claimToken.length() > MAX_CLAIM_TOKEN_LENGTH) return false;
        return MessageDigest.isEqual(
                Tokens.hash(claimToken).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static ProvisioningResult refused(ProvisioningRefusal refusal) {
        return new ProvisioningResult.Refused(refusal);
    }
}
