package org.lnteller.adapter.phoenixd.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsHandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;

/**
 * A stand-in for phoenixd (ACINQ) in the tests: a real HTTP server on a free loopback port that
 * speaks phoenixd's API as its {@code Api.kt} (v0.8.x) defines it, for the calls lnteller makes:
 * {@code GET /getinfo}, {@code GET /getbalance}, {@code GET /estimateliquidityfees},
 * {@code POST /createinvoice}, {@code GET /payments/incoming/{paymentHash}},
 * {@code GET /payments/outgoingbyhash/{paymentHash}}, {@code POST /payinvoice} (form-encoded
 * bodies, HTTP Basic with the full-access password, JSON answers, phoenixd's plain-text errors),
 * and {@code /websocket}, which pushes {@code payment_received} events.
 *
 * <p>Strict: a call to a path or with a method phoenixd does not have, a form or query field it
 * does not read, a POST that is not form-encoded, is answered as phoenixd would (404, 405, 400)
 * and recorded in {@link #violations()}, which the tests assert empty.
 *
 * <p>The ledger: one node (its own secp256k1 key; invoices are real, signed BOLT #11) with a
 * balance, channels with inbound liquidity, a fee credit, and phoenixd's rules: a second payment
 * of a hash paid or in flight is refused with HTTP 200 and a {@code reason}; a payment that
 * does not fit the inbound liquidity buys some and pays the fee out of the payment. Other nodes'
 * invoices ({@link #foreignInvoice}) are payable with ACINQ's trampoline fee (4 sat + 0.4 %).
 *
 * <p>Faults ({@link #inject}): an answer lost after the payment was made, a connection closed
 * mid-payment, a 5xx, a slow answer (a client timeout), and {@link #restart} (the HTTP server and
 * every websocket go away for a while; the ledger, as phoenixd's database, stays).
 */
public final class PhoenixdStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern HASH_PATH = Pattern.compile("payments/(incoming|outgoingbyhash)/([^/]*)");
    static final long TRAMPOLINE_BASE_MSAT = 4_000;
    static final long TRAMPOLINE_PPM = 4_000;
    static final long AUTO_LIQUIDITY_SAT = 2_000_000;

    /** phoenixd's routes that lnteller may call: method and the form or query fields phoenixd reads. */
    private static final Map<String, Route> ROUTES = Map.of(
            "getinfo", new Route(HandlerType.GET, Set.of()),
            "getbalance", new Route(HandlerType.GET, Set.of()),
            "estimateliquidityfees", new Route(HandlerType.GET, Set.of("amountSat")),
            "createinvoice",
                    new Route(
                            HandlerType.POST,
                            Set.of(
                                    "amountSat",
                                    "description",
                                    "descriptionHash",
                                    "expirySeconds",
                                    "externalId",
                                    "webhookUrl")),
            "payments/incoming", new Route(HandlerType.GET, Set.of()),
            "payments/outgoingbyhash", new Route(HandlerType.GET, Set.of()),
            "payinvoice", new Route(HandlerType.POST, Set.of("amountSat", "invoice")));

    private record Route(HandlerType method, Set<String> fields) {}

    private final Clock clock;
    private final String password;
    private final byte[] nodeKey = new byte[32];
    private final byte[] otherNodeKey = new byte[32];
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "phoenixd-stand-in");
        t.setDaemon(true);
        return t;
    });

    // the node's state, guarded by this
    private long balanceMsat;
    private long inboundSat = 10_000_000;
    private long feeCreditSat;
    private long miningFeeSat = 1_000;
    /** Service fee in millionths of the liquidity bought: ACINQ's 1 %. */
    private long servicePpm = 10_000;

    private final Map<PaymentHash, Incoming> incoming = new LinkedHashMap<>();
    private final Map<PaymentHash, List<Outgoing>> outgoing = new HashMap<>();
    private final Map<PaymentHash, Foreign> foreign = new HashMap<>();

    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, WsContext> sockets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger socketsOpened = new AtomicInteger();

    private volatile Javalin server;
    private volatile int port;

    /** An invoice this node issued. */
    private static final class Incoming {
        final String bolt11;
        final PaymentHash hash;
        final Preimage preimage;
        final long requestedSat;
        final String description;
        final long createdAt;
        long expiresAt;
        long receivedSat;
        long feesMsat;
        Long completedAt;

        Incoming(
                String bolt11,
                Preimage preimage,
                long requestedSat,
                String description,
                long createdAt,
                long expiresAt) {
            this.bolt11 = bolt11;
            this.hash = preimage.paymentHash();
            this.preimage = preimage;
            this.requestedSat = requestedSat;
            this.description = description;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
        }
    }

    /** A payment this node sent or is sending. */
    private static final class Outgoing {
        final UUID id = UUID.randomUUID();
        final PaymentHash hash;
        final String invoice;
        final long amountMsat;
        final long createdAt;
        long feesMsat;
        Preimage preimage;
        Long completedAt;

        Outgoing(PaymentHash hash, String invoice, long amountMsat, long createdAt) {
            this.hash = hash;
            this.invoice = invoice;
            this.amountMsat = amountMsat;
            this.createdAt = createdAt;
        }

        int rank() {
            return preimage != null ? 3 : completedAt == null ? 2 : 1;
        }
    }

    /** Another node's invoice, payable from here; its preimage is revealed by paying it. */
    public record Foreign(String bolt11, PaymentHash paymentHash, Preimage preimage, Optional<Long> amountSat) {}

    private PhoenixdStandIn(Clock clock, long balanceSat) {
        this.clock = clock;
        byte[] pw = new byte[32];
        random.nextBytes(pw);
        this.password = HEX.formatHex(pw);
        random.nextBytes(nodeKey);
        random.nextBytes(otherNodeKey);
        this.balanceMsat = Math.multiplyExact(balanceSat, 1000);
    }

    /** Starts on a free loopback port with {@code balanceSat} in its channels and 10,000,000 sat of inbound liquidity. */
    public static PhoenixdStandIn start(long balanceSat) {
        return start(Clock.systemUTC(), balanceSat, 0);
    }

    public static PhoenixdStandIn start(Clock clock, long balanceSat, int port) {
        PhoenixdStandIn standIn = new PhoenixdStandIn(clock, balanceSat);
        standIn.listen(port);
        return standIn;
    }

    private void listen(int onPort) {
        Javalin j = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
        });
        // the control routes first: Javalin answers with the first route that matches
        StandInControl.install(j, this);
        for (HandlerType type :
                List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH)) {
            j.addHttpHandler(type, "/<path>", this::api);
        }
        j.addWsHandler(WsHandlerType.WEBSOCKET, "/websocket", ws -> {
            ws.onConnect(ctx -> {
                if (!authorized(ctx.header("Authorization"))) {
                    ctx.closeSession(1008, "Invalid authentication");
                    return;
                }
                sockets.put(ctx.sessionId(), ctx);
                socketsOpened.incrementAndGet();
            });
            ws.onMessage(ctx -> violations.add("a client sent a websocket message; phoenixd's socket only pushes"));
            ws.onClose(ctx -> sockets.remove(ctx.sessionId()));
            ws.onError(ctx -> sockets.remove(ctx.sessionId()));
        });
        j.start("127.0.0.1", onPort);
        this.server = j;
        this.port = j.port();
    }

    public int port() {
        return port;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The full-access {@code http-password}. */
    public String password() {
        return password;
    }

    // ---------------------------------------------------------------- the world outside

    /** Someone pays {@code hash}, which this node issued; returns once it is received (and pushed). */
    public void payIncoming(PaymentHash hash) {
        ObjectNode event;
        synchronized (this) {
            Incoming in = incoming.get(hash);
            if (in == null) throw new IllegalArgumentException("this node did not issue " + hash);
            if (in.completedAt != null) throw new IllegalStateException(hash + " is paid already");
            if (clock.millis() > in.expiresAt) throw new IllegalStateException(hash + " expired");
            long amount = in.requestedSat;
            long fee = 0;
            if (amount > inboundSat) {
                // phoenixd buys amount + auto-liquidity; the fee credit pays first, the payment the rest
                long liquidityFee = liquidityFee(amount + AUTO_LIQUIDITY_SAT);
                long fromCredit = Math.min(feeCreditSat, liquidityFee);
                feeCreditSat -= fromCredit;
                fee = liquidityFee - fromCredit;
                inboundSat += AUTO_LIQUIDITY_SAT + amount;
            }
            inboundSat -= amount;
            in.receivedSat = amount - fee;
            in.feesMsat = fee * 1000;
            in.completedAt = clock.millis();
            balanceMsat += in.receivedSat * 1000;
            event = JSON.createObjectNode();
            event.put("type", "payment_received");
            event.put("timestamp", clock.millis());
            event.put("amountSat", in.receivedSat);
            event.put("paymentHash", hash.hex());
        }
        String text = event.toPrettyString();
        for (WsContext ws : sockets.values()) {
            try {
                ws.send(text);
            } catch (RuntimeException e) {
                sockets.remove(ws.sessionId());
            }
        }
    }

    /** Lets an invoice this node issued pass its expiry. */
    public synchronized void expire(PaymentHash hash) {
        Incoming in = incoming.get(hash);
        if (in == null) throw new IllegalArgumentException("this node did not issue " + hash);
        in.expiresAt = clock.millis() - 1_000;
    }

    /**
     * A mainnet invoice signed with {@code key} by the codec's encoder, with the features phoenixd's
     * invoices require (8 var_onion_optin, 14 payment_secret).
     */
    private static String sign(
            byte[] key,
            Optional<Long> amountSat,
            Instant timestamp,
            PaymentHash hash,
            byte[] paymentSecret,
            String description,
            Duration expiry) {
        InvoiceDraft draft = InvoiceDraft.builder(Network.MAINNET, ByteVector.of(hash.bytes()), timestamp)
                .amountMsat(amountSat.map(a -> OptionalLong.of(a * 1000)).orElse(OptionalLong.empty()))
                .paymentSecret(ByteVector.of(paymentSecret))
                .description(description)
                .expiry(expiry)
                .feature(8)
                .feature(14)
                .build();
        return Bolt11.encode(draft, key);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** An invoice of another node (its own key), that this node can pay. */
    public synchronized Foreign foreignInvoice(Optional<Long> amountSat) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Preimage preimage = Preimage.of(secret);
        byte[] paymentSecret = new byte[32];
        random.nextBytes(paymentSecret);
        String bolt11 = sign(
                otherNodeKey,
                amountSat,
                clock.instant(),
                preimage.paymentHash(),
                paymentSecret,
                "a customer's wallet",
                Duration.ofHours(1));
        Foreign f = new Foreign(bolt11, preimage.paymentHash(), preimage, amountSat);
        foreign.put(f.paymentHash(), f);
        return f;
    }

    /** Sets the channels' inbound liquidity, the liquidity prices and the fee credit. */
    public synchronized void liquidity(long inboundSat, long miningFeeSat, long servicePpm, long feeCreditSat) {
        this.inboundSat = inboundSat;
        this.miningFeeSat = miningFeeSat;
        this.servicePpm = servicePpm;
        this.feeCreditSat = feeCreditSat;
    }

    private long liquidityFee(long amountSat) {
        return miningFeeSat + amountSat * servicePpm / 1_000_000L;
    }

    /** The next {@code times} calls of {@code path} (e.g. {@code payinvoice}, or "*" for any) meet {@code fault}. */
    public void inject(String path, int times, Fault fault) {
        synchronized (faults) {
            Deque<Fault> q = faults.computeIfAbsent(path, k -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) q.add(fault);
        }
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /**
     * A node restart: the HTTP server and every websocket go away, then come back on the same port
     * after {@code down}. Payments in flight carry on (phoenixd's database keeps them).
     */
    public void restart(Duration down) throws InterruptedException {
        Javalin old = server;
        sockets.clear();
        old.stop();
        Thread.sleep(down.toMillis());
        listen(port);
    }

    /** Calls that broke phoenixd's API (unknown path, method or field). */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** How many calls reached {@code path} (authenticated or not). */
    public int calls(String path) {
        return calls.getOrDefault(path, new AtomicInteger()).get();
    }

    /** How many websockets were opened (authenticated). */
    public int socketsOpened() {
        return socketsOpened.get();
    }

    public int openSockets() {
        return sockets.size();
    }

    /** Closes every websocket abruptly, the server staying up. */
    public void killSockets() {
        for (WsContext ws : List.copyOf(sockets.values())) {
            try {
                ws.session.disconnect();
            } catch (Exception e) {
                // gone already
            }
        }
        sockets.clear();
    }

    /** Successful payments per payment hash (hex): more than one would be a double payment. */
    public synchronized Map<String, Integer> sends() {
        Map<String, Integer> out = new HashMap<>();
        outgoing.forEach((hash, list) -> {
            int n = (int) list.stream().filter(o -> o.preimage != null).count();
            if (n > 0) out.put(hash.hex(), n);
        });
        return out;
    }

    public synchronized long balanceMsat() {
        return balanceMsat;
    }

    /** How many payments of {@code hash} are in flight. */
    public synchronized int inFlight(PaymentHash hash) {
        return (int) outgoing.getOrDefault(hash, List.of()).stream()
                .filter(o -> o.rank() == 2)
                .count();
    }

    @Override
    public void close() {
        later.shutdownNow();
        server.stop();
    }

    // ---------------------------------------------------------------- the API

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) return false;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && decoded.substring(colon + 1).equals(password);
    }

    private void api(Context ctx) throws Exception {
        String path = ctx.path().substring(1);
        if (path.startsWith("fake/")) {
            text(ctx, 404, "Unknown endpoint (check api doc)");
            return;
        }
        Matcher byHash = HASH_PATH.matcher(path);
        String routeName = byHash.matches() ? "payments/" + byHash.group(1) : path;
        calls.computeIfAbsent(routeName, k -> new AtomicInteger()).incrementAndGet();
        Route route = ROUTES.get(routeName);
        if (route == null) {
            violations.add(
                    ctx.method() + " /" + path + ": phoenixd has no such endpoint (or lnteller must not call it)");
            text(ctx, 404, "Unknown endpoint (check api doc)");
            return;
        }
        if (!authorized(ctx.header("Authorization"))) {
            text(ctx, 401, "Invalid authentication (use basic auth with the http password set in phoenix.conf)");
            return;
        }
        if (ctx.method() != route.method()) {
            violations.add(ctx.method() + " /" + path + ": phoenixd answers only " + route.method());
            text(ctx, 405, "Invalid http method (use the correct GET/POST)");
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet())
            fields.put(e.getKey(), e.getValue().get(0));
        if (route.method() == HandlerType.POST) {
            String type = ctx.contentType() == null ? "" : ctx.contentType();
            if (!type.startsWith("application/x-www-form-urlencoded")) {
                violations.add("POST /" + path + " with Content-Type '" + type + "': phoenixd reads form parameters");
            }
            for (Map.Entry<String, List<String>> e : ctx.formParamMap().entrySet())
                fields.put(e.getKey(), e.getValue().get(0));
        } else if (!ctx.body().isEmpty()) {
            violations.add("GET /" + path + " with a body");
        }
        for (String f : fields.keySet()) {
            if (!route.fields().contains(f)) {
                violations.add(ctx.method() + " /" + path + ": phoenixd reads no parameter '" + f + "'");
                text(ctx, 400, "Unknown parameter " + f);
                return;
            }
        }
        Optional<Fault> fault = nextFault(routeName);
        if (fault.isPresent() && fault.get() instanceof Fault.Status s) {
            text(ctx, s.status(), "Internal server error");
            return;
        }
        switch (routeName) {
            case "getinfo" -> json(ctx, getinfo());
            case "getbalance" -> json(ctx, getbalance());
            case "estimateliquidityfees" -> estimate(ctx, fields);
            case "createinvoice" -> createinvoice(ctx, fields);
            case "payments/incoming" -> incomingPayment(ctx, byHash.group(2));
            case "payments/outgoingbyhash" -> outgoingPayment(ctx, byHash.group(2));
            case "payinvoice" -> payinvoice(ctx, fields, fault);
            default -> throw new IllegalStateException(routeName);
        }
        // a slow read: the answer, computed now, reaches the client late (stale by then)
        if (!"payinvoice".equals(routeName) && fault.isPresent() && fault.get() instanceof Fault.Slow slow) {
            Thread.sleep(slow.delay().toMillis());
        }
    }

    private synchronized ObjectNode getinfo() {
        ObjectNode info = JSON.createObjectNode();
        info.put("nodeId", Bolt11.nodeIdOf(nodeKey).hex());
        ArrayNode channels = info.putArray("channels");
        ObjectNode c = channels.addObject();
        c.put("state", "Normal");
        c.put("channelId", HEX.formatHex(sha256(nodeKey)));
        c.put("balanceSat", balanceMsat / 1000);
        c.put("inboundLiquiditySat", inboundSat);
        c.put("capacitySat", balanceMsat / 1000 + inboundSat);
        c.put("fundingTxId", HEX.formatHex(sha256(otherNodeKey)));
        info.put("chain", "mainnet");
        info.put("blockHeight", 900_000);
        info.put("version", "0.8.0-stand-in");
        return info;
    }

    private synchronized ObjectNode getbalance() {
        ObjectNode b = JSON.createObjectNode();
        b.put("balanceSat", balanceMsat / 1000);
        b.put("feeCreditSat", feeCreditSat);
        return b;
    }

    private void estimate(Context ctx, Map<String, String> fields) throws Exception {
        Optional<Long> amount = longField(ctx, fields, "amountSat", true);
        if (amount.isEmpty()) return;
        ObjectNode fees = JSON.createObjectNode();
        synchronized (this) {
            fees.put("miningFeeSat", miningFeeSat);
            fees.put("serviceFeeSat", amount.get() * servicePpm / 1_000_000L);
        }
        json(ctx, fees);
    }

    private void createinvoice(Context ctx, Map<String, String> fields) throws Exception {
        Optional<Long> amount = longField(ctx, fields, "amountSat", false);
        if (fields.containsKey("amountSat") && amount.isEmpty()) return;
        Optional<Long> expiry = longField(ctx, fields, "expirySeconds", false);
        if (fields.containsKey("expirySeconds") && expiry.isEmpty()) return;
        String description = fields.get("description");
        if (description != null && description.length() > 128) {
            text(ctx, 400, "Request parameter description is too long (max 128 characters)");
            return;
        }
        if ((description == null) == (fields.get("descriptionHash") == null)) {
            text(ctx, 400, "Must provide either a description or descriptionHash");
            return;
        }
        if (description == null) {
            violations.add("createinvoice with a descriptionHash: lnteller sends a description");
            description = "";
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Preimage preimage = Preimage.of(secret);
        byte[] paymentSecret = new byte[32];
        random.nextBytes(paymentSecret);
        Instant now = clock.instant();
        Duration x = Duration.ofSeconds(expiry.orElse(3600L));
        String bolt11 = sign(nodeKey, amount, now, preimage.paymentHash(), paymentSecret, description, x);
        synchronized (this) {
            incoming.put(
                    preimage.paymentHash(),
                    new Incoming(
                            bolt11,
                            preimage,
                            amount.orElse(0L),
                            description,
                            now.toEpochMilli(),
                            now.plus(x).toEpochMilli()));
        }
        ObjectNode answer = JSON.createObjectNode();
        amount.ifPresent(a -> answer.put("amountSat", a));
        answer.put("paymentHash", preimage.paymentHash().hex());
        answer.put("serialized", bolt11);
        json(ctx, answer);
    }

    private void incomingPayment(Context ctx, String hex) throws Exception {
        Optional<PaymentHash> hash = hash(ctx, hex);
        if (hash.isEmpty()) return;
        ObjectNode p = JSON.createObjectNode();
        synchronized (this) {
            Incoming in = incoming.get(hash.get());
            if (in == null) {
                text(ctx, 404, "Not found");
                return;
            }
            p.put("type", "incoming_payment");
            p.put("subType", "lightning");
            p.put("paymentHash", in.hash.hex());
            p.put("preimage", in.preimage.hex());
            p.put("description", in.description);
            p.put("invoice", in.bolt11);
            p.put("isPaid", in.completedAt != null);
            p.put("isExpired", clock.millis() > in.expiresAt);
            if (in.requestedSat > 0) p.put("requestedSat", in.requestedSat);
            p.put("receivedSat", in.receivedSat);
            p.put("fees", in.feesMsat);
            p.put("expiresAt", in.expiresAt);
            if (in.completedAt != null) p.put("completedAt", in.completedAt);
            p.put("createdAt", in.createdAt);
        }
        json(ctx, p);
    }

    private void outgoingPayment(Context ctx, String hex) throws Exception {
        Optional<PaymentHash> hash = hash(ctx, hex);
        if (hash.isEmpty()) return;
        ObjectNode p;
        synchronized (this) {
            Optional<Outgoing> best = outgoing.getOrDefault(hash.get(), List.of()).stream()
                    .max((a, b) -> Integer.compare(a.rank(), b.rank()));
            if (best.isEmpty()) {
                text(ctx, 404, "Not found");
                return;
            }
            p = describe(best.get());
        }
        json(ctx, p);
    }

    private static ObjectNode describe(Outgoing o) {
        ObjectNode p = JSON.createObjectNode();
        p.put("type", "outgoing_payment");
        p.put("subType", "lightning");
        p.put("paymentId", o.id.toString());
        p.put("paymentHash", o.hash.hex());
        if (o.preimage != null) p.put("preimage", o.preimage.hex());
        p.put("isPaid", o.preimage != null);
        p.put("sent", (o.amountMsat + o.feesMsat) / 1000);
        p.put("fees", o.feesMsat);
        p.put("invoice", o.invoice);
        if (o.completedAt != null) p.put("completedAt", o.completedAt);
        p.put("createdAt", o.createdAt);
        return p;
    }

    private void payinvoice(Context ctx, Map<String, String> fields, Optional<Fault> fault) throws Exception {
        String text = fields.get("invoice");
        if (text == null) {
            text(ctx, 400, "Request parameter invoice is missing");
            return;
        }
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11.decode(text.trim());
        } catch (InvalidInvoice e) {
            text(ctx, 400, "Request parameter invoice couldn't be parsed/converted to bolt11invoice");
            return;
        }
        Optional<Long> amountSat = longField(ctx, fields, "amountSat", false);
        if (fields.containsKey("amountSat") && amountSat.isEmpty()) return;
        Optional<Long> amountMsat = amountSat
                .map(a -> a * 1000)
                .or(() -> MilliSatoshi.ofOptional(invoice.amountMsat()).map(MilliSatoshi::msat));
        if (amountMsat.isEmpty()) {
            text(ctx, 400, "Request parameter amountSat is missing");
            return;
        }
        PaymentHash hash = PaymentHash.of(invoice.paymentHash().toArray());
        long amount = amountMsat.get();
        Outgoing payment;
        synchronized (this) {
            List<Outgoing> earlier = outgoing.getOrDefault(hash, List.of());
            if (earlier.stream().anyMatch(o -> o.preimage != null)) {
                failed(ctx, hash, "this invoice has already been paid");
                return;
            }
            if (earlier.stream().anyMatch(o -> o.rank() == 2)) {
                failed(ctx, hash, "another payment is in progress for that invoice");
                return;
            }
            if (amount <= 0) {
                failed(ctx, hash, "payment amount must be positive");
                return;
            }
            payment = new Outgoing(hash, text.trim(), amount, clock.millis());
            outgoing.computeIfAbsent(hash, k -> new ArrayList<>()).add(payment);
            long fee = fee(amount);
            Foreign to = foreign.get(hash);
            String refusal = null;
            if (amount + fee > balanceMsat) {
                refusal = "not enough funds in wallet to afford payment";
            } else if (to == null
                    || clock.millis() > invoice.expiresAt().toEpochMilli()
                    || (invoice.amountMsat().isPresent()
                            && amount < invoice.amountMsat().getAsLong())) {
                refusal = "the recipient was offline or did not have enough liquidity to receive the payment";
            }
            if (refusal != null) {
                payment.completedAt = clock.millis();
                failed(ctx, hash, refusal);
                return;
            }
            payment.feesMsat = fee;
            balanceMsat -= amount + fee; // held while in flight
        }
        if (fault.isPresent() && fault.get() instanceof Fault.ClosedMidPayment mid) {
            later.schedule(() -> settle(payment), mid.settleAfter().toMillis(), TimeUnit.MILLISECONDS);
            drop(ctx);
            return;
        }
        if (fault.isPresent() && fault.get() instanceof Fault.Slow slow)
            Thread.sleep(slow.delay().toMillis());
        settle(payment);
        if (fault.isPresent() && fault.get() instanceof Fault.LostAnswer) {
            drop(ctx);
            return;
        }
        ObjectNode sent = JSON.createObjectNode();
        sent.put("recipientAmountSat", payment.amountMsat / 1000);
        sent.put("routingFeeSat", payment.feesMsat / 1000);
        sent.put("paymentId", payment.id.toString());
        sent.put("paymentHash", hash.hex());
        sent.put("paymentPreimage", payment.preimage.hex());
        json(ctx, sent);
    }

    private synchronized void settle(Outgoing payment) {
        payment.preimage = foreign.get(payment.hash).preimage();
        payment.completedAt = clock.millis();
    }

    static long fee(long amountMsat) {
        long fee = TRAMPOLINE_BASE_MSAT + amountMsat * TRAMPOLINE_PPM / 1_000_000L;
        return (fee + 999) / 1000 * 1000;
    }

    private void failed(Context ctx, PaymentHash hash, String reason) throws Exception {
        ObjectNode f = JSON.createObjectNode();
        f.put("paymentHash", hash.hex());
        f.put("reason", reason);
        json(ctx, f);
    }

    // ---------------------------------------------------------------- helpers

    private Optional<Fault> nextFault(String path) {
        synchronized (faults) {
            Deque<Fault> q = faults.get(path);
            if (q != null && !q.isEmpty()) return Optional.of(q.poll());
            Deque<Fault> any = faults.get("*");
            if (any != null && !any.isEmpty()) return Optional.of(any.poll());
            return Optional.empty();
        }
    }

    private Optional<PaymentHash> hash(Context ctx, String hex) {
        try {
            if (hex.length() != 64) throw new IllegalArgumentException();
            return Optional.of(PaymentHash.fromHex(hex));
        } catch (IllegalArgumentException e) {
            text(ctx, 400, "Request parameter paymentHash couldn't be parsed/converted to hex32");
            return Optional.empty();
        }
    }

    private Optional<Long> longField(Context ctx, Map<String, String> fields, String name, boolean required) {
        String v = fields.get(name);
        if (v == null) {
            if (required) text(ctx, 400, "Request parameter " + name + " is missing");
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            text(ctx, 400, "Request parameter " + name + " couldn't be parsed/converted to integer");
            return Optional.empty();
        }
    }

    private static void json(Context ctx, ObjectNode body) {
        ctx.status(200).contentType("application/json").result(body.toPrettyString());
    }

    private static void text(Context ctx, int status, String message) {
        ctx.status(status).contentType("text/plain; charset=UTF-8").result(message);
    }

    /** Closes the TCP connection without answering. */
    private static void drop(Context ctx) throws Exception {
        org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
        base.getHttpChannel().getEndPoint().close();
    }
}
