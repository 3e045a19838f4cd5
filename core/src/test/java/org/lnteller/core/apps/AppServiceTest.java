package org.lnteller.core.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.nostr.PublicKeys;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.store.InMemoryAppStore;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.ProvisionedApp;

class AppServiceTest {
    /** BIP340 test vector 0's public key: a valid x-only key. */
    private static final String XONLY = "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final InMemoryAppStore store = new InMemoryAppStore();
    private final AppService apps = new AppService(store, new SecureRandom(), clock, Optional.of(Duration.ofDays(365)));

    private static NewApp named(String name) {
        return new NewApp(name, Optional.empty(), List.of(new Cassette(1, FiatAmount.ofMajor("USD", "20"), 100)));
    }

    @Test
    void aProvisionedAppAuthenticatesWithItsTokenWhichIsStoredOnlyAsAHash() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        assertThat(added.token()).startsWith("lnt_").hasSizeGreaterThan(40);
        assertThat(added.app().tokenHash())
                .isEqualTo(Tokens.hash(added.token()))
                .doesNotContain(added.token());
        assertThat(apps.authenticate(added.token()))
                .isEqualTo(new Authentication.Authenticated(
                        store.find(added.app().id()).orElseThrow()));
        assertThat(added.toString()).doesNotContain(added.token());
    }

    @Test
    void anUnknownOrEmptyTokenIsUnknown() {
        apps.add(named("corner-shop"));
        assertThat(apps.authenticate("lnt_nope")).isEqualTo(new Authentication.Unknown());
        assertThat(apps.authenticate("")).isEqualTo(new Authentication.Unknown());
        assertThat(apps.authenticate(null)).isEqualTo(new Authentication.Unknown());
    }

    @Test
    void aDisabledAppIsForbidden() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        store.setStatus(added.app().id(), AppStatus.DISABLED);
        assertThat(apps.authenticate(added.token())).isInstanceOf(Authentication.Forbidden.class);
    }

    @Test
    void anAppDisabledByAnotherInstanceIsRefusedHereWithinHalfASecondNotAfterTheCacheTime() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        assertThat(apps.authenticate(added.token())).isInstanceOf(Authentication.Authenticated.class);
        // another instance sharing the database disables it: only the store sees that
        store.setStatus(added.app().id(), AppStatus.DISABLED);
        assertThat(apps.authenticate(added.token()))
                .as("remembered for now")
                .isInstanceOf(Authentication.Authenticated.class);
        clock.advance(Duration.ofMillis(500));
        assertThat(apps.authenticate(added.token())).isInstanceOf(Authentication.Forbidden.class);
    }

    @Test
    void anExpiredAppIsForbiddenWithAMessageSayingHowToRenew() {
        AppService renewable =
                new AppService(store, new SecureRandom(), clock, Optional.of(Duration.ofDays(365)), true);
        ProvisionedApp added = renewable.add(named("corner-shop"));
        clock.advance(Duration.ofDays(366));
        Authentication auth = renewable.authenticate(added.token());
        assertThat(auth).isInstanceOf(Authentication.Forbidden.class);
        assertThat(((Authentication.Forbidden) auth).reason())
                .contains("expired")
                .contains("POST /api/atm/renew");
    }

    @Test
    void anExpiredAppIsToldToAskTheOperatorWhenAppsCannotRenewThemselves() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        clock.advance(Duration.ofDays(366));
        Authentication auth = apps.authenticate(added.token());
        assertThat(((Authentication.Forbidden) auth).reason())
                .contains("expired")
                .contains("ask the operator")
                .doesNotContain("renew");
    }

    @Test
    void disablingTakesEffectAtOnceOnThisInstanceAndEnablingUndoesIt() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        assertThat(apps.authenticate(added.token())).isInstanceOf(Authentication.Authenticated.class);

        assertThat(apps.disable(added.app().id()).status()).isEqualTo(AppStatus.DISABLED);
        Authentication refused = apps.authenticate(added.token());
        assertThat(refused).isInstanceOf(Authentication.Forbidden.class);
        assertThat(((Authentication.Forbidden) refused).reason())
                .contains("disabled")
                .doesNotContain("renew");

        assertThat(apps.enable(added.app().id()).status()).isEqualTo(AppStatus.ACTIVE);
        assertThat(apps.authenticate(added.token())).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void aRotatedTokenReplacesTheOldOneAtOnceAndKeepsTheApp() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        assertThat(apps.authenticate(added.token())).isInstanceOf(Authentication.Authenticated.class);

        ProvisionedApp rotated = apps.rotateToken(added.app().id());

        assertThat(rotated.token()).startsWith("lnt_").isNotEqualTo(added.token());
        assertThat(rotated.app().id()).isEqualTo(added.app().id());
        assertThat(apps.authenticate(added.token())).isEqualTo(new Authentication.Unknown());
        assertThat(apps.authenticate(rotated.token())).isInstanceOf(Authentication.Authenticated.class);
        assertThat(store.find(added.app().id()).orElseThrow().tokenHash()).isEqualTo(Tokens.hash(rotated.token()));
    }

    @Test
    void aDeletedAppIsRefusedAtOnceHiddenAndBeyondEveryOtherChange() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        ProvisionedApp kept = apps.add(named("station"));
        assertThat(apps.authenticate(added.token())).isInstanceOf(Authentication.Authenticated.class);
        AppId id = added.app().id();

        apps.delete(id);

        Authentication refused = apps.authenticate(added.token());
        assertThat(refused).isInstanceOf(Authentication.Forbidden.class);
        assertThat(((Authentication.Forbidden) refused).reason()).contains("deleted");
        assertThat(apps.list()).extracting(App::id).containsExactly(kept.app().id());
        assertThat(store.find(id)).get().extracting(App::status).isEqualTo(AppStatus.DELETED);
        assertThatThrownBy(() -> apps.enable(id)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> apps.disable(id)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> apps.rotateToken(id)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> apps.delete(id)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> apps.replaceCassettes(id, List.of())).isInstanceOf(NotFound.class);
        assertThat(apps.authenticate(added.token())).as("still refused").isInstanceOf(Authentication.Forbidden.class);
    }

    @Test
    void revocationsAreReadAtMostOncePerCheckIntervalHoweverManyMachinesPoll() {
        CountingStore counting = new CountingStore(store);
        AppService service = new AppService(counting, new SecureRandom(), clock, Optional.empty());
        ProvisionedApp added = service.add(named("corner-shop"));
        for (int i = 0; i < 100; i++) service.authenticate(added.token());
        assertThat(counting.revocationReads).isEqualTo(1);
        clock.advance(AppService.REVOCATION_CHECK);
        for (int i = 0; i < 100; i++) service.authenticate(added.token());
        assertThat(counting.revocationReads).isEqualTo(2);
    }

    @Test
    void twoAppsNeverShareAnIdOrAToken() {
        ProvisionedApp a = apps.add(named("a"));
        ProvisionedApp b = apps.add(named("b"));
        assertThat(a.app().id()).isNotEqualTo(b.app().id());
        assertThat(a.token()).isNotEqualTo(b.token());
    }

    @Test
    void aPublicKeyIsCheckedAndKeptAsXOnlyHex() {
        ProvisionedApp hex = apps.add(new NewApp("k", Optional.of(XONLY.toUpperCase()), List.of()));
        assertThat(hex.app().pubkey()).contains(XONLY);
        ProvisionedApp npub = apps.add(new NewApp("n", Optional.of(PublicKeys.npub(XONLY)), List.of()));
        assertThat(npub.app().pubkey()).contains(XONLY);
    }

    @Test
    void badNamesKeysAndCassettesAreRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> apps.add(named(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> apps.add(new NewApp("k", Optional.of("abcd"), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pubkey");
        // x = 5 has no point on secp256k1 (5^3 + 7 = 132 is not a square mod p)
        assertThatThrownBy(() -> apps.add(new NewApp("k", Optional.of("00".repeat(31) + "05"), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secp256k1");
        assertThatThrownBy(() -> apps.add(new NewApp("k", Optional.of("npub1qqqq"), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("npub");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void cassettesAreReplacedAfterARefill() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        var refilled = List.of(
                new Cassette(1, FiatAmount.ofMajor("USD", "20"), 500),
                new Cassette(2, FiatAmount.ofMajor("USD", "50"), 200));
        assertThat(apps.replaceCassettes(added.app().id(), refilled).cassettes())
                .isEqualTo(refilled);
    }

    @Test
    void theEnvTextCarriesWhatTheKioskNeeds() {
        ProvisionedApp added = apps.add(named("corner-shop"));
        assertThat(added.envText("http://atm.example:8080"))
                .contains("LNTELLER_SERVER_URL=http://atm.example:8080")
                .contains("LNTELLER_APP_ID=" + added.app().id())
                .contains("LNTELLER_APP_TOKEN=" + added.token());
    }
}
