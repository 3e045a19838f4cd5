package org.lnteller.app.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lnteller.adapter.jdbc.JdbcStores;
import org.lnteller.adapter.lnd.LndSettings;
import org.lnteller.adapter.phoenixd.PhoenixdSettings;
import org.lnteller.codec.Network;
import org.lnteller.core.cashin.CashInSettings;
import org.lnteller.core.machine.MachineConfigService;
import org.lnteller.core.pricing.PricePolicy;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;

/**
 * The server's configuration, parsed once at start-up from {@link Settings}. Every setting has a
 * safe default; a malformed one stops the start with a {@link ConfigException} naming it.
 * {@link #toString()} never shows a secret.
 */
public record Config(
        Path dataDir,
        String dbUrl,
        int httpPort,
        String publicUrl,
        Backend backend,
        Optional<Galoy> galoy,
        Optional<Lnd> lnd,
        Optional<String> adminToken,
        Network network,
        PricePolicy prices,
        Duration invoiceExpiry,
        Duration monitorInterval,
        int monitorBatch,
        RatesConfig rates,
        Satoshi simulatedBalance,
        Satoshi simulatedMaxRoutable,
        boolean purchaseEnabled,
        Satoshi purchasePrice,
        Optional<Duration> appValidity,
        CashInSettings cashIn,
        Duration reconcileInterval,
        PurchaseSettings purchases,
        Duration jobLeaseMinimum,
        Optional<Phoenixd> phoenixd,
        MachineConfigService.Settings machineProfile,
        boolean lnurlAllowPrivateHosts,
        HttpSettings http,
        Machine machine,
        ConsoleConfig console) {

    /** {@code LIGHTNING_BACKEND}. */
    public enum Backend {
        SIMULATED,
        GALOY,
        LND,
        PHOENIXD
    }

    /** The Blink (Galoy) account. {@code apiKey} is a secret. */
    public record Galoy(URI endpoint, URI wsEndpoint, String apiKey, String walletId) {
        @Override
        public String toString() {
            return "Galoy[endpoint=" + endpoint + ", wsEndpoint=" + wsEndpoint + ", apiKey=<redacted>, walletId="
                    + walletId + "]";
        }
    }

    /**
     * The operator's phoenixd node. {@code password} (the full-access http-password) is a secret.
     *
     * @param maxLiquidityFee the most phoenixd may take out of one cash-out payment to buy inbound liquidity
     * @param autoLiquidity   phoenixd's own auto-liquidity setting, which the fee is paid on
     * @param payWait         how long one payinvoice call is waited for before the payment is reconciled
     */
    public record Phoenixd(URI url, String password, Satoshi maxLiquidityFee, Satoshi autoLiquidity, Duration payWait) {
        @Override
        public String toString() {
            return "Phoenixd[url=" + url + ", password=<redacted>, maxLiquidityFee=" + maxLiquidityFee
                    + ", autoLiquidity=" + autoLiquidity + ", payWait=" + payWait + "]";
        }
    }

    /**
     * The machine port for Lamassu machines (HTTPS with client certificates).
     *
     * @param port              {@code MACHINE_PORT} (3000; {@code off} for none; Lamassu machines call 3000 only)
     * @param bind              {@code MACHINE_BIND}: the address it listens on (all interfaces)
     * @param hosts             {@code MACHINE_HOSTS}: names and addresses in the server certificate, comma-separated;
     *                          empty for the default (this host's name and non-loopback addresses); the first is the totem's host
     * @param ownTls            {@code MACHINE_TLS_CA}, {@code MACHINE_TLS_CERT}, {@code MACHINE_TLS_KEY}: the operator's PEM files,
     *                          all three or none (then the server makes its own CA in the data folder)
     * @param pairingValidity   {@code MACHINE_PAIRING_MINUTES} (60): how long a totem works
     * @param pairingsPerHour   {@code MACHINE_PAIRING_RATE_PER_HOUR} (20): /ca and /pair calls per client address an hour
     * @param pairingBurst      {@code MACHINE_PAIRING_BURST} (5): how many of them at once
     * @param logLinesPerDevice {@code MACHINE_LOG_LINES} (10000): uploaded log lines kept per machine
     */
    public record Machine(
            java.util.OptionalInt port,
            String bind,
            List<String> hosts,
            Optional<OwnTls> ownTls,
            Duration pairingValidity,
            int pairingsPerHour,
            int pairingBurst,
            int logLinesPerDevice) {
        public Machine {
            hosts = List.copyOf(hosts);
        }

        /** The operator's own CA, certificate (chain) and key, PEM files. */
        public record OwnTls(Path ca, Path certificate, Path key) {}

        // StringSplitter: split drops a trailing empty entry, so a setting's trailing comma is forgiven
        @SuppressWarnings("StringSplitter")
        static Machine from(Settings s) {
            String portText = s.get("MACHINE_PORT").orElse("3000");
            java.util.OptionalInt port = portText.equalsIgnoreCase("off")
                    ? java.util.OptionalInt.empty()
                    : java.util.OptionalInt.of((int) integer(s, "MACHINE_PORT", 3000, 0, 65535));
            List<String> hosts = new ArrayList<>();
            for (String host : s.get("MACHINE_HOSTS").orElse("").split(",")) {
                String h = host.strip();
                if (h.isEmpty()) continue;
                if (!h.matches("[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:]{2,39}")) {
                    throw new ConfigException("MACHINE_HOSTS must list host names or IP addresses, not '" + h + "'");
                }
                hosts.add(h);
            }
            Optional<String> ca = s.get("MACHINE_TLS_CA");
            Optional<String> cert = s.get("MACHINE_TLS_CERT");
            Optional<String> key = s.get("MACHINE_TLS_KEY");
            long given = java.util.stream.Stream.of(ca, cert, key)
                    .filter(Optional::isPresent)
                    .count();
            if (given != 0 && given != 3) {
                throw new ConfigException(
                        "MACHINE_TLS_CA, MACHINE_TLS_CERT and MACHINE_TLS_KEY go together: set all three or none");
            }
            Optional<OwnTls> own = given == 3
                    ? Optional.of(new OwnTls(Path.of(ca.get()), Path.of(cert.get()), Path.of(key.get())))
                    : Optional.empty();
            return new Machine(
                    port,
                    s.get("MACHINE_BIND").orElse("0.0.0.0"),
                    hosts,
                    own,
                    Duration.ofMinutes(integer(s, "MACHINE_PAIRING_MINUTES", 60, 1, 7 * 24 * 60)),
                    (int) integer(s, "MACHINE_PAIRING_RATE_PER_HOUR", 20, 1, 1_000_000),
                    (int) integer(s, "MACHINE_PAIRING_BURST", 5, 1, 1_000_000),
                    (int) integer(s, "MACHINE_LOG_LINES", 10_000, 1, 1_000_000));
        }
    }

    /**
     * The operator's LND node: its REST gateway, the macaroon (hex; a secret) and the SHA-256 of its
     * {@code tls.cert}, the only certificate accepted.
     */
    // ArrayRecordComponent: read once from the environment and handed to LndSettings, which copies it
    @SuppressWarnings("ArrayRecordComponent")
    public record Lnd(URI restUrl, String macaroonHex, byte[] certSha256) {
        @Override
        public String toString() {
            return "Lnd[restUrl=" + restUrl + ", macaroon=<redacted>, certSha256="
                    + java.util.HexFormat.of().formatHex(certSha256) + "]";
        }
    }

    // StringSplitter: split drops a trailing empty entry, so a setting's trailing comma is forgiven
    @SuppressWarnings("StringSplitter")
    public static Config from(Settings s) {
        Path dataDir = Path.of(s.get("LNTELLER_DATA_DIR").orElse("data"));
        String dbUrl = s.get("LNTELLER_DB_URL").orElse(h2UrlIn(dataDir));
        int port = (int) integer(s, "HTTP_PORT", 8080, 0, 65535);
        String publicUrl = s.get("LNTELLER_PUBLIC_URL").orElse("http://localhost:" + port);
        Backend backend = choice(s, "LIGHTNING_BACKEND", Backend.SIMULATED, Backend.class);
        Optional<Galoy> galoy = Optional.empty();
        if (backend == Backend.GALOY) {
            URI endpoint = uri(s, "GALOY_ENDPOINT", "https://api.blink.sv/graphql");
            galoy = Optional.of(new Galoy(
                    endpoint,
                    uri(s, "GALOY_WS_ENDPOINT", "wss://ws.blink.sv/graphql"),
                    required(s, "GALOY_API_KEY", "a Blink API key (Dashboard > API Keys)"),
                    required(s, "GALOY_WALLET_ID", "the id of the account's BTC wallet")));
        }
        Optional<Phoenixd> phoenixd = backend == Backend.PHOENIXD ? Optional.of(phoenixd(s)) : Optional.empty();
        Optional<Lnd> lnd = backend == Backend.LND ? Optional.of(lnd(s)) : Optional.empty();
        Network network = s.get("LNTELLER_NETWORK")
                .map(v -> parse("LNTELLER_NETWORK", v, Network::parse))
                .orElse(backend == Backend.SIMULATED ? Network.REGTEST : Network.MAINNET);

        List<Currency> currencies = new ArrayList<>();
        for (String code : s.get("LNTELLER_FIAT_CURRENCIES").orElse("USD").split(",")) {
            currencies.add(
                    parse("LNTELLER_FIAT_CURRENCIES", code.strip().toUpperCase(Locale.ROOT), FiatAmount::currency));
        }
        Currency main = currencies.get(0);
        PricePolicy prices = new PricePolicy(
                currencies,
                decimal(s, "CASH_IN_COMMISSION_PERCENT", "5"),
                decimal(s, "CASH_OUT_COMMISSION_PERCENT", "5"),
                parse("MINIMUM_TX", s.get("MINIMUM_TX").orElse("0"), v -> FiatAmount.ofMajor(main, new BigDecimal(v))),
                Satoshi.of(integer(s, "MAX_PER_TX_SATS", 2_000_000, 1, Long.MAX_VALUE)),
                choice(
                        s,
                        "CASH_OUT_PRICE_CHECK",
                        PricePolicy.CashOutPriceCheck.WARN,
                        PricePolicy.CashOutPriceCheck.class));

        RatesConfig rates = RatesConfig.from(s, backend, currencies);
        long validityDays = integer(s, "ATM_APP_VALIDITY_DAYS", 365, 0, 36_500);
        return new Config(
                dataDir,
                dbUrl,
                port,
                publicUrl,
                backend,
                galoy,
                lnd,
                s.get("ADMIN_TOKEN"),
                network,
                prices,
                Duration.ofMinutes(integer(s, "INVOICE_EXPIRY_MINUTES", 30, 1, 7 * 24 * 60)),
                Duration.ofMillis(integer(s, "MONITOR_INTERVAL_MS", 1000, 50, 3_600_000)),
                (int) integer(s, "MONITOR_BATCH", 200, 1, 10_000),
                rates,
                Satoshi.of(integer(s, "SIMULATED_BALANCE_SATS", 10_000_000, 0, Satoshi.MAX_SUPPLY.sat())),
                Satoshi.of(integer(s, "SIMULATED_MAX_ROUTABLE_SATS", 1_500_000, 1, Satoshi.MAX_SUPPLY.sat())),
                bool(s, "ATM_PURCHASE_ENABLED", false),
                Satoshi.of(integer(s, "ATM_PURCHASE_PRICE_SATS", 10_000, 1, 100_000_000)),
                validityDays == 0 ? Optional.empty() : Optional.of(Duration.ofDays(validityDays)),
                new CashInSettings(
                        network,
                        Duration.ofSeconds(integer(s, "CASH_IN_EXPIRY_MARGIN_SECONDS", 60, 0, 86_400)),
                        Duration.ofMillis(integer(s, "CASH_IN_SEND_WAIT_MS", 4_000, 0, 60_000)),
                        decimal(s, "CASH_IN_PRICE_TOLERANCE_PERCENT", "1"),
                        decimal(s, "CASH_IN_MAX_FEE_PERCENT", "1"),
                        Satoshi.of(integer(s, "CASH_IN_MIN_MAX_FEE_SATS", 10, 0, 1_000_000)),
                        Duration.ofSeconds(integer(s, "CASH_IN_NOT_FOUND_GRACE_SECONDS", 120, 1, 86_400))),
                Duration.ofMillis(integer(s, "RECONCILE_INTERVAL_MS", 5_000, 100, 3_600_000)),
                PurchaseSettings.from(s),
                // How long, at least, an instance sharing the database keeps a background job after
                // its last pass: a dead instance's jobs wait this long for another to take them.
                Duration.ofMillis(integer(s, "JOB_LEASE_MIN_MS", 10_000, 1_000, 3_600_000)),
                phoenixd,
                // What Lamassu machines are told about their place and operator (MACHINE_COUNTRY, ...).
                MachineProfileSettings.from(s, main, network),
                // Lets a customer's LNURL or Lightning address reach loopback, private and link-local
                // hosts (and plain http to them): for tests and private deployments only.
                bool(s, "LNURL_ALLOW_PRIVATE_HOSTS", false),
                HttpSettings.from(s, port),
                Machine.from(s),
                ConsoleConfig.from(s));
    }

    /**
     * {@code PHOENIXD_URL}; the password from {@code PHOENIXD_PASSWORD}, else from the
     * {@code http-password} line of {@code PHOENIXD_PASSWORD_FILE} (phoenixd's {@code phoenix.conf},
     * by default {@code ~/.phoenix/phoenix.conf}, which phoenixd writes on its first start).
     */
    private static Phoenixd phoenixd(Settings s) {
        URI url = uri(s, "PHOENIXD_URL", PhoenixdSettings.DEFAULT_URL);
        if ((!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme()))
                || url.getHost() == null) {
            throw new ConfigException("PHOENIXD_URL must be an http(s) URL such as " + PhoenixdSettings.DEFAULT_URL
                    + ", not '" + url + "'");
        }
        String password = s.get("PHOENIXD_PASSWORD").filter(p -> !p.isBlank()).orElseGet(() -> {
            Path conf = Path.of(s.get("PHOENIXD_PASSWORD_FILE")
                    .orElse(Path.of(System.getProperty("user.home"), ".phoenix", "phoenix.conf")
                            .toString()));
            try {
                return PhoenixdSettings.passwordFromConf(conf);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        "PHOENIXD_PASSWORD is not set and PHOENIXD_PASSWORD_FILE gives none: " + e.getMessage()
                                + " (set PHOENIXD_PASSWORD to phoenixd's full-access http-password, or PHOENIXD_PASSWORD_FILE to its phoenix.conf)");
            }
        });
        return new Phoenixd(
                url,
                password,
                Satoshi.of(integer(s, "PHOENIXD_MAX_LIQUIDITY_FEE_SATS", 0, 0, 100_000_000)),
                Satoshi.of(integer(s, "PHOENIXD_AUTO_LIQUIDITY_SATS", 2_000_000, 0, 100_000_000)),
                Duration.ofSeconds(integer(s, "PHOENIXD_PAY_WAIT_SECONDS", 60, 1, 3_600)));
    }

    /** The embedded default: an H2 file in the data folder, in PostgreSQL mode. */
    public static String h2UrlIn(Path dataDir) {
        return JdbcStores.h2FileUrl(dataDir.resolve("lnteller"));
    }

    /** The database URL without credentials, for banners and logs. */
    public String dbUrlForDisplay() {
        return dbUrl.replaceAll("(?i)(password=)[^&;]*", "$1<redacted>");
    }

    @Override
    public String toString() {
        return "Config[dataDir=" + dataDir + ", db=" + dbUrlForDisplay() + ", httpPort=" + httpPort + ", publicUrl="
                + publicUrl
                + ", backend=" + backend + galoy.map(g -> ", " + g).orElse("")
                + lnd.map(l -> ", " + l).orElse("")
                + phoenixd.map(p -> ", " + p).orElse("") + ", adminToken="
                + (adminToken.isPresent() ? "<set>" : "<generated>") + ", network=" + network + ", prices=" + prices
                + ", rates=" + rates
                + ", invoiceExpiry=" + invoiceExpiry + ", monitorInterval=" + monitorInterval
                + ", lnurlAllowPrivateHosts=" + lnurlAllowPrivateHosts + "]";
    }

    /**
     * {@code LND_REST_URL} (default https://127.0.0.1:8080), the macaroon from {@code LND_MACAROON_HEX}
     * or the file {@code LND_MACAROON}, the pin from the file {@code LND_TLS_CERT} or the fingerprint
     * {@code LND_TLS_CERT_SHA256}. A missing or unreadable one stops the start, naming it.
     */
    private static Lnd lnd(Settings s) {
        URI restUrl = uri(s, "LND_REST_URL", "https://127.0.0.1:8080");
        if (!"https".equalsIgnoreCase(restUrl.getScheme()))
            throw new ConfigException("LND_REST_URL must be https://host:port, not " + restUrl);
        String macaroon;
        if (s.get("LND_MACAROON_HEX").isPresent()) {
            macaroon = s.get("LND_MACAROON_HEX").get().strip();
            if (!macaroon.matches("(?i)([0-9a-f]{2})+"))
                throw new ConfigException("LND_MACAROON_HEX must be the macaroon in hex");
        } else {
            String file = s.get("LND_MACAROON")
                    .orElseThrow(
                            () -> new ConfigException(
                                    "LND_MACAROON (path to the macaroon file) or LND_MACAROON_HEX is required with LIGHTNING_BACKEND=lnd"));
            try {
                macaroon = LndSettings.readMacaroon(Path.of(file));
            } catch (java.io.IOException | RuntimeException e) {
                throw new ConfigException(
                        "LND_MACAROON: cannot read the macaroon file " + file + " (" + e.getMessage() + ")");
            }
        }
        byte[] pin;
        if (s.get("LND_TLS_CERT_SHA256").isPresent()) {
            pin = parse("LND_TLS_CERT_SHA256", s.get("LND_TLS_CERT_SHA256").get(), LndSettings::parsePin);
        } else {
            String file = s.get("LND_TLS_CERT")
                    .orElseThrow(
                            () -> new ConfigException(
                                    "LND_TLS_CERT (path to the node's tls.cert) or LND_TLS_CERT_SHA256 is required with LIGHTNING_BACKEND=lnd"));
            try {
                pin = LndSettings.certificatePin(Path.of(file));
            } catch (java.io.IOException | RuntimeException e) {
                throw new ConfigException(
                        "LND_TLS_CERT: cannot read the certificate " + file + " (" + e.getMessage() + ")");
            }
        }
        return new Lnd(restUrl, macaroon, pin);
    }

    private static String required(Settings s, String name, String what) {
        return s.get(name)
                .orElseThrow(() -> new ConfigException(name + " is required with LIGHTNING_BACKEND=galoy: " + what));
    }

    static long integer(Settings s, String name, long fallback, long min, long max) {
        long value = s.get(name).map(v -> parse(name, v, Long::parseLong)).orElse(fallback);
        if (value < min || value > max)
            throw new ConfigException(name + " must be between " + min + " and " + max + ", not " + value);
        return value;
    }

    private static BigDecimal decimal(Settings s, String name, String fallback) {
        return parse(name, s.get(name).orElse(fallback), BigDecimal::new);
    }

    private static boolean bool(Settings s, String name, boolean fallback) {
        return s.get(name)
                .map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default -> throw new ConfigException(name + " must be true or false, not '" + v + "'");
                })
                .orElse(fallback);
    }

    private static URI uri(Settings s, String name, String fallback) {
        return parse(name, s.get(name).orElse(fallback), URI::create);
    }

    private static <E extends Enum<E>> E choice(Settings s, String name, E fallback, Class<E> type) {
        return s.get(name)
                .map(v -> {
                    try {
                        return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name + " must be one of "
                                + java.util.Arrays.toString(type.getEnumConstants())
                                        .toLowerCase(Locale.ROOT) + ", not '" + v + "'");
                    }
                })
                .orElse(fallback);
    }

    interface Parser<T> {
        T parse(String text);
    }

    static <T> T parse(String name, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(name + " is malformed: '" + value + "' (" + e.getMessage() + ")");
        }
    }
}
