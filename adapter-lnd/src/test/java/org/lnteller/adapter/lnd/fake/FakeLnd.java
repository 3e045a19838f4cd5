package org.lnteller.adapter.lnd.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lnteller.codec.Network;
import org.lnteller.codec.bech32.Bech32;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;

/**
 * A stand-in for an LND node's REST gateway, over real HTTPS with a self-signed certificate:
 * lnd's wire format (JSON, bytes as base64, 64-bit integers as strings, enums by name, gRPC errors
 * as {@code {"code", "message"}}, streams of {@code {"result": ...}} lines whose headers come with
 * the first line), every request checked against lnd's swagger files ({@link SwaggerCheck}; a
 * request they do not describe is answered 501 and recorded in {@link #violations()}), the
 * {@code Grpc-Metadata-macaroon} header checked, real signed BOLT11 invoices, and a ledger: the
 * node's channel balance, the invoices it issued, its payments (one per hash, like lnd's control
 * tower), and the invoices of other wallets it can pay ({@link #foreignInvoice}, {@link #register}).
 *
 * <p>Faults: {@link #inject} a {@link Fault} for the next calls of a path; {@link #restart()} stops
 * the node (streams cut, port closed) and brings it back on the same port with the same ledger.
 */
public final class FakeLnd implements AutoCloseable {
    public static final String FOREIGN_KEY_HINT = "customer wallet";
    /** The routing fee of every payment and probe, in msat. */
    public static final long FEE_MSAT = 1_000;

    /** What to do to the next matching calls. */
    public sealed interface Fault {
        /** HTTP 500 without lnd's body, before anything is done. */
        record Http500() implements Fault {}

        /** Do the work, then drop the connection without a word (the answer is lost). */
        record DropAfterActing() implements Fault {}

        /** Do the work, answer only after {@code delay} (a timeout for the client). */
        record AnswerLate(Duration delay) implements Fault {}

        /** A send: write the IN_FLIGHT update, close the stream, settle a moment later. */
        record CloseStreamMidPayment() implements Fault {}
    }

    private record Injected(String path, AtomicInteger left, Fault fault) {}

    /** An invoice this node issued. */
    private static final class Invoice {
        final PaymentHash hash;
        final Preimage preimage;
        final String bolt11;
        final long valueMsat;
        final String memo;
        final long created;
        final long expiry;
        final long addIndex;
        final byte[] paymentAddr;
        volatile String state = "OPEN";
        volatile long settleIndex;
        volatile long settleDate;

        Invoice(
                PaymentHash hash,
                Preimage preimage,
                String bolt11,
                long valueMsat,
                String memo,
                long created,
                long expiry,
                long addIndex,
                byte[] paymentAddr) {
            this.hash = hash;
            this.preimage = preimage;
            this.bolt11 = bolt11;
            this.valueMsat = valueMsat;
            this.memo = memo;
            this.created = created;
            this.expiry = expiry;
            this.addIndex = addIndex;
            this.paymentAddr = paymentAddr;
        }
    }

    /** An invoice of another wallet, payable by this node. */
    public record Foreign(
            String bolt11,
            PaymentHash paymentHash,
            Preimage preimage,
            Optional<Long> amountMsat,
            Instant expiresAt,
            String payee) {}

    /** A payment this node started. */
    private static final class Payment {
        final PaymentHash hash;
        final long index;
        final long valueMsat;
        final String bolt11;
        final long createdNs;
        volatile String status = "IN_FLIGHT";
        volatile String failure = "FAILURE_REASON_NONE";
        volatile long feeMsat;
        volatile String preimageHex = "";

        Payment(PaymentHash hash, long index, long valueMsat, String bolt11, long createdNs) {
            this.hash = hash;
            this.index = index;
            this.valueMsat = valueMsat;
            this.bolt11 = bolt11;
            this.createdNs = createdNs;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SelfSignedCert cert;
    private final SwaggerCheck swagger = SwaggerCheck.lnd();
    private final SecureRandom random = new SecureRandom();
    private final NodeKey nodeKey = NodeKey.random(random);
    private final NodeKey foreignKey = NodeKey.random(random);
    private final String macaroonHex;
    private final Network network;
    private final Object ledger = new Object();
    private long balanceMsat;
    private long addIndex;
    private long settleIndex;
    private long paymentIndex;
    private final Map<PaymentHash, Invoice> invoices = new LinkedHashMap<>();
    private final Map<String, Foreign> foreign = new ConcurrentHashMap<>();
    private final Map<PaymentHash, Payment> payments = new ConcurrentHashMap<>();
    /** Payments that moved money, per hash (a second one would be a double payment). */
    private final Map<PaymentHash, AtomicInteger> sends = new ConcurrentHashMap<>();
    /** Invoices of this node settled, per hash (a second settle would be an invoice paid twice). */
    private final Map<PaymentHash, AtomicInteger> settles = new ConcurrentHashMap<>();

    private final List<BlockingQueue<Invoice>> subscribers = new CopyOnWriteArrayList<>();
    private final List<Injected> faults = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<String> seenMacaroons = new ConcurrentLinkedDeque<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-lnd");
        t.setDaemon(true);
        return t;
    });
    private final List<HttpExchange> open = new CopyOnWriteArrayList<>();
    private volatile Duration settleDelay = Duration.ofMillis(5);
    private volatile String networkAnswered;
    private volatile HttpsServer server;
    private final int port;

    private FakeLnd(Network network, long balanceMsat, int port) throws IOException {
        this.cert = SelfSignedCert.get();
        this.network = network;
        this.networkAnswered =
                network == Network.MAINNET ? "mainnet" : network.name().toLowerCase();
        this.balanceMsat = balanceMsat;
        byte[] mac = new byte[48];
        random.nextBytes(mac);
        this.macaroonHex = "0201036c6e64" + HexFormat.of().formatHex(mac);
        this.port = bind(port);
    }

    /** A node on {@code network} holding {@code balanceSat} in its channels, on a free port. */
    public static FakeLnd start(Network network, long balanceSat) throws IOException {
        return new FakeLnd(network, balanceSat * 1000, 0);
    }

    public static FakeLnd start(Network network, long balanceSat, int port) throws IOException {
        return new FakeLnd(network, balanceSat * 1000, port);
    }

    private int bind(int port) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        s.setHttpsConfigurator(new HttpsConfigurator(cert.sslContext()));
        s.setExecutor(workers);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        return s.getAddress().getPort();
    }

    // ---------------------------------------------------------------- what a test needs to connect

    public URI restUrl() {
        return URI.create("https://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public String macaroonHex() {
        return macaroonHex;
    }

    public SelfSignedCert certificate() {
        return cert;
    }

    public Network network() {
        return network;
    }

    /** What {@code /v1/getinfo} says the network is (to test the start-up check). */
    public void answerNetwork(String lndNetwork) {
        this.networkAnswered = lndNetwork;
    }

    /** Every macaroon header seen (to prove the adapter sends it). */
    public List<String> seenMacaroons() {
        return List.copyOf(seenMacaroons);
    }

    /** Requests lnd's swagger files do not describe; a test fails when this is not empty. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    // ---------------------------------------------------------------- the world outside the node

    public void inject(String path, int times, Fault fault) {
        faults.add(new Injected(path, new AtomicInteger(times), fault));
    }

    /** How long a payment stays in flight before it settles. */
    public void settleDelay(Duration d) {
        settleDelay = d;
    }

    public long balanceMsat() {
        synchronized (ledger) {
            return balanceMsat;
        }
    }

    public void setBalanceSat(long sat) {
        synchronized (ledger) {
            balanceMsat = sat * 1000;
        }
    }

    /** Payments that moved money, per payment hash (hex). */
    public Map<String, Integer> sends() {
        Map<String, Integer> out = new LinkedHashMap<>();
        sends.forEach((h, n) -> out.put(h.hex(), n.get()));
        return out;
    }

    /** Invoices of this node that were settled, per payment hash (hex): how often each was. */
    public Map<String, Integer> settled() {
        Map<String, Integer> out = new LinkedHashMap<>();
        settles.forEach((h, n) -> out.put(h.hex(), n.get()));
        return out;
    }

    /** Someone pays an invoice this node issued. */
    public void payInvoice(PaymentHash hash) {
        Invoice settled;
        synchronized (ledger) {
            Invoice inv = invoices.get(hash);
            if (inv == null) throw new IllegalArgumentException("no invoice " + hash);
            if (!"OPEN".equals(inv.state)) throw new IllegalStateException("invoice " + hash + " is " + inv.state);
            inv.state = "SETTLED";
            inv.settleIndex = ++settleIndex;
            inv.settleDate = Instant.now().getEpochSecond();
            balanceMsat += inv.valueMsat;
            settles.computeIfAbsent(hash, h -> new AtomicInteger()).incrementAndGet();
            settled = inv;
        }
        publish(settled);
    }

    /** An invoice this node issued passes its expiry: lnd cancels it. */
    public void expireInvoice(PaymentHash hash) {
        Invoice cancelled;
        synchronized (ledger) {
            Invoice inv = invoices.get(hash);
            if (inv == null || !"OPEN".equals(inv.state)) return;
            inv.state = "CANCELED";
            cancelled = inv;
        }
        publish(cancelled);
    }

    /** A customer's invoice, signed by another node's key, that this node can pay. */
    public Foreign foreignInvoice(Optional<Long> amountMsat, Duration expiry) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Preimage preimage = Preimage.of(secret);
        byte[] addr = new byte[32];
        random.nextBytes(addr);
        Instant now = Instant.now();
        String bolt11 = sign(foreignKey, amountMsat, now, preimage.paymentHash(), addr, FOREIGN_KEY_HINT, expiry);
        Foreign f = new Foreign(
                bolt11, preimage.paymentHash(), preimage, amountMsat, now.plus(expiry), foreignKey.publicKeyHex());
        foreign.put(bolt11, f);
        return f;
    }

    /** An invoice written elsewhere (e.g. by core's encoder), with its preimage, made payable by this node. */
    public void register(String bolt11, Preimage preimage, Optional<Long> amountMsat, Instant expiresAt) {
        foreign.put(
                bolt11.strip(),
                new Foreign(
                        bolt11.strip(),
                        preimage.paymentHash(),
                        preimage,
                        amountMsat,
                        expiresAt,
                        foreignKey.publicKeyHex()));
    }

    /** Stops the node (every stream and connection cut), then brings it back on the same port. */
    public void restart(Duration down) throws IOException, InterruptedException {
        stopServer();
        Thread.sleep(down.toMillis());
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                bind(port);
                return;
            } catch (java.net.BindException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private void stopServer() {
        HttpsServer s = server;
        for (BlockingQueue<Invoice> q : subscribers) q.add(POISON);
        for (HttpExchange e : open) e.close();
        s.stop(0);
    }

    @Override
    public void close() {
        stopServer();
        workers.shutdownNow();
    }

    // ---------------------------------------------------------------- requests

    private static final Invoice POISON = new Invoice(null, null, null, 0, null, 0, 0, 0, null);

    private void handle(HttpExchange x) throws IOException {
        open.add(x);
        try {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getRawPath();
            Map<String, List<String>> query = query(x.getRequestURI().getRawQuery());
            byte[] raw = x.getRequestBody().readAllBytes();
            Optional<String> body =
                    raw.length == 0 ? Optional.empty() : Optional.of(new String(raw, StandardCharsets.UTF_8));
            Optional<String> problem = swagger.check(method, path, query, body);
            if (problem.isPresent()) {
                violations.add(problem.get());
                error(x, 501, 12, "stand-in: not in lnd's REST description: " + problem.get());
                return;
            }
            String mac = x.getRequestHeaders().getFirst("Grpc-Metadata-macaroon");
            if (mac == null) {
                error(x, 500, 2, "expected 1 macaroon, got 0");
                return;
            }
            seenMacaroons.add(mac);
            if (!mac.equalsIgnoreCase(macaroonHex)) {
                error(x, 500, 2, "verification failed: signature mismatch after caveat verification");
                return;
            }
            Fault fault = takeFault(path);
            if (fault instanceof Fault.Http500) {
                x.sendResponseHeaders(500, -1);
                return;
            }
            JsonNode json = body.isPresent() ? JSON.readTree(body.get()) : JSON.createObjectNode();
            route(x, method, path, query, json, fault);
        } catch (IOException | RuntimeException e) {
            // the client went away, or the node was stopped under the call
        } finally {
            open.remove(x);
            x.close();
        }
    }

    private Fault takeFault(String path) {
        for (Injected i : faults) {
            if (path.startsWith(i.path()) && i.left().getAndDecrement() > 0) return i.fault();
        }
        return null;
    }

    private void route(
            HttpExchange x, String method, String path, Map<String, List<String>> query, JsonNode body, Fault fault)
            throws IOException {
        if (method.equals("GET") && path.equals("/v1/getinfo")) {
            ObjectNode info = JSON.createObjectNode();
            info.put("alias", "lnd-stand-in");
            info.put("version", "0.21.2-beta commit=stand-in");
            info.put("identity_pubkey", nodeKey.publicKeyHex());
            info.put("synced_to_chain", true);
            info.putArray("chains").addObject().put("chain", "bitcoin").put("network", networkAnswered);
            unary(x, info, fault);
        } else if (method.equals("POST") && path.equals("/v1/invoices")) {
            unary(x, addInvoice(body), fault);
        } else if (method.equals("GET") && path.startsWith("/v1/invoice/")) {
            Invoice inv;
            synchronized (ledger) {
                inv = invoices.get(PaymentHash.fromHex(path.substring("/v1/invoice/".length())));
            }
            if (inv == null) error(x, 404, 5, "unable to locate invoice");
            else unary(x, invoiceJson(inv), fault);
        } else if (method.equals("GET") && path.equals("/v1/invoices/subscribe")) {
            subscribe(x, first(query, "add_index"), first(query, "settle_index"));
        } else if (method.equals("GET") && path.equals("/v1/balance/channels")) {
            ObjectNode b = JSON.createObjectNode();
            long msat = balanceMsat();
            b.put("balance", Long.toString(msat / 1000));
            b.putObject("local_balance").put("sat", Long.toString(msat / 1000)).put("msat", Long.toString(msat));
            b.putObject("remote_balance").put("sat", "0").put("msat", "0");
            b.putObject("pending_open_local_balance").put("sat", "0").put("msat", "0");
            unary(x, b, fault);
        } else if (method.equals("GET") && path.startsWith("/v1/payreq/")) {
            String bolt11 = URLDecoder.decode(path.substring("/v1/payreq/".length()), StandardCharsets.UTF_8);
            Foreign f = foreign.get(bolt11);
            Optional<String> bad = bech32Problem(bolt11);
            if (bad.isPresent()) error(x, 500, 2, bad.get());
            else if (f == null) error(x, 500, 2, "stand-in: cannot decode an invoice it does not know");
            else {
                ObjectNode d = JSON.createObjectNode();
                d.put("destination", f.payee());
                d.put("payment_hash", f.paymentHash().hex());
                d.put("num_satoshis", Long.toString(f.amountMsat().orElse(0L) / 1000));
                d.put("num_msat", Long.toString(f.amountMsat().orElse(0L)));
                unary(x, d, fault);
            }
        } else if (method.equals("POST") && path.equals("/v2/router/route/estimatefee")) {
            estimateFee(x, body, fault);
        } else if (method.equals("POST") && path.equals("/v2/router/send")) {
            send(x, body, fault);
        } else if (method.equals("GET") && path.startsWith("/v2/router/track/")) {
            PaymentHash hash =
                    PaymentHash.of(Base64.getUrlDecoder().decode(path.substring("/v2/router/track/".length())));
            Payment p = payments.get(hash);
            if (p == null) streamError(x, 404, 5, "payment isn't initiated");
            else {
                x.sendResponseHeaders(200, 0);
                line(x, paymentJson(p));
            }
        } else {
            violations.add("stand-in does not serve " + method + " " + path);
            error(x, 501, 12, "stand-in does not serve " + method + " " + path);
        }
    }

    private ObjectNode addInvoice(JsonNode body) {
        long valueMsat = body.has("value_msat")
                ? body.path("value_msat").asLong()
                : body.path("value").asLong() * 1000;
        long expiry = body.path("expiry").asLong(86_400);
        String memo = body.path("memo").asText("");
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Preimage preimage = Preimage.of(secret);
        byte[] addr = new byte[32];
        random.nextBytes(addr);
        Instant now = Instant.now();
        String bolt11 = sign(
                nodeKey,
                valueMsat == 0 ? Optional.empty() : Optional.of(valueMsat),
                now,
                preimage.paymentHash(),
                addr,
                memo,
                Duration.ofSeconds(expiry));
        Invoice inv;
        synchronized (ledger) {
            inv = new Invoice(
                    preimage.paymentHash(),
                    preimage,
                    bolt11,
                    valueMsat,
                    memo,
                    now.getEpochSecond(),
                    expiry,
                    ++addIndex,
                    addr);
            invoices.put(inv.hash, inv);
        }
        publish(inv);
        ObjectNode out = JSON.createObjectNode();
        out.put("r_hash", Base64.getEncoder().encodeToString(inv.hash.bytes()));
        out.put("payment_request", bolt11);
        out.put("add_index", Long.toString(inv.addIndex));
        out.put("payment_addr", Base64.getEncoder().encodeToString(addr));
        return out;
    }

    private ObjectNode invoiceJson(Invoice inv) {
        ObjectNode o = JSON.createObjectNode();
        o.put("memo", inv.memo);
        o.put("r_preimage", Base64.getEncoder().encodeToString(inv.preimage.bytes()));
        o.put("r_hash", Base64.getEncoder().encodeToString(inv.hash.bytes()));
        o.put("value", Long.toString(inv.valueMsat / 1000));
        o.put("value_msat", Long.toString(inv.valueMsat));
        o.put("settled", "SETTLED".equals(inv.state));
        o.put("creation_date", Long.toString(inv.created));
        o.put("settle_date", Long.toString(inv.settleDate));
        o.put("payment_request", inv.bolt11);
        o.put("expiry", Long.toString(inv.expiry));
        o.put("add_index", Long.toString(inv.addIndex));
        o.put("settle_index", Long.toString(inv.settleIndex));
        boolean settled = "SETTLED".equals(inv.state);
        o.put("amt_paid_sat", Long.toString(settled ? inv.valueMsat / 1000 : 0));
        o.put("amt_paid_msat", Long.toString(settled ? inv.valueMsat : 0));
        o.put("state", inv.state);
        o.put("payment_addr", Base64.getEncoder().encodeToString(inv.paymentAddr));
        return o;
    }

    private ObjectNode paymentJson(Payment p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("payment_hash", p.hash.hex());
        o.put("value", Long.toString(p.valueMsat / 1000));
        o.put("creation_date", Long.toString(p.createdNs / 1_000_000_000L));
        o.put("fee", Long.toString(p.feeMsat / 1000));
        o.put("payment_preimage", p.preimageHex.isEmpty() ? "0".repeat(64) : p.preimageHex);
        o.put("value_sat", Long.toString(p.valueMsat / 1000));
        o.put("value_msat", Long.toString(p.valueMsat));
        o.put("payment_request", p.bolt11);
        o.put("status", p.status);
        o.put("fee_sat", Long.toString(p.feeMsat / 1000));
        o.put("fee_msat", Long.toString(p.feeMsat));
        o.put("creation_time_ns", Long.toString(p.createdNs));
        o.putArray("htlcs");
        o.put("payment_index", Long.toString(p.index));
        o.put("failure_reason", p.failure);
        return o;
    }

    private void estimateFee(HttpExchange x, JsonNode body, Fault fault) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("time_lock_delay", "40");
        long needMsat;
        if (body.has("payment_request")) {
            String bolt11 = body.path("payment_request").asText().strip();
            Optional<String> bad = bech32Problem(bolt11);
            if (bad.isPresent()) {
                error(x, 500, 2, bad.get());
                return;
            }
            Foreign f = foreign.get(bolt11);
            if (f == null) {
                out.put("routing_fee_msat", "0");
                out.put("failure_reason", "FAILURE_REASON_NO_ROUTE");
                unary(x, out, fault);
                return;
            }
            if (f.amountMsat().isEmpty()) {
                error(x, 500, 2, "amount must be specified when paying a zero amount invoice");
                return;
            }
            needMsat = f.amountMsat().get();
        } else {
            String dest = HexFormat.of()
                    .formatHex(Base64.getDecoder().decode(body.path("dest").asText("")));
            if (!dest.equals(foreignKey.publicKeyHex())) {
                error(x, 500, 2, "unable to find a path to destination");
                return;
            }
            needMsat = body.path("amt_sat").asLong() * 1000;
        }
        if (needMsat + FEE_MSAT > balanceMsat()) {
            out.put("routing_fee_msat", "0");
            out.put("failure_reason", "FAILURE_REASON_INSUFFICIENT_BALANCE");
        } else {
            out.put("routing_fee_msat", Long.toString(FEE_MSAT));
            out.put("failure_reason", "FAILURE_REASON_NONE");
        }
        unary(x, out, fault);
    }

    /** SendPaymentV2: refusals before the payment exists are errors; afterwards, updates until final. */
    private void send(HttpExchange x, JsonNode body, Fault fault) throws IOException {
        String bolt11 = body.path("payment_request").asText("").strip();
        Optional<String> bad = bech32Problem(bolt11);
        if (bad.isPresent()) {
            streamError(x, 500, 2, bad.get());
            return;
        }
        if (body.path("allow_self_payment").asBoolean(false)) {
            violations.add("the adapter allowed self-payments");
        }
        Foreign f = foreign.get(bolt11);
        boolean amountGiven = body.has("amt") || body.has("amt_msat");
        long amtMsat = body.has("amt_msat")
                ? body.path("amt_msat").asLong()
                : body.path("amt").asLong() * 1000;
        long feeLimitMsat = body.has("fee_limit_msat")
                ? body.path("fee_limit_msat").asLong()
                : body.path("fee_limit_sat").asLong() * 1000;
        PaymentHash hash;
        long valueMsat;
        if (f != null) {
            if (f.amountMsat().isEmpty() && !amountGiven) {
                streamError(x, 500, 2, "amount must be specified when paying a zero amount invoice");
                return;
            }
            if (f.amountMsat().isPresent() && amountGiven) {
                streamError(x, 500, 2, "amount must not be specified when paying a non-zero amount invoice");
                return;
            }
            if (Instant.now().isAfter(f.expiresAt())) {
                streamError(x, 500, 2, "invoice expired. Valid until " + f.expiresAt());
                return;
            }
            hash = f.paymentHash();
            valueMsat = f.amountMsat().orElse(amtMsat);
        } else {
            synchronized (ledger) {
                for (Invoice own : invoices.values()) {
                    if (own.bolt11.equals(bolt11)) {
                        streamError(x, 500, 2, "no self-payments allowed for payment hash " + own.hash.hex());
                        return;
                    }
                }
            }
            // a well-formed invoice of a node this one has no route to
            hash = PaymentHash.of(sha256(bolt11.getBytes(StandardCharsets.UTF_8)));
            valueMsat = amtMsat;
        }
        Payment p;
        synchronized (ledger) {
            Payment before = payments.get(hash);
            if (before != null && "SUCCEEDED".equals(before.status)) {
                streamError(x, 409, 6, "invoice is already paid");
                return;
            }
            if (before != null && !"FAILED".equals(before.status)) {
                streamError(x, 409, 6, "payment is in transition");
                return;
            }
            p = new Payment(hash, ++paymentIndex, valueMsat, bolt11, System.currentTimeMillis() * 1_000_000L);
            payments.put(hash, p);
            if (f == null) {
                fail(p, "FAILURE_REASON_NO_ROUTE");
            } else if (FEE_MSAT > feeLimitMsat) {
                fail(p, "FAILURE_REASON_NO_ROUTE");
            } else if (valueMsat + FEE_MSAT > balanceMsat) {
                fail(p, "FAILURE_REASON_INSUFFICIENT_BALANCE");
            } else {
                balanceMsat -= valueMsat + FEE_MSAT; // the HTLC holds the funds while in flight
                p.feeMsat = FEE_MSAT;
            }
        }
        if ("FAILED".equals(p.status)) {
            x.sendResponseHeaders(200, 0);
            line(x, paymentJson(p));
            return;
        }
        Preimage preimage = f.preimage();
        Runnable settle = () -> {
            synchronized (ledger) {
                p.preimageHex = preimage.hex();
                p.status = "SUCCEEDED";
                sends.computeIfAbsent(p.hash, h -> new AtomicInteger()).incrementAndGet();
            }
        };
        // like lnd, the node pays on whatever becomes of the caller's connection
        java.util.concurrent.CompletableFuture<Void> settled = java.util.concurrent.CompletableFuture.runAsync(
                () -> {
                    sleep(settleDelay);
                    settle.run();
                },
                workers);
        if (fault instanceof Fault.DropAfterActing) {
            settled.join();
            throw new IOException("dropping the connection without an answer");
        }
        if (fault instanceof Fault.AnswerLate late) {
            settled.join();
            sleep(late.delay());
            x.sendResponseHeaders(200, 0);
            line(x, paymentJson(p));
            return;
        }
        x.sendResponseHeaders(200, 0);
        line(x, paymentJson(p)); // IN_FLIGHT
        if (fault instanceof Fault.CloseStreamMidPayment) return;
        settled.join();
        line(x, paymentJson(p));
    }

    private void fail(Payment p, String reason) {
        p.status = "FAILED";
        p.failure = reason;
    }

    private void subscribe(HttpExchange x, long addFrom, long settleFrom) throws IOException {
        BlockingQueue<Invoice> q = new LinkedBlockingQueue<>();
        subscribers.add(q);
        try {
            List<Invoice> backlog = new ArrayList<>();
            synchronized (ledger) {
                for (Invoice inv : invoices.values()) {
                    if (addFrom > 0 && inv.addIndex > addFrom) backlog.add(inv);
                    else if (settleFrom > 0 && inv.settleIndex > settleFrom) backlog.add(inv);
                }
            }
            boolean headers = false;
            for (Invoice inv : backlog) {
                if (!headers) x.sendResponseHeaders(200, 0);
                headers = true;
                line(x, invoiceJson(inv));
            }
            while (true) {
                Invoice inv = q.poll(1, TimeUnit.SECONDS);
                if (inv == POISON || server == null) return;
                if (inv == null) continue;
                if (!headers) x.sendResponseHeaders(200, 0);
                headers = true;
                line(x, invoiceJson(inv));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscribers.remove(q);
        }
    }

    private void publish(Invoice inv) {
        for (BlockingQueue<Invoice> q : subscribers) q.add(inv);
    }

    // ---------------------------------------------------------------- wire helpers

    private void unary(HttpExchange x, JsonNode body, Fault fault) throws IOException {
        if (fault instanceof Fault.DropAfterActing) throw new IOException("dropping the connection without an answer");
        if (fault instanceof Fault.AnswerLate late) sleep(late.delay());
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        x.getResponseBody().write(bytes);
    }

    /** A unary gRPC error as grpc-gateway writes it. */
    private static void error(HttpExchange x, int status, int code, String message) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        e.put("code", code);
        e.put("message", message);
        e.putArray("details");
        byte[] bytes = JSON.writeValueAsBytes(e);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    /** A streaming call's error before its first message: {@code {"error": ...}} with the code's HTTP status. */
    private static void streamError(HttpExchange x, int status, int code, String message) throws IOException {
        ObjectNode wrapper = JSON.createObjectNode();
        ObjectNode e = wrapper.putObject("error");
        e.put("code", code);
        e.put("message", message);
        e.putArray("details");
        byte[] bytes = (JSON.writeValueAsString(wrapper) + "\n").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static void line(HttpExchange x, JsonNode result) throws IOException {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.set("result", result);
        OutputStream out = x.getResponseBody();
        out.write((JSON.writeValueAsString(wrapper) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static long first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? 0 : Long.parseLong(v.get(0));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A node's signing key and its node id (the compressed public key, hex). */
    private record NodeKey(byte[] privateKey, String publicKeyHex) {
        static NodeKey random(SecureRandom random) {
            byte[] key = new byte[32];
            while (true) {
                random.nextBytes(key);
                try {
                    return new NodeKey(key.clone(), Bolt11.nodeIdOf(key).hex());
                } catch (IllegalArgumentException outsideTheCurveOrder) {
                    // astronomically rare: draw again
                }
            }
        }
    }

    /**
     * An invoice on this node's network signed with {@code key} by the codec's encoder, with the
     * features lnd's invoices require (8 var_onion_optin, 14 payment_secret).
     */
    private String sign(
            NodeKey key,
            Optional<Long> amountMsat,
            Instant timestamp,
            PaymentHash hash,
            byte[] paymentSecret,
            String description,
            Duration expiry) {
        InvoiceDraft draft = InvoiceDraft.builder(network, ByteVector.of(hash.bytes()), timestamp)
                .amountMsat(amountMsat.map(OptionalLong::of).orElse(OptionalLong.empty()))
                .paymentSecret(ByteVector.of(paymentSecret))
                .description(description)
                .expiry(expiry)
                .feature(8)
                .feature(14)
                .build();
        return Bolt11.encode(draft, key.privateKey());
    }

    /** What zpay32 says first about text that is not bech32 with an "ln" prefix (lnd's words); empty when it is. */
    private static Optional<String> bech32Problem(String text) {
        Bech32.Decoded decoded;
        try {
            decoded = Bech32.decode(text.strip());
        } catch (Bech32.InvalidBech32 e) {
            return Optional.of(
                    switch (e.problem()) {
                        case MIXED_CASE -> "string not all lowercase or all uppercase";
                        case NO_SEPARATOR, TOO_SHORT -> "invalid index of 1";
                        case INVALID_CHARACTER -> "invalid character not part of charset";
                        case BAD_CHECKSUM -> "checksum failed";
                    });
        }
        if (decoded.variant() != Bech32.Variant.BECH32) return Optional.of("checksum failed");
        if (!decoded.hrp().startsWith("ln")) return Optional.of("prefix should be \"ln\"");
        return Optional.empty();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
