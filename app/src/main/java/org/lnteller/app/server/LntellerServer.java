package org.lnteller.app.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.lnteller.adapter.galoy.GaloyBackend;
import org.lnteller.adapter.galoy.GaloySettings;
import org.lnteller.adapter.http.ConsoleSettings;
import org.lnteller.adapter.http.HttpApi;
import org.lnteller.adapter.jdbc.JdbcStores;
import org.lnteller.adapter.lnd.LndBackend;
import org.lnteller.adapter.lnd.LndSettings;
import org.lnteller.adapter.lnurl.HttpLnurlService;
import org.lnteller.adapter.phoenixd.PhoenixdBackend;
import org.lnteller.adapter.phoenixd.PhoenixdSettings;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.config.Failures;
import org.lnteller.app.files.PrivateFiles;
import org.lnteller.app.metrics.CountingTransactionStore;
import org.lnteller.app.metrics.StatementMetrics;
import org.lnteller.app.metrics.TimedLightningBackend;
import org.lnteller.core.apps.AppService;
import org.lnteller.core.cashin.CashInService;
import org.lnteller.core.cashin.SendReconciler;
import org.lnteller.core.machine.MachineConfigService;
import org.lnteller.core.machine.MachineService;
import org.lnteller.core.monitor.InvoiceMonitor;
import org.lnteller.core.operator.OperatorService;
import org.lnteller.core.pricing.PriceService;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.store.StoreException;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.usecase.SimulatedPayments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled server: wires the stores, the Lightning backend, the core's use cases, the invoice
 * monitor and the HTTP API, and takes them down in the reverse order. {@link #close()} stops
 * taking requests first, lets in-flight ones finish, then stops the monitor and the stores.
 *
 * <p>Each background job runs on one instance at a time when several share the database: the one
 * holding the job's lease ({@link LeasedJob}); the others stand by and take over when it stops.
 */
public final class LntellerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LntellerServer.class);

    /** The file in the data folder that names this instance among those sharing a database. */
    static final String INSTANCE_FILE = "instance-id";

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final int port;
    private Optional<Integer> metricsPort = Optional.empty();
    private final int machinePort;
    private final @Nullable SimulatedLightning simulated;
    private final String jobHolder;

    // FutureReturnValueIgnored: the scheduled jobs and the certificate renewal catch and log their own failures;
    // close() shuts the scheduler down
    @SuppressWarnings("FutureReturnValueIgnored")
    private LntellerServer(
            Config config, Clock wallClock, SecureRandom random, PrintStream banner, LnurlService lnurl) {
        // The stores keep microseconds; ticking the clock in microseconds makes the first answer
        // about a transaction carry the same timestamps as every later one read back from the store.
        Clock clock = Clock.tick(wallClock, Duration.ofNanos(1_000));
        boolean started = false;
        try {
            // Nothing is written anywhere before the port is known to be free: a second server
            // started by mistake stops here, without migrating the database or making a token.
            requirePortFree(config.http().bind(), config.httpPort());
            secureDataFolder(config.dataDir());
            h2FileOf(config.dbUrl()).ifPresent(LntellerServer::createOwnerOnly);
            AdminTokenFile.AdminToken adminToken =
                    AdminTokenFile.resolve(config.adminToken(), config.dataDir(), random);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

            JdbcStores stores = openStores(config);
            toClose.push(stores);
            // whatever the database created beside its file is the operator's alone too
            secureDataFolder(config.dataDir());
            TransactionStore transactions = new CountingTransactionStore(stores.transactions(), registry);
            StatementMetrics.bind(stores.statements(), registry);

            LightningBackend rawBackend;
            ExchangeRates backendRates = null;
            if (config.backend() == Config.Backend.SIMULATED) {
                simulated = SimulatedLightning.open(
                        config.dataDir(),
                        config.network(),
                        clock,
                        random,
                        config.simulatedBalance(),
                        config.simulatedMaxRoutable());
                // closed after everything that pays or settles through it
                toClose.push(simulated);
                rawBackend = simulated;
            } else if (config.backend() == Config.Backend.LND) {
                Config.Lnd l = config.lnd()
                        .orElseThrow(() -> new ConfigException("LIGHTNING_BACKEND=lnd needs the LND_* settings"));
                LndBackend lnd =
                        new LndBackend(LndSettings.of(l.restUrl(), l.macaroonHex(), l.certSha256(), config.network()));
                toClose.push(lnd);
                try {
                    lnd.verifyNode();
                } catch (IllegalStateException e) {
                    throw new ConfigException(Objects.requireNonNullElse(e.getMessage(), e.toString()));
                }
                simulated = null;
                rawBackend = lnd;
            } else if (config.backend() == Config.Backend.PHOENIXD) {
                Config.Phoenixd p = config.phoenixd()
                        .orElseThrow(
                                () -> new ConfigException("LIGHTNING_BACKEND=phoenixd needs the PHOENIXD_* settings"));
                PhoenixdBackend phoenixd = new PhoenixdBackend(PhoenixdSettings.of(p.url(), p.password())
                        .withLiquidity(p.maxLiquidityFee(), p.autoLiquidity())
                        .withTimeouts(
                                PhoenixdSettings.DEFAULT_CALL_TIMEOUT,
                                PhoenixdSettings.DEFAULT_CONNECT_TIMEOUT,
                                p.payWait()));
                toClose.push(phoenixd);
                simulated = null;
                rawBackend = phoenixd;
            } else {
                Config.Galoy g = config.galoy()
                        .orElseThrow(() -> new ConfigException("LIGHTNING_BACKEND=galoy needs the GALOY_* settings"));
                GaloyBackend galoy =
                        new GaloyBackend(GaloySettings.of(g.endpoint(), g.wsEndpoint(), g.apiKey(), g.walletId()));
                toClose.push(galoy);
                simulated = null;
                rawBackend = galoy;
                backendRates = galoy;
            }
            // Prices are chosen apart from the backend (EXCHANGE_RATES); Blink's are one source among them.
            ExchangeRates rates = RateSources.open(
                    config.rates(), config.prices().currencies(), Optional.ofNullable(backendRates), clock, toClose);
            LightningBackend lightning = new TimedLightningBackend(rawBackend, registry);

            PriceService prices = new PriceService(rates, config.prices(), clock);
            ExecutorService payments = Executors.newCachedThreadPool(daemon("cash-in-payment"));
            // Closed before the stores: payments in flight record their outcome first.
            toClose.push(() -> {
                payments.shutdown();
                if (!payments.awaitTermination(30, TimeUnit.SECONDS)) payments.shutdownNow();
            });
            CashInService cashIns =
                    new CashInService(transactions, lightning, lnurl, prices, config.cashIn(), clock, payments);
            MachineService machines = new MachineService(
                    transactions,
                    stores.apps(),
                    lightning,
                    prices,
                    cashIns,
                    new MachineService.Settings(
                            config.invoiceExpiry(), config.prices().cashOutPriceCheck()),
                    clock);
            SendReconciler reconciler =
                    new SendReconciler(transactions, lightning, config.cashIn(), clock, config.monitorBatch());
            // an expired app is pointed at POST /api/atm/renew only when this server sells renewals
            AppService apps =
                    new AppService(stores.apps(), random, clock, config.appValidity(), config.purchaseEnabled());
            InvoiceMonitor monitor = new InvoiceMonitor(transactions, lightning, clock, config.monitorBatch());
            Optional<PaidProvisioning> purchases = PaidProvisioning.wire(config, stores, lightning, clock, random);
            MachineConfigService machineConfigs = new MachineConfigService(
                    stores.apps(),
                    rates,
                    lightning,
                    stores.configVersions(),
                    config.prices(),
                    config.machineProfile(),
                    clock);
            Optional<MachineWiring> lamassu = MachineWiring.wire(config, stores, clock, random);

            HttpApi.Builder api = HttpApi.builder()
                    .machineTransactions(machines)
                    .apps(apps)
                    .quotes(prices)
                    .operator(new OperatorService(transactions, lightning, clock))
                    .destinationProbe(cashIns)
                    .simulatedPayments(Optional.<SimulatedPayments>ofNullable(simulated))
                    .adminToken(adminToken.value())
                    .publicUrl(config.publicUrl())
                    .defaultCurrency(config.prices().currencies().get(0))
                    .meterRegistry(registry)
                    .healthCheck(() -> healthy(transactions))
                    .provisioning(purchases.map(PaidProvisioning::service))
                    .purchaseRateLimit(
                            config.purchases().ratePerHour(), config.purchases().burst())
                    .machinePairing(lamassu.map(MachineWiring::pairing), lamassu.map(MachineWiring::devices))
                    .bind(config.http().bind())
                    .txConcurrency(config.http().txPerApp(), config.http().txTotal())
                    .txWait(config.http().txWait())
                    .bodyDeadline(config.http().bodyDeadline())
                    .transactionLog(transactions)
                    .clockAndRandom(clock, random)
                    .console(consoleSettings(config), () -> OperatorPasswordFile.read(config.dataDir()));
            config.http()
                    .metricsPort()
                    .ifPresent(metricsPort -> api.metricsListener(config.http().metricsBind(), metricsPort));

            jobHolder = jobHolderOf(config.dataDir());
            LOG.info("background jobs run here as {} while it holds their leases", jobHolder);
            LeasedJob.Leasing leasing =
                    new LeasedJob.Leasing(stores.jobLeases(), jobHolder, clock, config.jobLeaseMinimum());
            List<LeasedJob> jobs = new ArrayList<>();
            // Pushed before the scheduler, so it runs after the scheduler stopped: no pass renews a
            // released lease, and another instance takes the jobs at its next pass.
            toClose.push(() -> jobs.forEach(LeasedJob::release));
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("background"));
            toClose.push(() -> {
                scheduler.shutdown();
                if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) scheduler.shutdownNow();
            });
            jobs.add(leasing.job("invoice-monitor", config.monitorInterval(), () -> runMonitor(monitor)));
            purchases.ifPresent(
                    p -> jobs.add(leasing.job("purchase-monitor", config.monitorInterval(), p::runMonitor)));
            // At once on start-up (a crash may have left payments in doubt), then every few seconds;
            // after a crash of the only instance, once the dead process's lease ran out.
            jobs.add(leasing.job("send-reconciler", config.reconcileInterval(), () -> runReconciler(reconciler)));
            for (LeasedJob job : jobs) {
                scheduler.scheduleWithFixedDelay(job, 0, job.interval().toMillis(), TimeUnit.MILLISECONDS);
            }
            lightning
                    .subscribeInvoiceUpdates(update -> {
                        purchases.ifPresent(p -> p.onUpdate(update));
                        monitor.onUpdate(update);
                    })
                    .ifPresent(toClose::push);

            HttpApi http = api.build();
            port = startListening(http, config.http().bind(), config.httpPort());
            toClose.push(http);
            metricsPort = http.metricsPort();
            if (lamassu.isPresent()) {
                machinePort = lamassu.get().start(machines, prices, apps, cashIns, machineConfigs, config, clock);
                toClose.push(lamassu.get());
                scheduler.scheduleWithFixedDelay(lamassu.get()::renewCertificateIfDue, 12, 12, TimeUnit.HOURS);
            } else {
                machinePort = -1;
            }
            printBanner(banner, config, adminToken);
            started = true;
        } finally {
            if (!started) close();
        }
    }

    /** The one line an operator reads when the port is taken. */
    static String portInUse(int port) {
        return "port " + port + " (HTTP_PORT) is already in use";
    }

    /**
     * Fails with {@link #portInUse} when another process listens on {@code port}: bound and
     * released at once, with the address reuse the HTTP server itself binds with (so a port in
     * TIME_WAIT after this server's own restart counts as free). Port 0 (any free port) always is.
     */
    static void requirePortFree(String bind, int port) {
        if (port == 0) return;
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            // the address the API will listen on (HTTP_BIND): a port taken on another address is no conflict
            probe.bind(new InetSocketAddress(bind, port));
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.toLowerCase(Locale.ROOT).contains("in use")) throw new ConfigException(portInUse(port));
            throw new ConfigException("cannot listen on port " + port + " (HTTP_PORT): " + reason, e);
        } catch (IOException e) {
            throw new ConfigException("cannot listen on port " + port + " (HTTP_PORT): " + e.getMessage(), e);
        }
    }

    /** Starts the HTTP API; a port taken since {@link #requirePortFree} (a race) is reported the same way. */
    /** What the console measures against, and the self-service sale's settings as read-only facts. */
    private static ConsoleSettings consoleSettings(Config config) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Self-service sale (ATM_PURCHASE_ENABLED)", config.purchaseEnabled() ? "on" : "off");
        if (config.purchaseEnabled()) {
            facts.put(
                    "Price (ATM_PURCHASE_PRICE_SATS)",
                    String.format(
                            Locale.ROOT, "%,d sats", config.purchasePrice().sat()));
            facts.put(
                    "App validity (ATM_APP_VALIDITY_DAYS)",
                    config.appValidity().map(d -> d.toDays() + " days").orElse("never expires"));
            facts.put(
                    "Purchases per hour per address (ATM_PURCHASE_RATE_PER_HOUR)",
                    Integer.toString(config.purchases().ratePerHour()));
            facts.put(
                    "Unpaid purchases at most (ATM_PURCHASE_MAX_PENDING)",
                    Integer.toString(config.purchases().maxPending()));
        }
        return new ConsoleSettings(
                config.console().lowBalanceSats(),
                config.console().offlineAfter(),
                config.console().cassetteCapacity(),
                facts);
    }

    private static int startListening(HttpApi api, String bind, int port) {
        try {
            return api.start(port);
        } catch (RuntimeException e) {
            requirePortFree(bind, port);
            throw e;
        }
    }

    /** Creates the data folder owner-only, or makes an existing one so, warning about what was looser. */
    private static void secureDataFolder(Path dataDir) {
        try {
            for (String loose : PrivateFiles.secureFolder(dataDir)) {
                LOG.warn("{} was readable by others; now owner-only", loose);
            }
        } catch (IOException e) {
            throw new ConfigException(
                    "LNTELLER_DATA_DIR: cannot use " + dataDir.toAbsolutePath() + " as the data folder: "
                            + Failures.describe(e),
                    e);
        }
    }

    /**
     * The file of an embedded H2 database ({@code jdbc:h2:file:PATH;...} becomes {@code PATH.mv.db}).
     * H2 creates it with the process's default permissions; created first, owner-only, it stays so.
     */
    static Optional<Path> h2FileOf(String dbUrl) {
        String prefix = "jdbc:h2:file:";
        if (!dbUrl.startsWith(prefix)) return Optional.empty();
        String path = dbUrl.substring(prefix.length()).split(";", 2)[0];
        if (path.isEmpty() || path.startsWith("~")) return Optional.empty();
        return Optional.of(Path.of(path + ".mv.db"));
    }

    private static void createOwnerOnly(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            PrivateFiles.createOwnerOnly(file);
        } catch (IOException e) {
            throw new ConfigException(
                    "LNTELLER_DB_URL: cannot create the database file " + file + ": " + Failures.describe(e), e);
        }
    }

    /** Opens and migrates the database; a failure names the setting it comes from. */
    private static JdbcStores openStores(Config config) {
        try {
            return JdbcStores.open(config.dbUrl());
        } catch (StoreException e) {
            String setting = config.dbUrl().equals(Config.h2UrlIn(config.dataDir()))
                    ? "the H2 database in LNTELLER_DATA_DIR"
                    : "LNTELLER_DB_URL";
            throw new ConfigException(setting + ": " + e.getMessage(), e);
        }
    }

    /** Starts the server; returns once it takes requests. */
    public static LntellerServer start(Config config, Clock clock, SecureRandom random, PrintStream banner) {
        if (config.lnurlAllowPrivateHosts()) {
            LOG.warn(
                    "LNURL_ALLOW_PRIVATE_HOSTS is on: a customer's LNURL or Lightning address may make this server contact "
                            + "loopback, private and link-local hosts, over plain http too. Tests and private deployments only; "
                            + "never on a server that machines reach over the internet.");
        }
        return start(config, clock, random, banner, new HttpLnurlService(config.lnurlAllowPrivateHosts()));
    }

    /** Starts the server with {@code lnurl} as its LNURL client (tests: a client on their own resolver). */
    static LntellerServer start(
            Config config, Clock clock, SecureRandom random, PrintStream banner, LnurlService lnurl) {
        return new LntellerServer(config, clock, random, banner, lnurl);
    }

    /** The port the HTTP API listens on. */
    public int port() {
        return port;
    }

    /** The port of the metrics listener, when {@code METRICS_PORT} set one. */
    public Optional<Integer> metricsPort() {
        return metricsPort;
    }

    /** The machine port (HTTPS for Lamassu machines), or empty with {@code MACHINE_PORT=off}. */
    public java.util.OptionalInt machinePort() {
        return machinePort < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(machinePort);
    }

    /** This process's name in the job leases: host name and a random id. */
    String jobHolder() {
        return jobHolder;
    }

    /** The simulated wallet, when that is the backend. */
    public Optional<SimulatedLightning> simulated() {
        return Optional.ofNullable(simulated);
    }

    private static boolean healthy(TransactionStore transactions) {
        try {
            transactions.find(TxId.of("healthz"));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("health check: store unavailable: {}", e.getMessage());
            return false;
        }
    }

    /**
     * A name for this process in the job leases: the host, so that an operator sees where a job
     * runs, and a random id, so that two instances on one host (or a restarted one) never pass for
     * each other. At most 97 characters, within the leases' 100.
     */
    /**
     * This instance's name as a holder of job leases, kept in its data folder: a server restarted
     * after a crash is the same holder and takes its jobs back at once, instead of waiting for its
     * own old leases to run out. Each instance has a data folder of its own, so names never clash.
     */
    private static String jobHolderOf(Path dataDir) {
        try {
            return PrivateFiles.readOrCreate(dataDir.resolve(INSTANCE_FILE), LntellerServer::newJobHolder)
                    .value();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + dataDir.resolve(INSTANCE_FILE), e);
        }
    }

    private static String newJobHolder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME"))
                    .filter(h -> !h.isBlank())
                    .orElse("unknown-host");
        }
        return (host.length() > 60 ? host.substring(0, 60) : host) + "/" + UUID.randomUUID();
    }

    /** One invoice monitor pass, logged when it changed something; LeasedJob keeps a failure from stopping the schedule. */
    private static void runMonitor(InvoiceMonitor monitor) {
        InvoiceMonitor.Pass pass = monitor.runOnce();
        if (pass.paid() + pass.expired() + pass.failed() > 0) {
            LOG.info(
                    "monitor pass: checked={} paid={} expired={} failed={}",
                    pass.checked(),
                    pass.paid(),
                    pass.expired(),
                    pass.failed());
        }
    }

    /** One reconciler pass, logged when it found work; LeasedJob keeps a failure from stopping the schedule. */
    private static void runReconciler(SendReconciler reconciler) {
        SendReconciler.Pass pass = reconciler.runOnce();
        if (pass.checked() > 0) {
            LOG.info(
                    "reconciler pass: checked={} confirmed={} failed={} still pending={}",
                    pass.checked(),
                    pass.confirmed(),
                    pass.failed(),
                    pass.stillPending());
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void printBanner(PrintStream out, Config config, AdminTokenFile.AdminToken adminToken) {
        out.println("lnteller listening on http://localhost:" + port + " (public URL " + config.publicUrl() + ")");
        out.println("  database:  " + config.dbUrlForDisplay());
        out.println("  listening: " + config.http().bind() + ":" + port
                + metricsPort
                        .map(p ->
                                "; metrics without a token on " + config.http().metricsBind() + ":" + p)
                        .orElse("; GET /metrics needs the admin token"));
        out.println("  console:   " + config.publicUrl().replaceAll("/+$", "") + "/console (sign in with "
                + (OperatorPasswordFile.read(config.dataDir()).isPresent()
                        ? "the operator password"
                        : "the admin token; set a password with `lnteller password`")
                + ")");
        if (machinePort >= 0) {
            out.println("  machines:  https://" + config.machine().bind() + ":" + machinePort
                    + " for Lamassu machines (pair one with `lnteller pair <app-id>`)");
        }
        if (simulated != null) {
            out.println("  lightning: simulated on " + config.network().name().toLowerCase(Locale.ROOT)
                    + " -- SIMULATED LIGHTNING, NO REAL FUNDS");
        } else if (config.backend() == Config.Backend.LND) {
            out.println("  lightning: LND at "
                    + config.lnd().map(l -> l.restUrl().toString()).orElse("?") + ", "
                    + config.network().name().toLowerCase(Locale.ROOT));
        } else if (config.backend() == Config.Backend.PHOENIXD) {
            out.println("  lightning: phoenixd at "
                    + config.phoenixd().map(p -> p.url().toString()).orElse("?") + ", "
                    + config.network().name().toLowerCase(Locale.ROOT) + ", inbound liquidity fee cap "
                    + config.phoenixd().map(p -> p.maxLiquidityFee().toString()).orElse("?"));
        } else {
            out.println("  lightning: Blink at "
                    + config.galoy().map(g -> g.endpoint().toString()).orElse("?") + " (wallet "
                    + config.galoy().map(Config.Galoy::walletId).orElse("?") + "), "
                    + config.network().name().toLowerCase(Locale.ROOT));
        }
        out.println("  prices:    " + config.rates());
        if (simulated == null && config.rates().isFixed()) {
            LOG.warn(
                    "EXCHANGE_RATES=fixed with real funds: machines quote {} whatever the market does",
                    config.rates().fixed());
        }
        if (config.lnurlAllowPrivateHosts()) {
            out.println(
                    "  WARNING:   LNURL_ALLOW_PRIVATE_HOSTS=true: customers' LNURLs may reach private and loopback hosts");
        }
        if (adminToken.generated()) {
            out.println("  admin token (generated now, shown once, kept in "
                    + adminToken.file().orElseThrow() + "):");
            out.println("    " + adminToken.value());
        } else {
            out.println(
                    "  admin token: " + adminToken.file().map(p -> "in " + p).orElse("from ADMIN_TOKEN"));
        }
        if (simulated != null)
            LOG.warn(
                    "simulated Lightning, no real funds: invoices are settled with `lnteller pay` or POST /api/dev/invoices/{hash}/pay");
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Stops taking requests, lets those in flight finish, then stops the background jobs, releases
     * their leases and closes the database last.
     *
     * @return true when every part stopped without an error (each error is logged)
     */
    public boolean stop() {
        boolean clean = true;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                clean = false;
                LOG.warn("while shutting down", e);
            }
        }
        return clean;
    }
}
