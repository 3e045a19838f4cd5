package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.DestinationProbe;
import org.lnteller.ports.usecase.Devices;
import org.lnteller.ports.usecase.MachineConfigurations;
import org.lnteller.ports.usecase.MachineIdentity;
import org.lnteller.ports.usecase.MachineTransactions;
import org.lnteller.ports.usecase.Pairing;
import org.lnteller.ports.usecase.Quotes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine port: HTTPS for unmodified Lamassu machines (v10), which identify themselves by a
 * self-signed client certificate (the device id is the lowercase hex SHA-256 of its DER bytes)
 * and pair by scanning a totem ({@code GET /ca}, {@code POST /pair}). A paired machine acts as its
 * app on {@code /tx}, {@code /tx/{id}}, {@code /rates} and {@code /probe} (the same handlers as
 * the bearer-token API) and reports on {@code /poll}, {@code /state}, {@code /logs} and
 * {@code /network/*}.
 *
 * <p>The answers a machine acts on: 403 {@code {"error":"Forbidden"}} only to a certificate that
 * is not paired or whose app is disabled or expired (a 403 makes a machine unpair itself); 408
 * {@code {"error":"stale"}} to a request whose {@code date} header is over three minutes old; 401
 * {@code {"error":"Unable to find certificate"}} without a client certificate (lamassu-server
 * answers 500; a client's omission is not a server fault, and 401 is not 403).
 *
 * <p>TLS 1.2 and 1.3 only; a client certificate is asked for but not required at the TLS layer
 * and never checked against a CA: pairing is what makes a certificate count.
 */
public final class MachinePort implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MachinePort.class);
    /** What a v10 machine must hear from {@code GET /poll} to use the GraphQL configuration. */
    public static final String SERVER_VERSION = "10.0.3";
    /** lamassu-server refuses requests dated further in the past (filterOldRequests). */
    static final Duration STALE_AFTER = Duration.ofMinutes(3);
    /** Log uploads may be larger than any other machine request. */
    static final int MAX_LOG_BODY_BYTES = 1024 * 1024;

    static final int MAX_LOG_LINES_PER_POST = 5000;
    static final String DEVICE_ATTRIBUTE = "lnteller.device";
    /** Set by {@link #authorize} for {@link MachineApi}: the app the request's certificate is paired to. */
    static final String PAIRED_APP_ATTRIBUTE = "lnteller.pairedApp";

    private static final Set<String> PAIRING_PATHS = Set.of("/ca", "/pair");

    private final MachineApi machine;
    private final Pairing pairing;
    private final Devices devices;
    private final Clock clock;
    private final PurchaseRateLimiter pairingLimiter;
    private final String bindHost;
    private final Duration stopTimeout;
    private final List<ExtraRoute> extraRoutes;
    private final Optional<MachineGraphQl> graphQl;
    private volatile SslContextFactory.@Nullable Server tls;
    private PrivateKey key;
    private List<X509Certificate> chain;
    private @Nullable Javalin javalin;
    private @Nullable ScheduledExecutorService deadlineTimer;
    private boolean closed;

    private MachinePort(Builder b) {
        Currency currency = Objects.requireNonNull(b.defaultCurrency, "defaultCurrency");
        this.machine = new MachineApi(
                Objects.requireNonNull(b.machineTransactions, "machineTransactions"),
                Objects.requireNonNull(b.quotes, "quotes"),
                Objects.requireNonNull(b.apps, "apps"),
                Objects.requireNonNull(b.destinationProbe, "destinationProbe"),
                new MachinePostParser(currency, () -> new TxId(UUID.randomUUID().toString())),
                new TxAdmission(TxAdmission.DEFAULT_PER_APP, TxAdmission.DEFAULT_TOTAL, TxAdmission.DEFAULT_WAIT));
        this.pairing = Objects.requireNonNull(b.pairing, "pairing");
        this.devices = Objects.requireNonNull(b.devices, "devices");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.pairingLimiter = new PurchaseRateLimiter(b.pairingsPerHour, b.pairingBurst);
        this.bindHost = b.bindHost;
        this.stopTimeout = b.stopTimeout;
        this.extraRoutes = List.copyOf(b.extraRoutes);
        this.graphQl = b.configurations.map(MachineGraphQl::new);
        this.key = Objects.requireNonNull(b.key, "key");
        this.chain = List.copyOf(b.chain);
        if (chain.isEmpty()) throw new IllegalArgumentException("the server certificate chain is empty");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening.
     *
     * @param port the TCP port, 0 for any free one
     * @return the bound port
     */
    public synchronized int start(int port) {
        if (javalin != null || closed) throw new IllegalStateException("a MachinePort starts once");
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(sslContext(key, chain));
        factory.setWantClientAuth(true);
        factory.setNeedClientAuth(false);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        this.tls = factory;
        // the same bound on slow bodies as the HTTP API: a trickling client cannot hold a thread
        deadlineTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "machine-body-deadline");
            t.setDaemon(true);
            return t;
        });
        BodyDeadline deadline = new BodyDeadline(BodyDeadline.DEFAULT, deadlineTimer);
        javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = MAX_LOG_BODY_BYTES;
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(stopTimeout.toMillis());
                server.setStopAtShutdown(false);
                server.setErrorHandler(new JsonErrorHandler());
            });
            config.jetty.addConnector((server, httpConfig) -> {
                HttpConfiguration https = new HttpConfiguration(httpConfig);
                // machines call by IP address: no SNI to require or to check against the Host header
                https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
                ServerConnector connector = new ServerConnector(
                        server, new SslConnectionFactory(factory, "http/1.1"), new HttpConnectionFactory(https));
                connector.setHost(bindHost);
                connector.setPort(port);
                connector.setAcceptQueueSize(HttpApi.ACCEPT_QUEUE);
                return connector;
            });
            config.requestLogger.http(this::observe);
        });
        javalin.before(ctx -> ctx.attribute(HttpApi.DEADLINE_ATTRIBUTE, deadline));
        javalin.before(this::authorize);
        mount(HandlerType.GET, "/ca", this::ca);
        mount(HandlerType.POST, "/pair", this::pair);
        mount(HandlerType.GET, "/poll", this::poll);
        mount(HandlerType.POST, "/state", this::state);
        mount(HandlerType.GET, "/logs", this::newestLog);
        mount(HandlerType.POST, "/logs", this::uploadLogs);
        mount(HandlerType.POST, "/network/heartbeat", this::network);
        mount(HandlerType.POST, "/network/performance", this::network);
        mount(HandlerType.POST, "/tx", machine::postTx);
        mount(HandlerType.GET, "/tx/{id}", machine::getTx);
        mount(HandlerType.GET, "/rates", machine::rates);
        mount(HandlerType.GET, "/probe", machine::probe);
        graphQl.ifPresent(g -> mount(
                HandlerType.POST,
                "/graphql",
                ctx -> g.handle(ctx, pairedApp(ctx).orElseThrow(), identity(ctx))));
        for (ExtraRoute extra : extraRoutes) mount(extra.method(), extra.path(), extra.handler());
        javalin.exception(Exception.class, Errors::handle);
        javalin.exception(MachineRefusal.class, (e, ctx) -> e.respond(ctx));
        javalin.exception(HttpResponseException.class, Errors::handle);
        javalin.start();
        return javalin.port();
    }

    /** The paired machine as its configuration describes it: what it reported when it paired. */
    private MachineIdentity identity(Context ctx) {
        DeviceId id = ctx.attribute(DEVICE_ATTRIBUTE);
        AppId app = pairedApp(ctx).orElseThrow();
        Device device = devices.devices(app).stream()
                .filter(d -> d.id().equals(id))
                .findFirst()
                // unpaired between authorisation and here: the next call gets 403
                .orElseThrow(() -> new MachineRefusal(
                        403, Json.object().put("error", "Forbidden").put("code", "forbidden")));
        return new MachineIdentity(id.value(), device.cassettes(), device.recyclers());
    }

    private void mount(HandlerType method, String path, Handler handler) {
        Objects.requireNonNull(javalin, "routes are added while starting").addHttpHandler(method, path, ctx -> {
            ctx.attribute(HttpApi.ROUTE_ATTRIBUTE, path);
            handler.handle(ctx);
        });
    }

    /** The app of the paired machine that sent the request; present on every route but {@code /ca} and {@code /pair}. */
    public static Optional<org.lnteller.ports.model.AppId> pairedApp(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PAIRED_APP_ATTRIBUTE));
    }

    /** The certificate fingerprint of the machine that sent the request. */
    public static Optional<DeviceId> device(Context ctx) {
        return Optional.ofNullable(ctx.attribute(DEVICE_ATTRIBUTE));
    }

    /**
     * Serves a renewed server certificate from the next TLS handshake on; connections already
     * open keep theirs.
     */
    public synchronized void replaceCertificate(PrivateKey newKey, List<X509Certificate> newChain) throws Exception {
        SSLContext context = sslContext(newKey, newChain);
        this.key = newKey;
        this.chain = List.copyOf(newChain);
        SslContextFactory.Server factory = tls;
        if (factory != null) factory.reload(f -> f.setSslContext(context));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (javalin != null) {
            javalin.stop();
            javalin = null;
        }
        if (deadlineTimer != null) deadlineTimer.shutdownNow();
    }

    private void authorize(Context ctx) {
        DeviceId device = deviceOf(ctx);
        ctx.attribute(DEVICE_ATTRIBUTE, device);
        String date = ctx.header("date");
        if (date != null) {
            Optional<Instant> sent = parseDate(date);
            if (sent.isPresent()) {
                Duration age = Duration.between(sent.get(), clock.instant());
                if (age.compareTo(STALE_AFTER) > 0) {
                    log.warn(
                            "machine {} sent a request dated {} s ago: refused as stale; check the machine's clock",
                            shortId(device),
                            age.toSeconds());
                    throw new MachineRefusal(
                            408, Json.object().put("error", "stale").put("code", "stale"));
                }
            }
        }
        if (PAIRING_PATHS.contains(ctx.path())) return;
        Authentication who = devices.authenticate(device);
        boolean paired = who.fold(
                authenticated -> {
                    ctx.attribute(PAIRED_APP_ATTRIBUTE, authenticated.app().id());
                    ctx.attribute(
                            HttpApi.APP_ATTRIBUTE, authenticated.app().id().value());
                    return true;
                },
                unknown -> false,
                forbidden -> {
                    log.warn("machine {} refused: {}", shortId(device), forbidden.reason());
                    return false;
                });
        if (paired) return;
        throw new MachineRefusal(403, Json.object().put("error", "Forbidden").put("code", "forbidden"));
    }

    private static DeviceId deviceOf(Context ctx) {
        Object certificates = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (certificates instanceof X509Certificate[] chain && chain.length > 0) {
            try {
                return DeviceId.of(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded())));
            } catch (GeneralSecurityException e) {
                log.debug("unreadable client certificate", e);
            }
        }
        throw new MachineRefusal(
                401, Json.object().put("error", "Unable to find certificate").put("code", "noClientCertificate"));
    }

    /** Machines send ISO-8601 ({@code toISOString}); HTTP's own format is read too. Unreadable: treated as absent, as lamassu-server does. */
    static Optional<Instant> parseDate(String text) {
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private void ca(Context ctx) {
        limitPairing(ctx);
        Optional<String> ca = pairing.certificateAuthority(ctx.queryParam("token"));
        if (ca.isEmpty())
            throw new MachineRefusal(
                    403, Json.object().put("error", "forbidden").put("code", "forbidden"));
        Json.respond(ctx, 200, Json.object().put("ca", ca.get()));
    }

    private void pair(Context ctx) {
        limitPairing(ctx);
        DeviceId device = ctx.attribute(DEVICE_ATTRIBUTE);
        int cassettes = smallCount(ctx, "numOfCassettes");
        int recyclers = smallCount(ctx, "numOfRecyclers");
        String model = Optional.ofNullable(ctx.queryParam("model"))
                .map(String::strip)
                .filter(m -> !m.isEmpty())
                .orElse("unknown");
        if (model.length() > 100) throw InvalidRequest.of("model", "must be at most 100 characters");
        var paired = pairing.pair(ctx.queryParam("token"), device, model, cassettes, recyclers);
        if (paired.isEmpty())
            throw new MachineRefusal(
                    403, Json.object().put("error", "forbidden").put("code", "forbidden"));
        ctx.attribute(HttpApi.APP_ATTRIBUTE, paired.get().app().value());
        Json.respond(ctx, 200, Json.object().put("status", "paired"));
    }

    private void limitPairing(Context ctx) {
        Optional<Duration> wait = pairingLimiter.tryAcquire(ctx.ip());
        if (wait.isPresent()) {
            ctx.header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            throw new ApiError(429, "tooManyRequests", "too many pairing attempts from this address; retry later");
        }
    }

    private static int smallCount(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) return 0;
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 0 && n <= 16) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidRequest.of(name, "must be a whole number from 0 to 16");
    }

    private void poll(Context ctx) {
        devices.seen(ctx.attribute(DEVICE_ATTRIBUTE), Optional.ofNullable(ctx.queryParam("state")));
        Json.respond(ctx, 200, Json.object().put("version", SERVER_VERSION));
    }

    private void state(Context ctx) {
        ObjectNode body = Json.readObject(ctx);
        Optional<String> state = Fields.optional(body, "state").map(n -> Fields.text(n, "state", 100));
        devices.seen(ctx.attribute(DEVICE_ATTRIBUTE), state);
        Json.respond(ctx, 200, Json.object());
    }

    private void network(Context ctx) {
        // urlsToPing and speedtestFiles are empty in our configuration, so these come only from
        // machines configured otherwise before; they are kept as a sign of life
        Json.readObject(ctx);
        devices.seen(ctx.attribute(DEVICE_ATTRIBUTE), Optional.empty());
        Json.respond(ctx, 200, Json.object());
    }

    private void newestLog(Context ctx) {
        DeviceId device = ctx.attribute(DEVICE_ATTRIBUTE);
        devices.seen(device, Optional.empty());
        Optional<MachineLog> newest = devices.newestLog(device);
        if (newest.isEmpty()) {
            Json.respond(ctx, 200, NullNode.getInstance());
            return;
        }
        ObjectNode body = Json.object();
        body.put("timestamp", newest.get().timestamp().toString());
        body.put("serial", newest.get().serial());
        newest.get().lineId().ifPresent(id -> body.put("id", id));
        Json.respond(ctx, 200, body);
    }

    private void uploadLogs(Context ctx) {
        DeviceId device = ctx.attribute(DEVICE_ATTRIBUTE);
        ObjectNode body = Json.parseObject(readLogBody(ctx));
        ArrayNode entries = Fields.array(Fields.required(body, "logs"), "logs", MAX_LOG_LINES_PER_POST);
        Instant now = clock.instant();
        List<MachineLog> lines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) lines.add(logLine(device, entries.get(i), "logs[" + i + "]", now));
        devices.seen(device, Optional.empty());
        devices.recordLogs(device, lines);
        Json.respond(ctx, 200, Json.object().put("success", true));
    }

    private static MachineLog logLine(DeviceId device, JsonNode node, String field, Instant now) {
        ObjectNode entry = Fields.object(node, field);
        Optional<String> id = Fields.optional(entry, "id")
                .map(n -> Fields.text(n, field + ".id", 64))
                .filter(s -> !s.isBlank());
        Instant timestamp = parseDate(Fields.text(Fields.required(entry, "timestamp"), field + ".timestamp", 64))
                .orElseThrow(() -> InvalidRequest.of(field + ".timestamp", "must be an ISO-8601 time"));
        long serial = Fields.optional(entry, "serial")
                .map(n -> Fields.wholeNumber(n, field + ".serial", Long.MAX_VALUE))
                .orElse(0L);
        String level = Fields.optional(entry, "logLevel")
                .or(() -> Fields.optional(entry, "level"))
                .map(n -> n.isTextual() ? n.textValue() : n.toString())
                .orElse("info");
        String message = Fields.optional(entry, "message")
                .or(() -> Fields.optional(entry, "msg"))
                .map(n -> n.isTextual() ? n.textValue() : n.toString())
                .orElse("");
        // a machine's log line is kept even when longer than we keep: truncated, not refused
        return new MachineLog(
                device, id, timestamp, serial, truncate(level, 16), truncate(message, MachineLog.MAX_MESSAGE), now);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static byte[] readLogBody(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_LOG_BODY_BYTES) throw ApiError.payloadTooLarge(MAX_LOG_BODY_BYTES);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_LOG_BODY_BYTES + 1);
            if (bytes.length > MAX_LOG_BODY_BYTES) throw ApiError.payloadTooLarge(MAX_LOG_BODY_BYTES);
            return bytes;
        } catch (IOException e) {
            throw new ApiError(400, "badRequest", "the request body could not be read");
        }
    }

    private void observe(Context ctx, Float millis) {
        String route = Optional.<String>ofNullable(ctx.attribute(HttpApi.ROUTE_ATTRIBUTE))
                .orElse(HttpApi.UNMATCHED_ROUTE);
        DeviceId device = ctx.attribute(DEVICE_ATTRIBUTE);
        boolean routine = ctx.statusCode() == 304 || "/poll".equals(route);
        if (routine ? log.isDebugEnabled() : log.isInfoEnabled()) {
            // never the query string: /ca and /pair carry the pairing secrets there
            String line = String.format(
                    Locale.ROOT,
                    "machine %s %s %d %.1fms device=%s app=%s",
                    ctx.method().name(),
                    route,
                    ctx.statusCode(),
                    millis,
                    device == null ? "-" : shortId(device),
                    Optional.ofNullable(ctx.attribute(HttpApi.APP_ATTRIBUTE)).orElse("-"));
            if (routine) log.debug(line);
            else log.info(line);
        }
    }

    private static String shortId(DeviceId device) {
        return device.value().substring(0, 16);
    }

    /** The server side of the TLS: our key and chain, and any client certificate accepted (pairing decides). */
    private static SSLContext sslContext(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "machine-port".toCharArray();
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[] {new AnyClientCertificate()}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("unusable machine port key or certificate: " + e.getMessage(), e);
        }
    }

    /** Accepts every client certificate: its SHA-256 is looked up among paired devices, like lamassu-server does. */
    private static final class AnyClientCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the machine port is a server only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the machine port is a server only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the machine port is a server only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private record ExtraRoute(HandlerType method, String path, Handler handler) {}

    /** Collects the driving ports and the TLS material; all required but the rate limit, bind address and stop timeout. */
    public static final class Builder {
        private @Nullable MachineTransactions machineTransactions;
        private @Nullable Quotes quotes;
        private @Nullable Apps apps;
        private @Nullable DestinationProbe destinationProbe;
        private @Nullable Currency defaultCurrency;
        private @Nullable Pairing pairing;
        private @Nullable Devices devices;
        private @Nullable Clock clock;
        private @Nullable PrivateKey key;
        private List<X509Certificate> chain = List.of();
        private String bindHost = "0.0.0.0";
        private int pairingsPerHour = 20;
        private int pairingBurst = 5;
        private Duration stopTimeout = Duration.ofSeconds(10);
        private final List<ExtraRoute> extraRoutes = new ArrayList<>();
        private Optional<MachineConfigurations> configurations = Optional.empty();

        /** Answers the machines' configuration query on {@code POST /graphql}; without it that route is 404. */
        public Builder configurations(MachineConfigurations v) {
            this.configurations = Optional.of(v);
            return this;
        }

        private Builder() {}

        /**
         * One more route for paired machines, e.g. {@code .route(HandlerType.POST, "/graphql",
         * handler)}; the handler finds the machine's app in {@link MachinePort#pairedApp(Context)}.
         */
        public Builder route(HandlerType method, String path, Handler handler) {
            extraRoutes.add(new ExtraRoute(
                    Objects.requireNonNull(method), Objects.requireNonNull(path), Objects.requireNonNull(handler)));
            return this;
        }

        public Builder machineTransactions(MachineTransactions v) {
            this.machineTransactions = Objects.requireNonNull(v);
            return this;
        }

        public Builder quotes(Quotes v) {
            this.quotes = Objects.requireNonNull(v);
            return this;
        }

        /** The bearer-token apps; unused for paired machines but required by the shared handlers. */
        public Builder apps(Apps v) {
            this.apps = Objects.requireNonNull(v);
            return this;
        }

        public Builder destinationProbe(DestinationProbe v) {
            this.destinationProbe = Objects.requireNonNull(v);
            return this;
        }

        public Builder defaultCurrency(Currency v) {
            this.defaultCurrency = Objects.requireNonNull(v);
            return this;
        }

        public Builder pairing(Pairing v) {
            this.pairing = Objects.requireNonNull(v);
            return this;
        }

        public Builder devices(Devices v) {
            this.devices = Objects.requireNonNull(v);
            return this;
        }

        /** Judges the age of a request's {@code date} header. */
        public Builder clock(Clock v) {
            this.clock = Objects.requireNonNull(v);
            return this;
        }

        /** The server's key and certificate chain (leaf first, then the CA). */
        public Builder certificate(PrivateKey key, List<X509Certificate> chain) {
            this.key = Objects.requireNonNull(key);
            this.chain = List.copyOf(chain);
            return this;
        }

        /** The address to listen on; all interfaces unless set. */
        public Builder bindHost(String v) {
            this.bindHost = Objects.requireNonNull(v);
            return this;
        }

        /** {@code /ca} and {@code /pair} calls per client address: {@code burst} at once, then {@code perHour}; 20 an hour, 5 at once unless set. */
        public Builder pairingRateLimit(int perHour, int burst) {
            if (perHour < 1 || burst < 1)
                throw new IllegalArgumentException("pairing rate and burst must be at least 1");
            this.pairingsPerHour = perHour;
            this.pairingBurst = burst;
            return this;
        }

        public Builder stopTimeout(Duration v) {
            this.stopTimeout = Objects.requireNonNull(v);
            return this;
        }

        public MachinePort build() {
            Objects.requireNonNull(machineTransactions, "machineTransactions");
            Objects.requireNonNull(quotes, "quotes");
            Objects.requireNonNull(apps, "apps");
            Objects.requireNonNull(destinationProbe, "destinationProbe");
            return new MachinePort(this);
        }
    }
}
