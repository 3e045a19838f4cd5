package org.lnteller.core.machine;

import java.lang.System.Logger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.lnteller.codec.Network;
import org.lnteller.core.internal.machine.Fingerprint;
import org.lnteller.core.internal.machine.WarningLimiter;
import org.lnteller.core.pricing.PricePolicy;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.UnableToFetchRate;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.ConfigVersions;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.usecase.MachineConfig;
import org.lnteller.ports.usecase.MachineConfig.Automation;
import org.lnteller.ports.usecase.MachineConfigurations;
import org.lnteller.ports.usecase.MachineIdentity;

/**
 * A Lamassu machine's configuration, as lamassu-server computes it for an operator who sells and
 * buys Lightning sats only ({@code LN}), without compliance triggers or receipts.
 *
 * <p>Prices (lamassu-server's formulas): {@code ask} and {@code bid} are the market price;
 * {@code cashIn = ask × (1 + cashInCommission/100)} rounded up and
 * {@code cashOut = bid / (1 + cashOutCommission/100)} rounded down, to 5 decimals (both roundings
 * in the operator's favour: the machine divides the customer's fiat by them to get sats). The
 * {@code balance} is {@code sats / 1e8 × ask / (1 − cashInCommission/100) × 0.95}, rounded down.
 *
 * <p>Config version: the static values (and the terms) are fingerprinted, and
 * {@link ConfigVersions} turns the fingerprint into a number that only rises, per app. Cassette
 * counts, prices and the balance are dynamic and do not count. The machine's offset from UTC is
 * static, so a daylight-saving change is a new version, as it should be.
 *
 * <p>The wallet balance is read at most once per {@link #BALANCE_MAX_AGE} for all machines.
 *
 * <p>Threading: safe for concurrent use.
 */
public final class MachineConfigService implements MachineConfigurations {
    private static final Logger LOG = System.getLogger(MachineConfigService.class.getName());
    /** The lamassu-server version this server answers as; {@code GET /poll} says the same. */
    public static final String SERVER_VERSION = "10.0.3";

    static final String LN = "LN";
    /** Share of the wallet's fiat value lamassu-server lets a machine take in, leaving room for fees. */
    private static final BigDecimal BALANCE_SHARE = new BigDecimal("0.95");
    /** How far above the largest cash-out the phone-verification limit sits: prices move between queries. */
    private static final BigDecimal ZERO_CONF_MARGIN = new BigDecimal("1.10");

    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000L);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int PRICE_DECIMALS = 5;
    /**
     * How long a balance read serves further queries: every machine asks every 30 seconds, and
     * the wallet's backend (Blink, LND) must not see load that grows with the number of machines.
     */
    static final Duration BALANCE_MAX_AGE = Duration.ofSeconds(10);

    /**
     * What the operator configured for the machines.
     *
     * @param fiat      the one currency the machines take and dispense
     * @param country   ISO 3166 alpha-2
     * @param languages BCP 47 tags, the first the default
     * @param timezone  where the machines stand
     * @param operator  contact details shown on the machines, if any
     * @param terms     terms the customer must accept, if any
     */
    public record Settings(
            Currency fiat,
            String country,
            List<String> languages,
            ZoneId timezone,
            Network network,
            Optional<MachineConfig.OperatorInfo> operator,
            Optional<TermsText> terms) {
        public Settings {
            Objects.requireNonNull(fiat, "fiat");
            Objects.requireNonNull(country, "country");
            languages = List.copyOf(languages);
            if (languages.isEmpty()) throw new IllegalArgumentException("at least one language");
            Objects.requireNonNull(timezone, "timezone");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(terms, "terms");
        }
    }

    /** The operator's terms and conditions and the words of their screen. */
    public record TermsText(String text, String title, String accept, String cancel) {
        public TermsText {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(accept, "accept");
            Objects.requireNonNull(cancel, "cancel");
            if (text.isBlank()) throw new IllegalArgumentException("terms need a text");
        }

        /** Hex SHA-256 of the text: what the machine compares to know whether it changed. */
        public String hash() {
            return Fingerprint.sha256Hex(text);
        }

        MachineConfig.TermsDetails details() {
            return new MachineConfig.TermsDetails(false, false, title, accept, cancel);
        }
    }

    private final AppStore apps;
    private final ExchangeRates rates;
    private final LightningBackend lightning;
    private final ConfigVersions versions;
    private final PricePolicy policy;
    private final Settings settings;
    private final Clock clock;
    private final Optional<String> termsHash;
    private final WarningLimiter warnings;
    private final AtomicReference<Read> lastBalance = new AtomicReference<>();

    /** A balance and when it was read. */
    private record Read(Satoshi sats, Instant at) {}

    public MachineConfigService(
            AppStore apps,
            ExchangeRates rates,
            LightningBackend lightning,
            ConfigVersions versions,
            PricePolicy policy,
            Settings settings,
            Clock clock) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.rates = Objects.requireNonNull(rates, "rates");
        this.lightning = Objects.requireNonNull(lightning, "lightning");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.termsHash = settings.terms().map(TermsText::hash);
        this.warnings = new WarningLimiter(LOG, clock, Duration.ofMinutes(1));
    }

    @Override
    public MachineConfig.Configs configs(AppId appId, MachineIdentity machine, OptionalInt currentConfigVersion) {
        App app = find(appId);
        MachineConfig.Static current = staticFor(app, machine);
        boolean upToDate =
                currentConfigVersion.isPresent() && currentConfigVersion.getAsInt() == current.configVersion();
        return new MachineConfig.Configs(upToDate ? Optional.empty() : Optional.of(current), dynamicFor(app));
    }

    @Override
    public Optional<MachineConfig.Terms> terms(
            AppId appId, MachineIdentity machine, Optional<String> currentHash, OptionalInt currentConfigVersion) {
        App app = find(appId);
        if (settings.terms().isEmpty()) return Optional.empty();
        TermsText terms = settings.terms().get();
        String hash = termsHash.orElseThrow();
        // The machine reads a null answer as "the terms were withdrawn", so terms are never null
        // while they exist: an unchanged text is sent as its hash alone, unchanged details are left out.
        boolean sameText = currentHash.filter(hash::equals).isPresent();
        boolean sameVersion = currentConfigVersion.isPresent()
                && currentConfigVersion.getAsInt() == staticFor(app, machine).configVersion();
        return Optional.of(new MachineConfig.Terms(
                hash,
                sameText ? Optional.empty() : Optional.of(terms.text()),
                sameText && sameVersion ? Optional.empty() : Optional.of(terms.details())));
    }

    private App find(AppId id) {
        return apps.find(id).orElseThrow(() -> new NotFound("no app " + id));
    }

    /** The static values with their version: fingerprinted with version 1, then given the stored one. */
    private MachineConfig.Static staticFor(App app, MachineIdentity machine) {
        MachineConfig.Static candidate = staticValues(1, app, machine);
        String fingerprint = Fingerprint.of(candidate, settings.terms().map(TermsText::details), termsHash);
        int version = versions.versionOf("app:" + app.id().value(), fingerprint);
        return version == 1 ? candidate : withVersion(candidate, version);
    }

    private static MachineConfig.Static withVersion(MachineConfig.Static s, int version) {
        return new MachineConfig.Static(
                version,
                s.serverVersion(),
                s.timezoneOffsetMinutes(),
                s.coins(),
                s.enablePaperWalletOnly(),
                s.hasLightning(),
                s.twoWayMode(),
                s.customerAuthentication(),
                s.urlsToPing(),
                s.speedtestFiles(),
                s.locale(),
                s.operator(),
                s.machine(),
                s.triggersAutomation());
    }

    private MachineConfig.Static staticValues(int version, App app, MachineIdentity machine) {
        int offsetMinutes =
                settings.timezone().getRules().getOffset(clock.instant()).getTotalSeconds() / 60;
        MachineConfig.Coin ln = new MachineConfig.Coin(
                LN,
                LN,
                "Lightning Network",
                minimumTx(),
                BigDecimal.ZERO,
                policy.cashInCommissionPercent(),
                policy.cashOutCommissionPercent(),
                cryptoNetwork(settings.network()),
                "full",
                false,
                false);
        // Two-way (cash-out offered) only with cassettes to dispense from: without any, a customer
        // could pay an invoice for notes that cannot come out.
        boolean twoWay = !app.cassettes().isEmpty();
        return new MachineConfig.Static(
                version,
                SERVER_VERSION,
                offsetMinutes,
                List.of(ln),
                false,
                true,
                twoWay,
                MachineConfig.CustomerAuthentication.SMS,
                List.of(),
                List.of(),
                new MachineConfig.LocaleInfo(settings.country(), settings.fiat(), settings.languages()),
                settings.operator(),
                new MachineConfig.MachineInfo(
                        machine.deviceId(), app.name(), machine.numberOfCassettes(), machine.numberOfRecyclers()),
                new MachineConfig.TriggersAutomation(
                        Automation.AUTOMATIC,
                        Automation.AUTOMATIC,
                        Automation.AUTOMATIC,
                        Automation.AUTOMATIC,
                        Automation.AUTOMATIC));
    }

    private BigDecimal minimumTx() {
        FiatAmount minimum = policy.minimumTx();
        return minimum.currency().equals(settings.fiat()) ? minimum.toMajor() : BigDecimal.ZERO;
    }

    /** lamassu-server's names: the machine checks addresses and invoices against them. */
    private static String cryptoNetwork(Network network) {
        return switch (network) {
            case MAINNET -> "main";
            case TESTNET, SIGNET -> "test";
            case REGTEST -> "regtest";
        };
    }

    private MachineConfig.Dynamic dynamicFor(App app) {
        List<MachineConfig.CoinValues> coins = new ArrayList<>();
        lightningValues(app).ifPresent(coins::add);
        return new MachineConfig.Dynamic(false, cassettes(app), coins, Set.of());
    }

    /**
     * The app's cassettes in dispenser order, named by position. A denomination the machine
     * cannot be told (another currency, or not a whole number of units) leaves the machine without
     * cassettes rather than with a wrong one: it then offers no cash-out.
     */
    private Optional<MachineConfig.Cassettes> cassettes(App app) {
        List<Cassette> ordered = app.cassettes().stream()
                .sorted(Comparator.comparingInt(Cassette::position))
                .toList();
        List<MachineConfig.PhysicalCassette> physical = new ArrayList<>();
        int largest = 0;
        for (Cassette cassette : ordered) {
            FiatAmount denomination = cassette.denomination();
            BigDecimal major = denomination.toMajor();
            if (!denomination.currency().equals(settings.fiat())
                    || major.stripTrailingZeros().scale() > 0
                    || major.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE / 2)) > 0) {
                warnings.warn(
                        "cassettes:" + app.id(),
                        "app " + app.id() + ": cassette " + cassette.position() + " holds "
                                + denomination + ", which a machine taking "
                                + settings.fiat().getCurrencyCode()
                                + " cannot dispense; the machine is sent no cassettes");
                return Optional.empty();
            }
            int value = major.intValueExact();
            largest = Math.max(largest, value);
            physical.add(new MachineConfig.PhysicalCassette("cassette" + cassette.position(), cassette.count(), value));
        }
        // lamassu-server offers twice the largest note as a "virtual" cassette amount
        List<Integer> virtual = physical.isEmpty() ? List.of() : List.of(2 * largest);
        return Optional.of(new MachineConfig.Cassettes(physical, virtual));
    }

    /** The LN coin's prices and balance, or empty (logged) when the rate or the balance cannot be had. */
    private Optional<MachineConfig.CoinValues> lightningValues(App app) {
        ExchangeRate market;
        try {
            market = rates.current(settings.fiat());
        } catch (UnableToFetchRate e) {
            warnings.warn(
                    "rate",
                    "machines are offered no LN: no " + settings.fiat().getCurrencyCode() + " rate (" + e.getMessage()
                            + ")");
            return Optional.empty();
        }
        Satoshi sats;
        try {
            sats = balance();
        } catch (LightningBackendException e) {
            warnings.warn(
                    "balance",
                    "machines are offered no LN: the wallet balance is unavailable (" + e.kind() + ": " + e.getMessage()
                            + ")");
            return Optional.empty();
        }
        BigDecimal price = market.fiatPerBtc();
        BigDecimal cashInShare = policy.cashInCommissionPercent().divide(HUNDRED);
        BigDecimal cashOutShare = policy.cashOutCommissionPercent().divide(HUNDRED);
        BigDecimal cashIn =
                price.multiply(BigDecimal.ONE.add(cashInShare)).setScale(PRICE_DECIMALS, RoundingMode.CEILING);
        BigDecimal cashOut = price.divide(BigDecimal.ONE.add(cashOutShare), PRICE_DECIMALS, RoundingMode.FLOOR);
        BigDecimal balance = BigDecimal.valueOf(sats.sat())
                .multiply(price)
                .multiply(BALANCE_SHARE)
                .divide(SATS_PER_BTC.multiply(BigDecimal.ONE.subtract(cashInShare)), 0, RoundingMode.FLOOR);
        return Optional.of(new MachineConfig.CoinValues(
                LN, balance.longValueExact(), price, price, cashIn, cashOut, zeroConfLimit(app, price)));
    }

    /** The wallet's spendable sats, read at most once per {@link #BALANCE_MAX_AGE}. */
    private Satoshi balance() {
        Instant now = clock.instant();
        Read last = lastBalance.get();
        if (last != null && !now.isBefore(last.at()) && now.isBefore(last.at().plus(BALANCE_MAX_AGE)))
            return last.sats();
        Satoshi sats = lightning.balance().available().truncateToSatoshi();
        lastBalance.set(new Read(sats, now));
        return sats;
    }

    /**
     * Above the largest cash-out allowed: the smaller of the server's and the app's per-tx limit,
     * valued at the market price (above the cash-out price), plus 10% and one unit, so that the
     * machine never asks for phone verification, which this server does not offer.
     */
    private int zeroConfLimit(App app, BigDecimal price) {
        Satoshi limit = app.maxPerTx()
                .filter(own -> own.compareTo(policy.maxPerTx()) < 0)
                .orElse(policy.maxPerTx());
        BigDecimal largest =
                BigDecimal.valueOf(limit.sat()).multiply(price).divide(SATS_PER_BTC, 0, RoundingMode.CEILING);
        BigDecimal withMargin = largest.multiply(ZERO_CONF_MARGIN)
                .setScale(0, RoundingMode.CEILING)
                .add(BigDecimal.ONE);
        return withMargin.min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValueExact();
    }
}
