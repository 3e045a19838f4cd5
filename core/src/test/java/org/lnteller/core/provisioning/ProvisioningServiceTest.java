package org.lnteller.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.bech32.Bech32;
import org.lnteller.codec.nostr.KeyPair;
import org.lnteller.codec.nostr.PublicKeys;
import org.lnteller.core.apps.AppService;
import org.lnteller.core.apps.Tokens;
import org.lnteller.ports.lightning.InMemoryLightningBackend;
import org.lnteller.ports.lightning.InMemoryLightningBackend.Operation;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.InMemoryAppStore;
import org.lnteller.ports.store.InMemoryPurchaseStore;
import org.lnteller.ports.store.PurchaseStore;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.ProvisioningRefusal;
import org.lnteller.ports.usecase.ProvisioningResult;
import org.lnteller.ports.usecase.PurchaseOffer;
import org.lnteller.ports.usecase.PurchaseRequest;
import org.lnteller.ports.usecase.PurchaseState;
import org.lnteller.ports.usecase.PurchasedCredentials;

class ProvisioningServiceTest {
    /** BIP340 test vector 0's public key. */
    private static final String XONLY = "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";

    private static final Duration YEAR = Duration.ofDays(365);
    private static final Satoshi PRICE = Satoshi.of(10_000);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final InMemoryPurchaseStore purchases = new InMemoryPurchaseStore();
    private final InMemoryAppStore apps = new InMemoryAppStore();
    private final InMemoryLightningBackend lightning = new InMemoryLightningBackend(clock, new Random(7));
    private final PurchaseSecrets secrets = new PurchaseSecrets(bytes(32, 5));
    private final ExecutorService pool = Executors.newFixedThreadPool(21);

    private ProvisioningService service = service(purchases, apps, 100);
    private PurchaseMonitor monitor = service.monitor(50);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private ProvisioningService service(PurchaseStore purchaseStore, AppStore appStore, long maxPending) {
        return new ProvisioningService(
                purchaseStore,
                appStore,
                lightning,
                secrets,
                new ProvisioningService.Settings(PRICE, Duration.ofMinutes(30), Optional.of(YEAR), maxPending),
                clock,
                new SecureRandom());
    }

    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private PurchaseOffer buy(String name, Optional<String> pubkey) {
        ProvisioningResult result = service.purchase(new PurchaseRequest(name, pubkey));
        assertThat(result).isInstanceOf(ProvisioningResult.Offered.class);
        return ((ProvisioningResult.Offered) result).offer();
    }

    private PurchaseOffer buy() {
        return buy("corner-shop", Optional.empty());
    }

    private PurchaseState status(PurchaseOffer offer, Optional<String> claimToken) {
        return service.status(offer.paymentHash(), claimToken).orElseThrow();
    }

    private PurchasedCredentials claim(PurchaseOffer offer) {
        PurchaseState state = status(offer, offer.claimToken());
        assertThat(state).isInstanceOf(PurchaseState.Delivered.class);
        return ((PurchaseState.Delivered) state).credentials();
    }

    private Purchase stored(PurchaseOffer offer) {
        return purchases.find(offer.paymentHash()).orElseThrow();
    }

    @Test
    void aPurchaseIsAnInvoiceForTheOperatorsPriceAndTheStoreKeepsOnlyTheClaimTokensHash() {
        PurchaseOffer offer = buy();
        assertThat(offer.amount()).isEqualTo(PRICE);
        assertThat(offer.claimToken())
                .hasValueSatisfying(
                        token -> assertThat(token).startsWith("lnc_").hasSizeGreaterThan(40));
        assertThat(offer.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(lightning.invoiceStatus(offer.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        Purchase purchase = stored(offer);
        assertThat(purchase.status()).isEqualTo(PurchaseStatus.PENDING);
        assertThat(purchase.kind()).isEqualTo(Purchase.Kind.NEW_APP);
        assertThat(purchase.invoice()).isEqualTo(offer.invoice());
        assertThat(purchase.claimTokenHash())
                .isEqualTo(Tokens.hash(offer.claimToken().orElseThrow()));
        assertThat(purchase.toString()).doesNotContain(offer.claimToken().orElseThrow());
        assertThat(offer.toString()).doesNotContain(offer.claimToken().orElseThrow());
        assertThat(apps.list()).isEmpty();
    }

    @Test
    void invalidPublicKeysAreRefusedBeforeAnyInvoiceIsCreated() {
        for (String bad : List.of(
                "abc",
                "zz".repeat(32),
                "00".repeat(32),
                "npub1notachecksum",
                PublicKeys.npub(XONLY).replace("npub", "nsec"),
                XONLY + "00")) {
            assertThat(service.purchase(new PurchaseRequest("corner-shop", Optional.of(bad))))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ProvisioningResult.Refused.class,
                            r -> assertThat(r.refusal()).isInstanceOf(ProvisioningRefusal.InvalidPubkey.class));
        }
        assertThat(lightning.calls(Operation.CREATE_INVOICE)).isZero();
        assertThat(purchases.list(Optional.empty(), 10)).isEmpty();
    }

    @Test
    void aBlankOrOverlongOrControlCharacterNameIsRefusedBeforeAnyInvoice() {
        for (String bad : List.of("", "   ", "x".repeat(101), "two\nlines")) {
            assertThat(service.purchase(new PurchaseRequest(bad, Optional.empty())))
                    .isInstanceOfSatisfying(
                            ProvisioningResult.Refused.class,
                            r -> assertThat(r.refusal()).isInstanceOf(ProvisioningRefusal.InvalidName.class));
        }
        assertThat(lightning.calls(Operation.CREATE_INVOICE)).isZero();
    }

    @Test
    void thePaidPurchaseBecomesAnAppWhoseCredentialsTheClaimTokenReleasesOnce() {
        PurchaseOffer offer = buy();
        assertThat(status(offer, Optional.empty())).isEqualTo(new PurchaseState.Pending(Purchase.Kind.NEW_APP));

        lightning.payFromOutside(offer.paymentHash());
        assertThat(monitor.runOnce()).isEqualTo(new PurchaseMonitor.Pass(1, 1, 0, 0));

        App app = apps.list().get(0);
        assertThat(app.name()).isEqualTo("corner-shop");
        assertThat(app.status()).isEqualTo(AppStatus.ACTIVE);
        assertThat(app.expiresAt()).contains(clock.instant().plus(YEAR));
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.PAID);
        assertThat(stored(offer).appId()).contains(app.id());
        // without the claim token: status and app id, no secrets
        assertThat(status(offer, Optional.empty()))
                .isEqualTo(new PurchaseState.Paid(Purchase.Kind.NEW_APP, app.id(), Optional.empty()));
        assertThat(status(offer, Optional.of("lnc_guess"))).isEqualTo(new PurchaseState.WrongClaimToken());
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.PAID);

        PurchasedCredentials credentials = claim(offer);
        assertThat(credentials.appId()).isEqualTo(app.id());
        assertThat(Tokens.hash(credentials.token())).isEqualTo(app.tokenHash());
        assertThat(new AppService(apps, new SecureRandom(), clock, Optional.of(YEAR)).authenticate(credentials.token()))
                .isInstanceOf(Authentication.Authenticated.class);
        assertThat(credentials.envText("https://atm.example.com"))
                .contains(
                        "LNTELLER_SERVER_URL=https://atm.example.com\n",
                        "LNTELLER_APP_ID=" + app.id() + "\n",
                        "LNTELLER_APP_TOKEN=" + credentials.token() + "\n",
                        "LNTELLER_APP_PUBKEY=" + credentials.npub() + "\n",
                        "LNTELLER_APP_NSEC=");
        assertThat(credentials.toString()).doesNotContain(credentials.token());
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.CLAIMED);

        assertThat(status(offer, offer.claimToken())).isEqualTo(new PurchaseState.AlreadyClaimed(app.id()));
        assertThat(status(offer, Optional.empty()))
                .isEqualTo(new PurchaseState.Paid(Purchase.Kind.NEW_APP, app.id(), Optional.empty()));
        assertThat(apps.list()).hasSize(1);
    }

    @Test
    void theBuyersPollWithTheClaimTokenSeesThePaymentWithoutWaitingForTheMonitor() {
        PurchaseOffer offer = buy();
        lightning.payFromOutside(offer.paymentHash());
        PurchasedCredentials credentials = claim(offer);
        assertThat(apps.find(credentials.appId())).isPresent();
        assertThat(monitor.runOnce()).isEqualTo(new PurchaseMonitor.Pass(0, 0, 0, 0));
    }

    @Test
    void aPollWithoutTheClaimTokenReadsTheStoreOnly() {
        PurchaseOffer offer = buy();
        lightning.payFromOutside(offer.paymentHash());
        lightning.resetCalls();
        assertThat(status(offer, Optional.empty())).isEqualTo(new PurchaseState.Pending(Purchase.Kind.NEW_APP));
        assertThat(lightning.calls(Operation.INVOICE_STATUS)).isZero();
        assertThat(apps.list()).isEmpty();
    }

    @Test
    void aPushedPaymentCreatesTheAppWithoutWaitingForAPass() {
        lightning.subscribeInvoiceUpdates(monitor::onUpdate);
        PurchaseOffer offer = buy();
        lightning.payFromOutside(offer.paymentHash());
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.PAID);
        assertThat(apps.list()).hasSize(1);
        // a repeated push changes nothing
        monitor.onUpdate(new InvoiceUpdate(offer.paymentHash(), InvoiceStatus.PAID));
        assertThat(apps.list()).hasSize(1);
    }

    @Test
    void aCrashBetweenCreatingTheAppAndMarkingThePurchasePaidIsFinishedByTheNextPassWithoutASecondApp() {
        AtomicBoolean crashNextMarkPaid = new AtomicBoolean(true);
        PurchaseStore crashing = new DelegatingPurchaseStore(purchases) {
            @Override
            public boolean markPaid(PaymentHash paymentHash, AppId appId, Instant paidAt) {
                if (crashNextMarkPaid.getAndSet(false)) throw new IllegalStateException("the process died here");
                return super.markPaid(paymentHash, appId, paidAt);
            }
        };
        service = service(crashing, apps, 100);
        monitor = service.monitor(50);
        PurchaseOffer offer = buy();
        lightning.payFromOutside(offer.paymentHash());

        assertThatThrownBy(monitor::runOnce).hasMessageContaining("died");
        assertThat(apps.list()).hasSize(1);
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.PENDING);

        // the restarted server: a fresh service on the same stores
        service = service(purchases, apps, 100);
        assertThat(service.monitor(50).runOnce()).isEqualTo(new PurchaseMonitor.Pass(1, 1, 0, 0));
        assertThat(apps.list()).hasSize(1);
        assertThat(stored(offer).appId()).contains(apps.list().get(0).id());
        assertThat(claim(offer).appId()).isEqualTo(apps.list().get(0).id());
    }

    @Test
    void twentyParallelPollsRacingTheMonitorCreateExactlyOneAppAndReleaseTheCredentialsOnce() throws Exception {
        AtomicInteger created = new AtomicInteger();
        AppStore counting = new DelegatingAppStore(apps) {
            @Override
            public void create(App app) {
                super.create(app);
                created.incrementAndGet();
            }
        };
        service = service(purchases, counting, 100);
        monitor = service.monitor(50);
        PurchaseOffer offer = buy();
        lightning.payFromOutside(offer.paymentHash());

        CountDownLatch start = new CountDownLatch(1);
        List<Callable<PurchaseState>> racers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            racers.add(() -> {
                start.await();
                return status(offer, offer.claimToken());
            });
        }
        Future<PurchaseMonitor.Pass> pass = pool.submit(() -> {
            start.await();
            return monitor.runOnce();
        });
        List<Future<PurchaseState>> polls = new ArrayList<>();
        for (Callable<PurchaseState> racer : racers) polls.add(pool.submit(racer));
        start.countDown();

        List<PurchaseState> answers = new ArrayList<>();
        for (Future<PurchaseState> poll : polls) answers.add(poll.get(10, TimeUnit.SECONDS));
        pass.get(10, TimeUnit.SECONDS);

        assertThat(created).hasValue(1);
        assertThat(apps.list()).hasSize(1);
        AppId id = apps.list().get(0).id();
        assertThat(answers)
                .filteredOn(PurchaseState.Delivered.class::isInstance)
                .hasSize(1);
        assertThat(answers)
                .filteredOn(a -> !(a instanceof PurchaseState.Delivered))
                .containsOnly(new PurchaseState.AlreadyClaimed(id));
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.CLAIMED);
    }

    @Test
    void withAPublicKeyTheAppIsBoundToItAndNoSecretKeyIsGenerated() {
        PurchaseOffer offer = buy("lobby", Optional.of(PublicKeys.npub(XONLY)));
        lightning.payFromOutside(offer.paymentHash());
        monitor.runOnce();
        PurchasedCredentials credentials = claim(offer);
        assertThat(credentials.pubkey()).isEqualTo(XONLY);
        assertThat(credentials.npub()).isEqualTo(PublicKeys.npub(XONLY));
        assertThat(credentials.secretKey()).isEmpty();
        assertThat(credentials.envText("http://x")).doesNotContain("NSEC");
        assertThat(apps.find(credentials.appId()).orElseThrow().pubkey()).contains(XONLY);
    }

    @Test
    void withoutAPublicKeyEachPurchaseGetsItsOwnKeypairWhoseSecretIsReleasedWithTheCredentials() {
        PurchaseOffer first = buy();
        PurchaseOffer second = buy();
        lightning.payFromOutside(first.paymentHash());
        lightning.payFromOutside(second.paymentHash());
        PurchasedCredentials a = claim(first);
        PurchasedCredentials b = claim(second);

        assertThat(a.pubkey()).isNotEqualTo(b.pubkey());
        assertThat(a.token()).isNotEqualTo(b.token());
        PurchasedCredentials.GeneratedKey secret = a.secretKey().orElseThrow();
        assertThat(KeyPair.fromSecretKey(HexFormat.of().parseHex(secret.hex())).publicKeyHex())
                .isEqualTo(a.pubkey());
        assertThat(HexFormat.of()
                        .formatHex(Bech32.fromWords(Bech32.decode(secret.nsec()).words())))
                .isEqualTo(secret.hex());
        assertThat(PublicKeys.parseXOnly(a.npub())).isEqualTo(a.pubkey());
        assertThat(apps.find(a.appId()).orElseThrow().pubkey()).contains(a.pubkey());
        // the store holds the public key, never the secret
        assertThat(stored(first).toString()).doesNotContain(secret.hex());
        assertThat(a.toString()).doesNotContain(secret.hex()).doesNotContain(secret.nsec());
    }

    @Test
    void anUnpaidPurchaseExpiresWithItsInvoiceAndCanNoLongerBeClaimed() {
        PurchaseOffer offer = buy();
        clock.advance(Duration.ofMinutes(30));
        assertThat(monitor.runOnce()).isEqualTo(new PurchaseMonitor.Pass(1, 0, 1, 0));
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.EXPIRED);
        assertThat(status(offer, Optional.empty())).isEqualTo(new PurchaseState.Expired(Purchase.Kind.NEW_APP));
        assertThat(status(offer, offer.claimToken())).isEqualTo(new PurchaseState.Expired(Purchase.Kind.NEW_APP));
        assertThat(apps.list()).isEmpty();
    }

    @Test
    void aBackendThatCannotAnswerLeavesThePurchasePendingForTheNextPass() {
        PurchaseOffer offer = buy();
        lightning.payFromOutside(offer.paymentHash());
        lightning.failNext(Operation.INVOICE_STATUS, 2, LightningBackendException.Kind.UNAVAILABLE);
        assertThat(monitor.runOnce()).isEqualTo(new PurchaseMonitor.Pass(1, 0, 0, 1));
        assertThat(status(offer, offer.claimToken())).isEqualTo(new PurchaseState.Pending(Purchase.Kind.NEW_APP));
        assertThat(monitor.runOnce()).isEqualTo(new PurchaseMonitor.Pass(1, 1, 0, 0));
    }

    @Test
    void theCapOnUnpaidPurchasesRefusesMoreUntilOneIsPaidOrExpired() {
        service = service(purchases, apps, 2);
        monitor = service.monitor(50);
        PurchaseOffer first = buy();
        buy();
        lightning.resetCalls();
        assertThat(service.purchase(new PurchaseRequest("third", Optional.empty())))
                .isEqualTo(new ProvisioningResult.Refused(new ProvisioningRefusal.TooManyPending(2)));
        assertThat(lightning.calls(Operation.CREATE_INVOICE)).isZero();

        lightning.payFromOutside(first.paymentHash());
        monitor.runOnce();
        assertThat(service.purchase(new PurchaseRequest("third", Optional.empty())))
                .isInstanceOf(ProvisioningResult.Offered.class);
    }

    @Test
    void aClaimThatCannotDeriveTheTokenAgainFailsWithoutUsingTheClaimUp() {
        PurchaseOffer offer = buy();
        lightning.payFromOutside(offer.paymentHash());
        monitor.runOnce();
        ProvisioningService rotated = new ProvisioningService(
                purchases,
                apps,
                lightning,
                new PurchaseSecrets(bytes(32, 6)),
                new ProvisioningService.Settings(PRICE, Duration.ofMinutes(30), Optional.of(YEAR), 100),
                clock,
                new SecureRandom());
        assertThatThrownBy(() -> rotated.status(offer.paymentHash(), offer.claimToken()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("purchase secret changed");
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.PAID);
        assertThat(claim(offer).appId()).isEqualTo(apps.list().get(0).id());
    }

    private App paidApp() {
        PurchaseOffer offer = buy();
        lightning.payFromOutside(offer.paymentHash());
        monitor.runOnce();
        return apps.find(stored(offer).appId().orElseThrow()).orElseThrow();
    }

    private PurchaseOffer renew(AppId id) {
        ProvisioningResult result = service.renew(id);
        assertThat(result).isInstanceOf(ProvisioningResult.Offered.class);
        return ((ProvisioningResult.Offered) result).offer();
    }

    @Test
    void payingARenewalExtendsTheAppByTheValidityFromItsExpiryExactlyOnce() {
        lightning.subscribeInvoiceUpdates(monitor::onUpdate);
        App app = paidApp();
        Instant expiry = app.expiresAt().orElseThrow();
        clock.advance(Duration.ofDays(100));

        PurchaseOffer offer = renew(app.id());
        assertThat(offer.renews()).contains(app.id());
        assertThat(offer.claimToken()).isEmpty();
        assertThat(offer.amount()).isEqualTo(PRICE);
        assertThat(status(offer, Optional.empty())).isEqualTo(new PurchaseState.Pending(Purchase.Kind.RENEWAL));

        lightning.payFromOutside(offer.paymentHash());
        monitor.runOnce();
        monitor.onUpdate(new InvoiceUpdate(offer.paymentHash(), InvoiceStatus.PAID));
        monitor.runOnce();

        assertThat(apps.find(app.id()).orElseThrow().expiresAt()).contains(expiry.plus(YEAR));
        assertThat(stored(offer).status()).isEqualTo(PurchaseStatus.CLAIMED);
        assertThat(status(offer, Optional.empty()))
                .isEqualTo(new PurchaseState.Paid(Purchase.Kind.RENEWAL, app.id(), Optional.of(expiry.plus(YEAR))));
        assertThat(apps.list()).hasSize(1);
    }

    @Test
    void aRenewalOfAnExpiredAppCountsFromThePaymentAndLetsItBackIn() {
        App app = paidApp();
        AppService appService = new AppService(apps, new SecureRandom(), clock, Optional.of(YEAR));
        clock.advance(Duration.ofDays(400));
        PurchaseOffer offer = renew(app.id());
        lightning.payFromOutside(offer.paymentHash());
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce();
        assertThat(apps.find(app.id()).orElseThrow().expiresAt())
                .contains(clock.instant().plus(YEAR));
        assertThat(apps.find(app.id()).orElseThrow().isUsableAt(clock.instant()))
                .isTrue();
        assertThat(appService.list()).hasSize(1);
    }

    @Test
    void twoRenewalsPaidTogetherBothCount() {
        App app = paidApp();
        Instant expiry = app.expiresAt().orElseThrow();
        PurchaseOffer one = renew(app.id());
        PurchaseOffer two = renew(app.id());
        lightning.payFromOutside(one.paymentHash());
        lightning.payFromOutside(two.paymentHash());
        assertThat(monitor.runOnce().paid()).isEqualTo(2);
        assertThat(apps.find(app.id()).orElseThrow().expiresAt())
                .contains(expiry.plus(YEAR).plus(YEAR));
    }

    @Test
    void anUnknownAppADisabledAppAndAnAppThatNeverExpiresAreNotRenewed() {
        assertThat(service.renew(AppId.of("atm_nope")))
                .isEqualTo(new ProvisioningResult.Refused(new ProvisioningRefusal.UnknownApp(AppId.of("atm_nope"))));
        AppId forever = new AppService(apps, new SecureRandom(), clock, Optional.empty())
                .add(new NewApp("forever", Optional.empty(), List.of()))
                .app()
                .id();
        assertThat(service.renew(forever))
                .isInstanceOfSatisfying(
                        ProvisioningResult.Refused.class,
                        r -> assertThat(r.refusal()).isInstanceOf(ProvisioningRefusal.NotRenewable.class));
        App disabled = paidApp();
        apps.setStatus(disabled.id(), AppStatus.DISABLED);
        assertThat(service.renew(disabled.id()))
                .isInstanceOfSatisfying(
                        ProvisioningResult.Refused.class,
                        r -> assertThat(r.refusal().message()).contains("disabled"));
        assertThat(lightning.calls(Operation.CREATE_INVOICE)).isEqualTo(1);
    }

    @Test
    void theOperatorListsPurchasesByStatus() {
        PurchaseOffer paid = buy();
        buy();
        lightning.payFromOutside(paid.paymentHash());
        monitor.runOnce();
        assertThat(service.list(Optional.of(PurchaseStatus.PAID), 10))
                .extracting(Purchase::paymentHash)
                .containsExactly(paid.paymentHash());
        assertThat(service.list(Optional.of(PurchaseStatus.PENDING), 10)).hasSize(1);
        assertThat(service.list(Optional.empty(), 10)).hasSize(2);
        assertThatThrownBy(() -> service.list(Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
