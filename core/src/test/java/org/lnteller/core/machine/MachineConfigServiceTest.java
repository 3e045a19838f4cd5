package org.lnteller.core.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.Network;
import org.lnteller.core.internal.machine.Fingerprint;
import org.lnteller.core.pricing.PricePolicy;
import org.lnteller.ports.lightning.InMemoryLightningBackend;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.rates.FixedExchangeRates;
import org.lnteller.ports.store.AppFixtures;
import org.lnteller.ports.store.InMemoryAppStore;
import org.lnteller.ports.store.InMemoryConfigVersions;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.usecase.MachineConfig;
import org.lnteller.ports.usecase.MachineIdentity;

class MachineConfigServiceTest {
    private static final Currency USD = Currency.getInstance("USD");
    private static final MachineIdentity MACHINE = new MachineIdentity("ab".repeat(32), 2, 0);
    private static final OptionalInt FIRST_QUERY = OptionalInt.empty();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final FixedExchangeRates rates = FixedExchangeRates.of(clock, "USD", "50000");
    private final InMemoryLightningBackend wallet = new InMemoryLightningBackend(clock, new Random(1));
    private final InMemoryAppStore apps = new InMemoryAppStore();
    private final InMemoryConfigVersions versions = new InMemoryConfigVersions();
    private final AppId appId = AppFixtures.appId(1);

    private PricePolicy policy = policy("4", "5");
    private MachineConfigService.Settings settings = new MachineConfigService.Settings(
            USD,
            "US",
            List.of("en-US", "es-US"),
            ZoneId.of("America/New_York"),
            Network.MAINNET,
            Optional.of(new MachineConfig.OperatorInfo(
                    "Corner ATM Co", "+15551234567", "ops@example.com", "https://example.com", "")),
            Optional.empty());

    @BeforeEach
    void anAppWithTwoCassettesAndAFundedWallet() {
        apps.create(AppFixtures.app(1)
                .withCassettes(List.of(
                        new Cassette(2, FiatAmount.ofMajor("USD", "50"), 7),
                        new Cassette(1, FiatAmount.ofMajor("USD", "20"), 30))));
        wallet.fund(Satoshi.of(1_000_000));
    }

    private static PricePolicy policy(String cashInPercent, String cashOutPercent) {
        return new PricePolicy(
                List.of(USD),
                new BigDecimal(cashInPercent),
                new BigDecimal(cashOutPercent),
                FiatAmount.ofMajor("USD", "5"),
                Satoshi.of(2_000_000),
                PricePolicy.CashOutPriceCheck.WARN);
    }

    private MachineConfigService service() {
        return new MachineConfigService(apps, rates, wallet, versions, policy, settings, clock);
    }

    private MachineConfig.Configs configs(OptionalInt current) {
        return service().configs(appId, MACHINE, current);
    }

    private int currentVersion() {
        return configs(FIRST_QUERY).staticConfig().orElseThrow().configVersion();
    }

    @Test
    void theLnCoinIsPricedWithTheCommissionsAsLamassuServerDoes() {
        MachineConfig.CoinValues ln = configs(FIRST_QUERY).dynamic().coins().get(0);

        assertThat(ln.cryptoCode()).isEqualTo("LN");
        assertThat(ln.ask()).isEqualByComparingTo("50000");
        assertThat(ln.bid()).isEqualByComparingTo("50000");
        // 50000 × 1.04 = 52000
        assertThat(ln.cashIn()).isEqualTo(new BigDecimal("52000.00000"));
        // 50000 / 1.05 = 47619.047619..., down to 5 decimals
        assertThat(ln.cashOut()).isEqualTo(new BigDecimal("47619.04761"));
        // 1,000,000 sats = 0.01 BTC = 500 USD; 500 / 0.96 × 0.95 = 494.79..., down
        assertThat(ln.balance()).isEqualTo(494);
    }

    @Test
    void pricesAreRoundedToFiveDecimalsInTheOperatorsFavour() {
        rates.set(USD, new BigDecimal("60000.000001"));

        MachineConfig.CoinValues ln = configs(FIRST_QUERY).dynamic().coins().get(0);

        // 60000.000001 × 1.04 = 62400.00000104: up, so the customer buying gets no more sats
        assertThat(ln.cashIn()).isEqualTo(new BigDecimal("62400.00001"));
        // 60000.000001 / 1.05 = 57142.857143809...: down, so the customer selling gives no fewer sats
        assertThat(ln.cashOut()).isEqualTo(new BigDecimal("57142.85714"));
        assertThat(ln.ask()).isEqualByComparingTo("60000.000001");
    }

    @Test
    void theZeroConfLimitIsAboveTheLargestCashOutTheServerAllows() {
        // 2,000,000 sats at 50000 USD/BTC = 1000 USD; plus 10% = 1100; plus 1
        assertThat(configs(FIRST_QUERY).dynamic().coins().get(0).zeroConfLimit())
                .isEqualTo(1101);
    }

    @Test
    void theZeroConfLimitFollowsTheAppsOwnLowerLimit() {
        App limited = AppFixtures.app(2);
        apps.create(new App(
                limited.id(),
                limited.name(),
                limited.tokenHash(),
                limited.pubkey(),
                limited.status(),
                limited.createdAt(),
                limited.expiresAt(),
                List.of(),
                Optional.of(Satoshi.of(750_000))));

        MachineConfig.Configs configs = service().configs(limited.id(), MACHINE, FIRST_QUERY);

        // 750,000 sats = 375 USD; plus 10% = 412.5, up to 413; plus 1
        assertThat(configs.dynamic().coins().get(0).zeroConfLimit()).isEqualTo(414);
    }

    @Test
    void theCoinIsLeftOutWhileNoRateCanBeHad() {
        rates.failNext(1);

        assertThat(configs(FIRST_QUERY).dynamic().coins()).isEmpty();
        assertThat(configs(FIRST_QUERY).dynamic().coins())
                .extracting(MachineConfig.CoinValues::cryptoCode)
                .containsExactly("LN");
    }

    @Test
    void theCoinIsLeftOutWhileTheBalanceIsUnavailable() {
        wallet.failNext(InMemoryLightningBackend.Operation.BALANCE, 1, LightningBackendException.Kind.UNAVAILABLE);

        MachineConfig.Configs configs = configs(FIRST_QUERY);

        assertThat(configs.dynamic().coins()).isEmpty();
        assertThat(configs.staticConfig())
                .as("the static part does not depend on the wallet")
                .isPresent();
    }

    @Test
    void theBalanceIsReadOnceForManyQueriesThenAgainWhenTenSecondsOld() {
        MachineConfigService service = service();
        for (int i = 0; i < 5; i++) service.configs(appId, MACHINE, FIRST_QUERY);
        assertThat(wallet.calls(InMemoryLightningBackend.Operation.BALANCE)).isEqualTo(1);

        wallet.fund(Satoshi.of(1_000_000));
        clock.advance(java.time.Duration.ofSeconds(10));

        // 0.02 BTC = 1000 USD; 1000 / 0.96 × 0.95 = 989.58..., down
        assertThat(service.configs(appId, MACHINE, FIRST_QUERY)
                        .dynamic()
                        .coins()
                        .get(0)
                        .balance())
                .isEqualTo(989);
        assertThat(wallet.calls(InMemoryLightningBackend.Operation.BALANCE)).isEqualTo(2);
    }

    @Test
    void cassettesAreListedInDispenserOrderByName() {
        MachineConfig.Cassettes cassettes =
                configs(FIRST_QUERY).dynamic().cassettes().orElseThrow();

        assertThat(cassettes.physical())
                .containsExactly(
                        new MachineConfig.PhysicalCassette("cassette1", 30, 20),
                        new MachineConfig.PhysicalCassette("cassette2", 7, 50));
        assertThat(cassettes.virtual()).containsExactly(100);
    }

    @Test
    void aCassetteInAnotherCurrencyLeavesTheMachineWithoutCassettesRatherThanAWrongOne() {
        apps.updateCassettes(appId, current -> List.of(new Cassette(1, FiatAmount.ofMajor("EUR", "20"), 10)));

        assertThat(configs(FIRST_QUERY).dynamic().cassettes()).isEmpty();
    }

    @Test
    void theStaticPartDescribesALightningOnlyMachineWithoutCompliance() {
        MachineConfig.Static s = configs(FIRST_QUERY).staticConfig().orElseThrow();

        assertThat(s.serverVersion()).isEqualTo("10.0.3");
        assertThat(s.hasLightning()).isTrue();
        assertThat(s.twoWayMode()).isTrue();
        assertThat(s.enablePaperWalletOnly()).isFalse();
        assertThat(s.urlsToPing()).isEmpty();
        assertThat(s.speedtestFiles()).isEmpty();
        assertThat(s.triggersAutomation())
                .isEqualTo(new MachineConfig.TriggersAutomation(
                        MachineConfig.Automation.AUTOMATIC,
                        MachineConfig.Automation.AUTOMATIC,
                        MachineConfig.Automation.AUTOMATIC,
                        MachineConfig.Automation.AUTOMATIC,
                        MachineConfig.Automation.AUTOMATIC));
        assertThat(s.coins()).singleElement().satisfies(coin -> {
            assertThat(coin.cryptoCode()).isEqualTo("LN");
            assertThat(coin.cashInCommission()).isEqualByComparingTo("4");
            assertThat(coin.cashOutCommission()).isEqualByComparingTo("5");
            assertThat(coin.minimumTx()).isEqualByComparingTo("5");
            assertThat(coin.cryptoNetwork()).isEqualTo("main");
            assertThat(coin.batchable()).isFalse();
            assertThat(coin.isCashInOnly()).isFalse();
        });
        assertThat(s.locale()).isEqualTo(new MachineConfig.LocaleInfo("US", USD, List.of("en-US", "es-US")));
        assertThat(s.machine()).isEqualTo(new MachineConfig.MachineInfo("ab".repeat(32), "ATM 1", 2, 0));
        assertThat(s.operator()).map(MachineConfig.OperatorInfo::name).contains("Corner ATM Co");
        // New York in November is on EST, five hours behind UTC
        assertThat(s.timezoneOffsetMinutes()).isEqualTo(-300);
        assertThat(configs(FIRST_QUERY).dynamic().commands()).isEmpty();
    }

    @Test
    void theStaticPartIsLeftOutOnlyWhenTheMachineHoldsTheCurrentVersion() {
        int current = currentVersion();

        assertThat(configs(OptionalInt.of(current)).staticConfig()).isEmpty();
        assertThat(configs(OptionalInt.of(current)).dynamic().coins()).hasSize(1);
        assertThat(configs(OptionalInt.of(current - 1)).staticConfig()).isPresent();
        // a machine ahead of the server (its database was replaced) is brought back, not left behind
        assertThat(configs(OptionalInt.of(current + 5)).staticConfig())
                .map(MachineConfig.Static::configVersion)
                .contains(current);
    }

    @Test
    void theConfigVersionRisesWhenACommissionChanges() {
        int before = currentVersion();

        policy = policy("4", "6");

        assertThat(configs(OptionalInt.of(before)).staticConfig())
                .map(MachineConfig.Static::configVersion)
                .contains(before + 1);
        assertThat(configs(OptionalInt.of(before + 1)).staticConfig()).isEmpty();
    }

    @Test
    void theConfigVersionRisesWhenTheOperatorsNameChanges() {
        int before = currentVersion();

        settings = new MachineConfigService.Settings(
                USD,
                "US",
                List.of("en-US", "es-US"),
                ZoneId.of("America/New_York"),
                Network.MAINNET,
                Optional.of(new MachineConfig.OperatorInfo(
                        "Corner ATM Ltd", "+15551234567", "ops@example.com", "https://example.com", "")),
                Optional.empty());

        assertThat(currentVersion()).isEqualTo(before + 1);
    }

    @Test
    void theConfigVersionStaysWhenOnlyACassetteCountChanges() {
        int before = currentVersion();

        apps.updateCassettes(
                appId,
                current -> List.of(
                        new Cassette(1, FiatAmount.ofMajor("USD", "20"), 3),
                        new Cassette(2, FiatAmount.ofMajor("USD", "50"), 0)));

        MachineConfig.Configs after = configs(OptionalInt.of(before));
        assertThat(after.staticConfig()).isEmpty();
        assertThat(after.dynamic().cassettes().orElseThrow().physical())
                .extracting(MachineConfig.PhysicalCassette::count)
                .containsExactly(3, 0);
    }

    @Test
    void anAppWithoutCassettesIsCashInOnlyAndLeavingThemOutIsANewVersion() {
        int before = currentVersion();

        apps.updateCassettes(appId, current -> List.of());

        MachineConfig.Configs after = configs(OptionalInt.of(before));
        assertThat(after.staticConfig()).map(MachineConfig.Static::twoWayMode).contains(false);
        assertThat(after.staticConfig())
                .map(MachineConfig.Static::configVersion)
                .contains(before + 1);
        assertThat(after.dynamic().cassettes()).hasValueSatisfying(c -> {
            assertThat(c.physical()).isEmpty();
            assertThat(c.virtual()).isEmpty();
        });
    }

    @Test
    void theConfigVersionRisesWhenDaylightSavingTimeBegins() {
        int winter = currentVersion();

        clock.advance(java.time.Duration.ofDays(150));

        MachineConfig.Static summer =
                configs(OptionalInt.of(winter)).staticConfig().orElseThrow();
        assertThat(summer.configVersion()).isEqualTo(winter + 1);
        assertThat(summer.timezoneOffsetMinutes()).isEqualTo(-240);
    }

    @Test
    void theConfigVersionRisesWhenTheMachineIsReplaced() {
        int before = currentVersion();

        MachineConfig.Configs other =
                service().configs(appId, new MachineIdentity("cd".repeat(32), 2, 0), OptionalInt.of(before));

        assertThat(other.staticConfig())
                .map(MachineConfig.Static::configVersion)
                .contains(before + 1);
    }

    @Test
    void noTermsAreSentWhenTheOperatorHasNone() {
        assertThat(service().terms(appId, MACHINE, Optional.empty(), FIRST_QUERY))
                .isEmpty();
    }

    @Test
    void termsAreSentWholeFirstThenAsTheirHashAlone() {
        MachineConfigService.TermsText text =
                new MachineConfigService.TermsText("You buy at your own risk.", "Terms", "Accept", "Cancel");
        settings = withTerms(text);
        String hash = Fingerprint.sha256Hex("You buy at your own risk.");
        int version = currentVersion();

        MachineConfig.Terms first =
                service().terms(appId, MACHINE, Optional.empty(), FIRST_QUERY).orElseThrow();
        MachineConfig.Terms unchanged = service()
                .terms(appId, MACHINE, Optional.of(hash), OptionalInt.of(version))
                .orElseThrow();
        MachineConfig.Terms newerConfig = service()
                .terms(appId, MACHINE, Optional.of(hash), OptionalInt.of(version - 1))
                .orElseThrow();
        MachineConfig.Terms otherText = service()
                .terms(appId, MACHINE, Optional.of("0".repeat(64)), OptionalInt.of(version))
                .orElseThrow();

        assertThat(hash).isEqualTo(text.hash()).hasSize(64);
        assertThat(first)
                .isEqualTo(new MachineConfig.Terms(
                        hash,
                        Optional.of("You buy at your own risk."),
                        Optional.of(new MachineConfig.TermsDetails(false, false, "Terms", "Accept", "Cancel"))));
        // never null while terms exist: the machine reads null as "terms withdrawn"
        assertThat(unchanged).isEqualTo(new MachineConfig.Terms(hash, Optional.empty(), Optional.empty()));
        assertThat(newerConfig.text()).isEmpty();
        assertThat(newerConfig.details()).isPresent();
        assertThat(otherText.text()).contains("You buy at your own risk.");
        assertThat(otherText.details()).isPresent();
    }

    @Test
    void changingTheTermsScreenRaisesTheConfigVersion() {
        settings = withTerms(new MachineConfigService.TermsText("Text.", "Terms", "Accept", "Cancel"));
        int before = currentVersion();

        settings = withTerms(new MachineConfigService.TermsText("Text.", "Terms", "I agree", "Cancel"));

        assertThat(currentVersion()).isEqualTo(before + 1);
    }

    @Test
    void anUnknownAppIsNotFound() {
        assertThatThrownBy(() -> service().configs(AppId.of("nobody"), MACHINE, FIRST_QUERY))
                .isInstanceOf(NotFound.class);
    }

    private MachineConfigService.Settings withTerms(MachineConfigService.TermsText terms) {
        return new MachineConfigService.Settings(
                settings.fiat(),
                settings.country(),
                settings.languages(),
                settings.timezone(),
                settings.network(),
                settings.operator(),
                Optional.of(terms));
    }
}
