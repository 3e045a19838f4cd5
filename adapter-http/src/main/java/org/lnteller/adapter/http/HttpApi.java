package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.CashInResolution;
import org.lnteller.ports.usecase.DestinationProbe;
import org.lnteller.ports.usecase.Devices;
import org.lnteller.ports.usecase.MachineTransactions;
import org.lnteller.ports.usecase.Operator;
import org.lnteller.ports.usecase.Pairing;
import org.lnteller.ports.usecase.Provisioning;
import org.lnteller.ports.usecase.Quotes;
import org.lnteller.ports.usecase.SimulatedPayments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of lnteller: the Lamassu machine API, the admin API, {@code /healthz} and
 * {@code /metrics}, over the driving ports. Build with {@link #builder()}, {@link #start(int)} once,
 * {@link #close()} to stop gracefully.
 *
 * <p>Slow clients cannot starve it: a request body must arrive within the body deadline
 * ({@link BodyDeadline}), {@code POST /tx} requests in flight are limited per app and in total
 * ({@link TxAdmission}), and connections waiting to be accepted are bounded
 * ({@link #ACCEPT_QUEUE}). {@code /metrics} needs the admin token, except on its own listener
 * ({@link Builder#metricsListener}), which answers nothing else but {@code /healthz}.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    static final String ROUTE_ATTRIBUTE = "lnteller.route";
    static final String APP_ATTRIBUTE = "lnteller.app";
    static final String TX_ATTRIBUTE = "lnteller.tx";
    /** The code of an error answer, for the request log. */
    static final String ERROR_CODE_ATTRIBUTE = "lnteller.errorCode";
    /** The {@link BodyDeadline} a handler reads the request body under. */
    static final String DEADLINE_ATTRIBUTE = "lnteller.bodyDeadline";
    /** Connections accepted by the kernel but not yet by Jetty, at most; beyond them the kernel refuses. */
    static final int ACCEPT_QUEUE = 128;
    /** The route tag of requests that matched no route: one value, so scanners cannot blow up the metrics. */
    static final String UNMATCHED_ROUTE = "unmatched";

    private final MachineApi machine;
    private final AdminApi admin;
    private final ProvisioningApi provisioning;
    private final MachineAdminApi machineAdmin;
    private final ConsoleApi console;
    private final InsightsApi insights;
    private final RecentErrors recentErrors;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier healthy;
    private final Duration stopTimeout;
    private final AdminToken adminToken;
    private final String bind;
    private final Optional<Listener> metricsListener;
    private final Duration bodyDeadline;
    private @Nullable Javalin javalin;
    private @Nullable ScheduledExecutorService deadlineTimer;
    private @Nullable BodyDeadline deadline;
    private @Nullable ServerConnector metricsConnector;
    private boolean closed;

    /** Where a listener binds: an interface address ({@code 0.0.0.0} for all) and a port (0 for any free one). */
    record Listener(String host, int port) {
        Listener {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("a port is from 0 to 65535");
        }
    }

    private HttpApi(Builder b) {
        Currency currency = Objects.requireNonNull(b.defaultCurrency, "defaultCurrency");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("the default currency must have minor units: " + currency);
        }
        this.machine = new MachineApi(
                Objects.requireNonNull(b.machineTransactions, "machineTransactions"),
                Objects.requireNonNull(b.quotes, "quotes"),
                Objects.requireNonNull(b.apps, "apps"),
                Objects.requireNonNull(b.destinationProbe, "destinationProbe"),
                new MachinePostParser(currency, () -> new TxId(UUID.randomUUID().toString())),
                new TxAdmission(b.txPerApp, b.txTotal, b.txWait));
        // one limiter of wrong admin tokens (and console sign-ins) for every route behind the admin token
        ConsoleSessions sessions = new ConsoleSessions(b.clock, b.random, b.sessionIdle, b.sessionAbsolute);
        this.adminToken = new AdminToken(
                Objects.requireNonNull(b.adminToken, "adminToken"),
                new FailedLoginLimiter(FailedLoginLimiter.DEFAULT_BURST, FailedLoginLimiter.DEFAULT_REFILL),
                Optional.of(sessions));
        this.admin = new AdminApi(
                Objects.requireNonNull(b.apps, "apps"),
                Objects.requireNonNull(b.operator, "operator"),
                b.simulatedPayments,
                adminToken,
                Objects.requireNonNull(b.publicUrl, "publicUrl"),
                currency);
        this.provisioning = new ProvisioningApi(
                b.provisioning, adminToken, b.publicUrl, new PurchaseRateLimiter(b.purchasesPerHour, b.purchaseBurst));
        this.bind = b.bind;
        this.metricsListener = b.metricsListener;
        this.bodyDeadline = b.bodyDeadline;
        this.machineAdmin = new MachineAdminApi(b.pairing, b.devices, adminToken);
        this.recentErrors = new RecentErrors(b.clock);
        this.console = new ConsoleApi(
                adminToken, sessions, b.operatorPassword, b.publicUrl.regionMatches(true, 0, "https:", 0, 6));
        this.insights = new InsightsApi(
                Objects.requireNonNull(b.operator, "operator"),
                Objects.requireNonNull(b.apps, "apps"),
                b.devices,
                Objects.requireNonNull(b.transactionLog, "transactionLog"),
                adminToken,
                b.consoleSettings,
                recentErrors,
                b.clock,
                b.provisioning.isPresent());
        this.registry = Objects.requireNonNull(b.registry, "meterRegistry");
        this.healthy = Objects.requireNonNull(b.healthCheck, "healthCheck");
        this.stopTimeout = Objects.requireNonNull(b.stopTimeout, "stopTimeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening on the bind address ({@link Builder#bind}; all interfaces unless set), and
     * on the metrics listener when one is set.
     *
     * @param port the TCP port, 0 for any free one
     * @return the bound port
     * @throws IllegalStateException when already started or closed
     */
    public synchronized int start(int port) {
        if (javalin != null || closed) throw new IllegalStateException("an HttpApi starts once");
        deadlineTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-body-deadline");
            t.setDaemon(true);
            return t;
        });
        deadline = new BodyDeadline(bodyDeadline, deadlineTimer);
        javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = Json.MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> {
                // StatisticsHandler tracks in-flight requests, so stop() waits for them up to the stop timeout
                server.setHandler(new StatisticsHandler());
                server.setStopTimeout(stopTimeout.toMillis());
                server.setStopAtShutdown(false);
                server.setErrorHandler(new JsonErrorHandler());
            });
            // the main listener first: Javalin reports the first connector's port
            config.jetty.addConnector((server, http) -> connector(server, http, new Listener(bind, port), "http"));
            metricsListener.ifPresent(listener -> config.jetty.addConnector((server, http) -> {
                metricsConnector = connector(server, http, listener, "metrics");
                return metricsConnector;
            }));
            config.requestLogger.http(this::observe);
        });
        javalin.before(ctx -> {
            ctx.attribute(DEADLINE_ATTRIBUTE, deadline);
            // the metrics listener is for a scraper on a private network: it serves nothing else
            if (onMetricsListener(ctx) && !"/metrics".equals(ctx.path()) && !"/healthz".equals(ctx.path())) {
                throw ApiError.notFound("the metrics listener serves /metrics and /healthz only");
            }
        });
        route(HandlerType.POST, "/tx", machine::postTx);
        route(HandlerType.GET, "/tx/{id}", machine::getTx);
        route(HandlerType.GET, "/rates", machine::rates);
        route(HandlerType.GET, "/probe", machine::probe);
        route(HandlerType.POST, "/api/admin/app/add", admin::addApp);
        route(HandlerType.PUT, "/api/admin/apps/{app_id}/cassettes", admin::replaceCassettes);
        route(HandlerType.GET, "/api/admin/apps", admin::listApps);
        route(HandlerType.POST, "/api/admin/apps/{app_id}/disable", admin::disableApp);
        route(HandlerType.POST, "/api/admin/apps/{app_id}/enable", admin::enableApp);
        route(HandlerType.POST, "/api/admin/apps/{app_id}/rotate-token", admin::rotateToken);
        route(HandlerType.DELETE, "/api/admin/apps/{app_id}", admin::deleteApp);
        route(HandlerType.GET, "/api/admin/txs", admin::listTransactions);
        route(HandlerType.GET, "/api/admin/balance", admin::balance);
        route(HandlerType.GET, "/api/admin/cashins/stuck", admin::stuckCashIns);
        route(HandlerType.POST, "/api/admin/txs/{id}/refund", ctx -> admin.resolveCashIn(ctx, CashInResolution.REFUND));
        route(HandlerType.POST, "/api/admin/txs/{id}/cancel", ctx -> admin.resolveCashIn(ctx, CashInResolution.CANCEL));
        route(HandlerType.POST, "/api/dev/invoices/{paymentHash}/pay", admin::payInvoice);
        route(HandlerType.POST, "/api/atm/purchase", provisioning::purchase);
        route(HandlerType.GET, "/api/atm/purchase/{payment_hash}", provisioning::status);
        route(HandlerType.POST, "/api/atm/renew", provisioning::renew);
        route(HandlerType.GET, "/api/admin/purchases", provisioning::list);
        route(HandlerType.POST, "/api/admin/apps/{app_id}/pairings", machineAdmin::createPairing);
        route(HandlerType.GET, "/api/admin/apps/{app_id}/devices", machineAdmin::listDevices);
        route(HandlerType.DELETE, "/api/admin/apps/{app_id}/devices/{fingerprint}", machineAdmin::unpair);
        route(HandlerType.GET, "/api/admin/apps/{app_id}/logs", machineAdmin::logs);
        route(HandlerType.GET, "/api/admin/txs/{id}", insights::transaction);
        route(HandlerType.GET, "/api/admin/summary", insights::summary);
        route(HandlerType.GET, "/api/admin/fleet", insights::fleet);
        route(HandlerType.GET, "/api/admin/problems", insights::problems);
        route(HandlerType.GET, "/api/admin/console", insights::settings);
        route(HandlerType.POST, "/api/admin/session", console::signIn);
        route(HandlerType.GET, "/api/admin/session", console::whoAmI);
        route(HandlerType.DELETE, "/api/admin/session", console::signOut);
        route(HandlerType.GET, "/console", console::page);
        route(HandlerType.GET, "/console/assets/{version}/<name>", console::asset);
        route(HandlerType.GET, "/healthz", this::health);
        route(HandlerType.GET, "/metrics", this::metrics);
        javalin.exception(Exception.class, this::failed);
        // Javalin answers its own refusals (no route, wrong method) itself unless this class is mapped explicitly
        javalin.exception(HttpResponseException.class, Errors::handle);
        javalin.start();
        return javalin.port();
    }

    /** Answers the failure, and remembers failures of the backend, store and rates for the console's problems list. */
    private void failed(Exception e, Context ctx) {
        Errors.handle(e, ctx);
        if (ctx.statusCode() == 502 || ctx.statusCode() == 503) {
            String code = Optional.ofNullable(ctx.<String>attribute(ERROR_CODE_ATTRIBUTE))
                    .orElse(Errors.codeFor(ctx.statusCode()));
            recentErrors.note(
                    code,
                    Optional.<String>ofNullable(ctx.attribute(ROUTE_ATTRIBUTE)).orElse(UNMATCHED_ROUTE));
        }
    }

    /** The path of the console's assets of this build, e.g. {@code /console/assets/0123456789ab/}. */
    public String consoleAssets() {
        return "/console/assets/" + console.version() + "/";
    }

    /** The port of the metrics listener, once started with one. */
    public synchronized Optional<Integer> metricsPort() {
        return Optional.ofNullable(metricsConnector).map(ServerConnector::getLocalPort);
    }

    private static ServerConnector connector(
            org.eclipse.jetty.server.Server server,
            org.eclipse.jetty.server.HttpConfiguration http,
            Listener listener,
            String name) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setName(name);
        connector.setHost(listener.host());
        connector.setPort(listener.port());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }

    private boolean onMetricsListener(Context ctx) {
        if (metricsConnector == null) return false;
        Request base = Request.getBaseRequest(ctx.req());
        return base != null && base.getHttpChannel().getConnector() == metricsConnector;
    }

    /**
     * Stops accepting connections and lets requests in flight finish, waiting at most the stop
     * timeout. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (javalin != null) {
            javalin.stop();
            javalin = null;
        }
        if (deadlineTimer != null) deadlineTimer.shutdownNow();
    }

    private void route(HandlerType method, String path, Handler handler) {
        Objects.requireNonNull(javalin, "routes are added while starting").addHttpHandler(method, path, ctx -> {
            ctx.attribute(ROUTE_ATTRIBUTE, path);
            handler.handle(ctx);
        });
    }

    private void health(Context ctx) {
        boolean ok;
        try {
            ok = healthy.getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("health check failed", e);
            ok = false;
        }
        ObjectNode body = ok ? Json.object() : Json.error("unhealthy", "the server is not ready");
        body.put("status", ok ? "ok" : "unavailable");
        Json.respond(ctx, ok ? 200 : 503, body);
    }

    /** Behind the admin token, except on the metrics listener (which an operator keeps private). */
    private void metrics(Context ctx) {
        if (!onMetricsListener(ctx)) adminToken.require(ctx);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** One timer sample and one log line per request; never headers or bodies, which may carry tokens. */
    private void observe(Context ctx, Float millis) {
        String route =
                Optional.<String>ofNullable(ctx.attribute(ROUTE_ATTRIBUTE)).orElse(UNMATCHED_ROUTE);
        int status = ctx.statusCode();
        long nanos = (long) (millis * 1_000_000d);
        Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        // Machines poll GET /tx once a second each: an unchanged poll (304) is logged at debug, or
        // a hundred machines would bury every line that matters; the timer above still counts them.
        boolean routinePoll = status == 304 || "/metrics".equals(route) || "/healthz".equals(route);
        if (routinePoll ? log.isDebugEnabled() : log.isInfoEnabled()) {
            String line = String.format(
                    Locale.ROOT,
                    "%s %s %d %.1fms client=%s app=%s tx=%s",
                    ctx.method().name(),
                    route,
                    status,
                    millis,
                    ctx.ip(),
                    Optional.ofNullable(ctx.attribute(APP_ATTRIBUTE)).orElse("-"),
                    Optional.ofNullable(ctx.attribute(TX_ATTRIBUTE)).orElse("-"));
            if (status >= 400)
                line += " code="
                        + Optional.ofNullable(ctx.<String>attribute(ERROR_CODE_ATTRIBUTE))
                                .orElse(Errors.codeFor(status));
            if (routinePoll) log.debug(line);
            else log.info(line);
        }
    }

    /** Collects the driving ports and settings; every one is required except simulated payments, provisioning, machine configurations, the purchase rate limit and the stop timeout. */
    public static final class Builder {
        private @Nullable MachineTransactions machineTransactions;
        private @Nullable Apps apps;
        private @Nullable Quotes quotes;
        private @Nullable DestinationProbe destinationProbe;
        private @Nullable Operator operator;
        private Optional<SimulatedPayments> simulatedPayments = Optional.empty();
        private @Nullable String adminToken;
        private @Nullable String publicUrl;
        private @Nullable Currency defaultCurrency;
        private @Nullable PrometheusMeterRegistry registry;
        private @Nullable BooleanSupplier healthCheck;
        private Duration stopTimeout = Duration.ofSeconds(10);
        private Optional<Provisioning> provisioning = Optional.empty();
        private int purchasesPerHour = 10;
        private int purchaseBurst = 3;
        private String bind = "0.0.0.0";
        private Optional<Listener> metricsListener = Optional.empty();
        private int txPerApp = TxAdmission.DEFAULT_PER_APP;
        private int txTotal = TxAdmission.DEFAULT_TOTAL;
        private Duration txWait = TxAdmission.DEFAULT_WAIT;
        private Duration bodyDeadline = BodyDeadline.DEFAULT;
        private @Nullable TransactionStore transactionLog;
        private ConsoleSettings consoleSettings = ConsoleSettings.defaults();
        private Supplier<Optional<String>> operatorPassword = Optional::empty;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private Duration sessionIdle = ConsoleSessions.DEFAULT_IDLE;
        private Duration sessionAbsolute = ConsoleSessions.DEFAULT_ABSOLUTE;

        private Builder() {}

        /**
         * The transaction store, read only (a transaction and its action log) for
         * {@code GET /api/admin/txs/{id}} and the console's problems list. Required.
         */
        public Builder transactionLog(TransactionStore store) {
            this.transactionLog = Objects.requireNonNull(store);
            return this;
        }

        /**
         * The operator console: what it measures against, and the operator's password as an
         * Argon2id PHC string ({@link OperatorPassword}), asked at each sign-in; while it is empty
         * the admin token signs in. The defaults: {@link ConsoleSettings#defaults()}, no password.
         */
        public Builder console(ConsoleSettings settings, Supplier<Optional<String>> operatorPassword) {
            this.consoleSettings = Objects.requireNonNull(settings);
            this.operatorPassword = Objects.requireNonNull(operatorPassword);
            return this;
        }

        /** How long a console session lasts without a request, and at most; 30 minutes and 12 hours unless set. */
        public Builder consoleSessions(Duration idle, Duration absolute) {
            this.sessionIdle = Objects.requireNonNull(idle);
            this.sessionAbsolute = Objects.requireNonNull(absolute);
            return this;
        }

        /** The clock of the console's figures and sessions, and the randomness of session ids; the system's unless set. */
        public Builder clockAndRandom(Clock clock, SecureRandom random) {
            this.clock = Objects.requireNonNull(clock);
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** The interface address the API listens on, e.g. {@code 127.0.0.1} behind a reverse proxy; {@code 0.0.0.0} (all) unless set. */
        public Builder bind(String host) {
            if (host.isBlank()) throw new IllegalArgumentException("the bind address must not be blank");
            this.bind = host;
            return this;
        }

        /**
         * A listener of its own for {@code /metrics} (and {@code /healthz}), answered there without the
         * admin token; keep it on a private interface. Unless set, {@code /metrics} is served on the
         * API's port behind the admin token.
         *
         * @param port 0 for any free one ({@link HttpApi#metricsPort()} tells which)
         */
        public Builder metricsListener(String host, int port) {
            this.metricsListener = Optional.of(new Listener(host, port));
            return this;
        }

        /**
         * How many {@code POST /tx} requests may be in flight per app and in total; over its app's
         * limit a post is answered 429 at once, over the server's it waits for a slot (see
         * {@link #txWait}) and is answered 503 if none frees, each with {@code Retry-After}.
         * {@value TxAdmission#DEFAULT_PER_APP} and {@value TxAdmission#DEFAULT_TOTAL} unless set.
         */
        public Builder txConcurrency(int perApp, int total) {
            if (perApp < 1 || total < 1)
                throw new IllegalArgumentException("POST /tx concurrency limits must be at least 1");
            this.txPerApp = perApp;
            this.txTotal = total;
            return this;
        }

        /**
         * How long a {@code POST /tx} over the server's limit waits for a slot before it is answered
         * 503 (as many may wait as may be in flight; zero refuses at once); 5 seconds unless set.
         */
        public Builder txWait(Duration wait) {
            if (wait.isNegative())
                throw new IllegalArgumentException("the wait for a POST /tx slot must not be negative");
            this.txWait = wait;
            return this;
        }

        /** How long a request body may take to arrive once its handler reads it; 5 seconds unless set. */
        public Builder bodyDeadline(Duration bodyDeadline) {
            if (bodyDeadline.isNegative() || bodyDeadline.isZero())
                throw new IllegalArgumentException("the body deadline must be positive");
            this.bodyDeadline = bodyDeadline;
            return this;
        }

        private Optional<Pairing> pairing = Optional.empty();
        private Optional<Devices> devices = Optional.empty();

        /** Lamassu machine pairing (the machine port's operator side); while empty its admin routes answer 404. */
        public Builder machinePairing(Optional<Pairing> pairing, Optional<Devices> devices) {
            if (pairing.isPresent() != devices.isPresent())
                throw new IllegalArgumentException("pairing and devices go together");
            this.pairing = pairing;
            this.devices = devices;
            return this;
        }

        public Builder machineTransactions(MachineTransactions machineTransactions) {
            this.machineTransactions = Objects.requireNonNull(machineTransactions);
            return this;
        }

        public Builder apps(Apps apps) {
            this.apps = Objects.requireNonNull(apps);
            return this;
        }

        public Builder quotes(Quotes quotes) {
            this.quotes = Objects.requireNonNull(quotes);
            return this;
        }

        /** Answers {@code GET /probe?address=}. */
        public Builder destinationProbe(DestinationProbe destinationProbe) {
            this.destinationProbe = Objects.requireNonNull(destinationProbe);
            return this;
        }

        public Builder operator(Operator operator) {
            this.operator = Objects.requireNonNull(operator);
            return this;
        }

        /** Present only with the simulated Lightning backend: enables {@code POST /api/dev/invoices/{hash}/pay}. */
        public Builder simulatedPayments(Optional<SimulatedPayments> simulatedPayments) {
            this.simulatedPayments = Objects.requireNonNull(simulatedPayments);
            return this;
        }

        /** The operator's bearer token for {@code /api/admin/**}; must not be blank. */
        public Builder adminToken(String adminToken) {
            this.adminToken = Objects.requireNonNull(adminToken);
            return this;
        }

        /** Where ATMs reach this server, e.g. {@code https://atm.example.com}; written into each app's {@code .env}. */
        public Builder publicUrl(String publicUrl) {
            this.publicUrl = Objects.requireNonNull(publicUrl);
            return this;
        }

        /** The currency of a machine post without {@code fiatCode}, and of cassettes given without one. */
        public Builder defaultCurrency(Currency defaultCurrency) {
            this.defaultCurrency = Objects.requireNonNull(defaultCurrency);
            return this;
        }

        /** Receives the {@code http.server.requests} timer and is scraped by {@code GET /metrics}. */
        public Builder meterRegistry(PrometheusMeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry);
            return this;
        }

        /** {@code GET /healthz} answers 200 while this returns true, 503 otherwise. */
        public Builder healthCheck(BooleanSupplier healthCheck) {
            this.healthCheck = Objects.requireNonNull(healthCheck);
            return this;
        }

        /**
         * Paid self-service provisioning, present when the operator sells apps
         * ({@code ATM_PURCHASE_ENABLED}); while empty (the default) its routes answer 404.
         */
        public Builder provisioning(Optional<Provisioning> provisioning) {
            this.provisioning = Objects.requireNonNull(provisioning);
            return this;
        }

        /**
         * The limit per client address on creating purchase and renewal invoices: {@code burst}
         * at once, then {@code perHour} an hour; 10 an hour with a burst of 3 unless set.
         */
        public Builder purchaseRateLimit(int perHour, int burst) {
            if (perHour < 1 || burst < 1)
                throw new IllegalArgumentException("purchase rate and burst must be at least 1");
            this.purchasesPerHour = perHour;
            this.purchaseBurst = burst;
            return this;
        }

        /** How long {@link HttpApi#close()} waits for requests in flight; 10 seconds unless set. */
        public Builder stopTimeout(Duration stopTimeout) {
            if (stopTimeout.isNegative()) throw new IllegalArgumentException("stop timeout must not be negative");
            this.stopTimeout = stopTimeout;
            return this;
        }

        /** @throws NullPointerException naming the first required setting that is missing */
        public HttpApi build() {
            Objects.requireNonNull(machineTransactions, "machineTransactions");
            Objects.requireNonNull(apps, "apps");
            Objects.requireNonNull(quotes, "quotes");
            Objects.requireNonNull(destinationProbe, "destinationProbe");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(adminToken, "adminToken");
            Objects.requireNonNull(transactionLog, "transactionLog");
            return new HttpApi(this);
        }
    }
}
