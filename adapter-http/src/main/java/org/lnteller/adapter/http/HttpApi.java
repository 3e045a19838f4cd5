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
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.lnteller.ports.model.TxId;
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
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    static final String ROUTE_ATTRIBUTE = "lnteller.route";
    static final String APP_ATTRIBUTE = "lnteller.app";
    static final String TX_ATTRIBUTE = "lnteller.tx";
    /** The route tag of requests that matched no route: one value, so scanners cannot blow up the metrics. */
    static final String UNMATCHED_ROUTE = "unmatched";

    private final MachineApi machine;
    private final AdminApi admin;
    private final ProvisioningApi provisioning;
    private final MachineAdminApi machineAdmin;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier healthy;
    private final Duration stopTimeout;
    private Javalin javalin;
    private boolean closed;

    private HttpApi(Builder b) {
        Currency currency = Objects.requireNonNull(b.defaultCurrency, "defaultCurrency");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("the default currency must have minor units: " + currency);
        }
        this.machine = new MachineApi(b.machineTransactions, b.quotes, b.apps, b.destinationProbe,
                new MachinePostParser(currency, () -> new TxId(UUID.randomUUID().toString())));
        this.admin = new AdminApi(b.apps, b.operator, b.simulatedPayments, new AdminToken(b.adminToken),
                Objects.requireNonNull(b.publicUrl, "publicUrl"), currency);
        this.provisioning = new ProvisioningApi(b.provisioning, new AdminToken(b.adminToken), b.publicUrl,
                new PurchaseRateLimiter(b.purchasesPerHour, b.purchaseBurst));
        this.machineAdmin = new MachineAdminApi(b.pairing, b.devices, new AdminToken(b.adminToken));
        this.registry = Objects.requireNonNull(b.registry, "meterRegistry");
        this.healthy = Objects.requireNonNull(b.healthCheck, "healthCheck");
        this.stopTimeout = Objects.requireNonNull(b.stopTimeout, "stopTimeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening on all interfaces.
     *
     * @param port the TCP port, 0 for any free one
     * @return the bound port
     * @throws IllegalStateException when already started or closed
     */
    public synchronized int start(int port) {
        if (javalin != null || closed) throw new IllegalStateException("an HttpApi starts once");
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
            config.requestLogger.http(this::observe);
        });
        route(HandlerType.POST, "/tx", machine::postTx);
        route(HandlerType.GET, "/tx/{id}", machine::getTx);
        route(HandlerType.GET, "/rates", machine::rates);
        route(HandlerType.GET, "/probe", machine::probe);
        route(HandlerType.POST, "/api/admin/app/add", admin::addApp);
        route(HandlerType.PUT, "/api/admin/apps/{app_id}/cassettes", admin::replaceCassettes);
        route(HandlerType.GET, "/api/admin/apps", admin::listApps);
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
        route(HandlerType.GET, "/healthz", this::health);
        route(HandlerType.GET, "/metrics", this::metrics);
        javalin.exception(Exception.class, Errors::handle);
        // Javalin answers its own refusals (no route, wrong method) itself unless this class is mapped explicitly
        javalin.exception(HttpResponseException.class, Errors::handle);
        javalin.start(port);
        return javalin.port();
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
    }

    private void route(HandlerType method, String path, Handler handler) {
        javalin.addHttpHandler(method, path, ctx -> {
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

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** One timer sample and one log line per request; never headers or bodies, which may carry tokens. */
    private void observe(Context ctx, Float millis) {
        String route = Optional.<String>ofNullable(ctx.attribute(ROUTE_ATTRIBUTE)).orElse(UNMATCHED_ROUTE);
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
            String line = String.format(Locale.ROOT, "%s %s %d %.1fms app=%s tx=%s", ctx.method().name(), route, status, millis,
                    Optional.ofNullable(ctx.attribute(APP_ATTRIBUTE)).orElse("-"),
                    Optional.ofNullable(ctx.attribute(TX_ATTRIBUTE)).orElse("-"));
            if (routinePoll) log.debug(line);
            else log.info(line);
        }
    }

    /** Collects the driving ports and settings; every one is required except simulated payments, provisioning, the purchase rate limit and the stop timeout. */
    public static final class Builder {
        private MachineTransactions machineTransactions;
        private Apps apps;
        private Quotes quotes;
        private DestinationProbe destinationProbe;
        private Operator operator;
        private Optional<SimulatedPayments> simulatedPayments = Optional.empty();
        private String adminToken;
        private String publicUrl;
        private Currency defaultCurrency;
        private PrometheusMeterRegistry registry;
        private BooleanSupplier healthCheck;
        private Duration stopTimeout = Duration.ofSeconds(10);
        private Optional<Provisioning> provisioning = Optional.empty();
        private int purchasesPerHour = 10;
        private int purchaseBurst = 3;
        private Optional<Pairing> pairing = Optional.empty();
        private Optional<Devices> devices = Optional.empty();

        private Builder() {}

        /** Lamassu machine pairing (the machine port's operator side); while empty its admin routes answer 404. */
        public Builder machinePairing(Optional<Pairing> pairing, Optional<Devices> devices) {
            if (pairing.isPresent() != devices.isPresent()) throw new IllegalArgumentException("pairing and devices go together");
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
            if (perHour < 1 || burst < 1) throw new IllegalArgumentException("purchase rate and burst must be at least 1");
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
            return new HttpApi(this);
        }
    }
}
