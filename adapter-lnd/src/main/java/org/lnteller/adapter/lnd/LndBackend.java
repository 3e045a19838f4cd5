package org.lnteller.adapter.lnd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.lnteller.adapter.lnd.LndErrors.SendRefusal;
import org.lnteller.adapter.lnd.RestClient.Event;
import org.lnteller.adapter.lnd.RestClient.Reply;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.FeeProbe;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lightning.UnableToCreateInvoice;
import org.lnteller.ports.lightning.UnableToQueryBackend;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own LND node over its REST gateway: a {@link LightningBackend}.
 *
 * <p>What each operation calls: {@code POST /v1/invoices} (then {@code GET /v1/invoice/{r_hash}}
 * for the node's creation time), {@code GET /v1/invoice/{r_hash}} (hex), {@code POST
 * /v2/router/send} (streaming), {@code GET /v2/router/track/{payment_hash}} (streaming, first
 * update only), {@code POST /v2/router/route/estimatefee} (with {@code GET /v1/payreq/{pay_req}}
 * for the payee of an amount-less invoice), {@code GET /v1/balance/channels},
 * {@code GET /v1/invoices/subscribe} for push, and {@code GET /v1/getinfo} once, on
 * {@link #verifyNode}.
 *
 * <p>Failures: reads are retried after transient failures (no connection, timeout, 5xx without
 * lnd's error body, lnd still starting) with capped exponential backoff and jitter, then throw
 * {@link UnableToQueryBackend}. A payment is sent exactly once per call, and its stream is read
 * for at most {@code payWait}: a final status is the outcome, an update that shows the payment
 * started is {@link PaymentOutcome.Pending} when the wait ends, no word at all is
 * {@link PaymentOutcome.Unknown}. Dropping the stream does not stop the payment (lnd pays on; the
 * request never sets {@code cancelable}). lnd's refusal to pay a hash it already paid or is paying
 * (gRPC ALREADY_EXISTS: "invoice is already paid", "payment is in transition") is read back through
 * {@link #paymentStatus}: already paid, or pending, never a failure.
 *
 * <p>Fees: {@code fee_limit_sat} is {@link PaymentRequest#maxFee()} rounded down to whole
 * satoshis, so lnd never pays more than the cap.
 *
 * <p>Threading: safe for concurrent use. The macaroon never appears in a log line, an exception
 * message or {@link #toString()}.
 */
public final class LndBackend implements LightningBackend, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LndBackend.class);
    private static final Base64.Encoder URL_BASE64 = Base64.getUrlEncoder();

    private final LndSettings settings;
    private final RestClient client;
    private final InvoiceStream stream;
    private final Clock clock;
    private final ExecutorService readers;

    /** Opens no connection yet; call {@link #verifyNode} before use. */
    public LndBackend(LndSettings settings) {
        this(settings, RestClient.newHttpClient(Objects.requireNonNull(settings, "settings")), Clock.systemUTC());
    }

    LndBackend(LndSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lnd-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        SecureRandom random = new SecureRandom();
        this.client =
                new RestClient(settings, http, new ObjectMapper(), d -> Thread.sleep(d.toMillis()), random, readers);
        this.stream = new InvoiceStream(settings, client, random);
    }

    /**
     * Asks the node who it is ({@code GET /v1/getinfo}) and checks it is on the configured network.
     *
     * @return the node's alias and version, for the banner
     * @throws IllegalStateException with a message for the operator when the node cannot be reached,
     *                               refuses the macaroon, presents another certificate, or is on
     *                               another network
     */
    public String verifyNode() {
        RestClient.Answer reply;
        try {
            reply = client.read("GET", "/v1/getinfo", null);
        } catch (UnableToQueryBackend e) {
            throw new IllegalStateException(
                    "cannot check the LND node at " + settings.restUrl() + ": " + e.getMessage(), e);
        }
        JsonNode info = reply.fold(Reply.Ok::body, refused -> {
            throw new IllegalStateException("the LND node at " + settings.restUrl() + " refused GET /v1/getinfo: "
                    + refused.message() + " (the macaroon needs uri:/lnrpc.Lightning/GetInfo)");
        });
        String network = info.path("chains").path(0).path("network").asText("");
        Optional<Network> theirs = networkOf(network);
        if (theirs.isEmpty() || theirs.get() != settings.network()) {
            throw new IllegalStateException("the LND node at " + settings.restUrl() + " is on '" + network + "', not "
                    + settings.network().name().toLowerCase(Locale.ROOT) + " (LNTELLER_NETWORK)");
        }
        String who = info.path("alias").asText("") + " " + info.path("version").asText("");
        log.info("LND node {} at {} is on {}", who.strip(), settings.restUrl(), network);
        return who.strip();
    }

    static Optional<Network> networkOf(String lndNetwork) {
        return switch (lndNetwork) {
            case "mainnet" -> Optional.of(Network.MAINNET);
            case "testnet", "testnet3", "testnet4" -> Optional.of(Network.TESTNET);
            case "signet" -> Optional.of(Network.SIGNET);
            case "regtest" -> Optional.of(Network.REGTEST);
            default -> Optional.empty();
        };
    }

    // ---------------------------------------------------------------- incoming

    /**
     * {@code POST /v1/invoices} with {@code value} (sat), {@code expiry} (whole seconds, rounded
     * up) and {@code memo}. Not retried: a failed call leaves at most an invoice nobody was shown.
     * The invoice is decoded (its signature checked) and must carry the {@code r_hash} and amount
     * asked for; its expiry is the invoice's own timestamp plus {@code x}.
     */
    @Override
    public CreatedInvoice createInvoice(Satoshi amount, Duration expiry, String description) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(description, "description");
        if (amount.isZero()) throw new UnableToCreateInvoice(Kind.INVALID_INPUT, "an invoice amount must be positive");
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UnableToCreateInvoice(Kind.INVALID_INPUT, "an invoice must stay payable at least one second");
        }
        long seconds = expiry.getSeconds() + (expiry.getNano() > 0 ? 1 : 0);
        ObjectNode body = client.object();
        body.put("memo", description);
        body.put("value", Long.toString(amount.sat()));
        body.put("expiry", Long.toString(seconds));
        JsonNode added = client.once("POST", "/v1/invoices", body, settings.callTimeout())
                .fold(
                        Reply.Ok::body,
                        refused -> {
                            throw new UnableToCreateInvoice(
                                    LndErrors.infrastructure(refused).orElse(Kind.INVALID_INPUT),
                                    "LND refused the invoice: " + refused.message());
                        },
                        broken -> {
                            throw new UnableToCreateInvoice(
                                    broken.kind(), "LND issued no invoice: " + broken.message(), broken.cause());
                        });
        Optional<PaymentHash> hash = hashOf(added);
        String bolt11 = added.path("payment_request").asText("");
        if (hash.isEmpty() || bolt11.isEmpty()) {
            throw new UnableToCreateInvoice(Kind.PROTOCOL, "LND answered an invoice without r_hash or payment_request");
        }
        CreatedInvoice created = CreatedInvoice.issued("LND", bolt11, hash.get().hex(), amount);
        log.debug("LND issued invoice {} for {} sat", hash.get(), amount.sat());
        return created;
    }

    /**
     * {@code GET /v1/invoice/{r_hash}}: SETTLED is paid; CANCELED (lnd cancels expired invoices) is
     * expired, and so is OPEN past {@code creation_date + expiry}; OPEN and ACCEPTED are pending;
     * lnd's NOT_FOUND is {@link InvoiceStatus#NOT_FOUND}.
     */
    @Override
    public InvoiceStatus invoiceStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        return client.read("GET", "/v1/invoice/" + paymentHash.hex(), null)
                .fold(ok -> invoiceStatusOf(ok.body(), paymentHash), refused -> {
                    String m = RestClient.lower(refused.message());
                    if (refused.notFound()
                            || m.contains("unable to locate invoice")
                            || m.contains("no existing invoices")) {
                        return InvoiceStatus.NOT_FOUND;
                    }
                    throw new UnableToQueryBackend(
                            Kind.PROTOCOL, "LND refused to read invoice " + paymentHash + ": " + refused.message());
                });
    }

    private InvoiceStatus invoiceStatusOf(JsonNode invoice, PaymentHash paymentHash) {
        InvoiceStatus status = statusOfState(invoice.path("state").asText(""))
                .orElseThrow(() -> new UnableToQueryBackend(
                        Kind.PROTOCOL,
                        "LND answered invoice " + paymentHash + " in state '"
                                + invoice.path("state").asText("") + "'"));
        if (status == InvoiceStatus.PENDING
                && "OPEN".equals(invoice.path("state").asText())) {
            long created = invoice.path("creation_date").asLong(0);
            long expiry = invoice.path("expiry").asLong(0);
            if (created > 0 && expiry > 0 && clock.instant().isAfter(Instant.ofEpochSecond(created + expiry))) {
                return InvoiceStatus.EXPIRED;
            }
        }
        return status;
    }

    static Optional<InvoiceStatus> statusOfState(String state) {
        return switch (state) {
            case "OPEN", "ACCEPTED" -> Optional.of(InvoiceStatus.PENDING);
            case "SETTLED" -> Optional.of(InvoiceStatus.PAID);
            case "CANCELED" -> Optional.of(InvoiceStatus.EXPIRED);
            default -> Optional.empty();
        };
    }

    /** The invoice's {@code r_hash} (base64 on the wire). */
    static Optional<PaymentHash> hashOf(JsonNode invoice) {
        String b64 = invoice.path("r_hash").asText("");
        if (b64.isEmpty()) return Optional.empty();
        try {
            byte[] bytes = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(b64)
                    : Base64.getDecoder().decode(b64);
            return bytes.length == 32 ? Optional.of(PaymentHash.of(bytes)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- outgoing

    /**
     * {@code POST /v2/router/send} once, with {@code payment_request}, {@code fee_limit_sat},
     * {@code timeout_seconds}, {@code allow_self_payment: false} and, for an amount-less invoice,
     * {@code amt} ({@code amt_msat} when the amount is not whole satoshis); then its stream for at
     * most {@code payWait}.
     */
    @Override
    public PaymentOutcome pay(PaymentRequest request) {
        Objects.requireNonNull(request, "request");
        PaymentHash hash = request.paymentHash();
        ObjectNode body = client.object();
        body.put("payment_request", request.bolt11().strip());
        body.put("timeout_seconds", (int)
                Math.min(Integer.MAX_VALUE, settings.payTimeout().toSeconds()));
        body.put("fee_limit_sat", Long.toString(request.maxFee().msat() / 1000));
        body.put("allow_self_payment", false);
        request.amount().ifPresent(a -> {
            if (a.isWholeSatoshi()) body.put("amt", Long.toString(a.msat() / 1000));
            else body.put("amt_msat", Long.toString(a.msat()));
        });
        log.info(
                "Paying invoice {} through LND (fee limit {} sat)",
                hash,
                request.maxFee().msat() / 1000);
        boolean started = false;
        long deadline = System.nanoTime() + settings.payWait().toNanos();
        try (RestClient.Lines lines = client.stream("POST", "/v2/router/send", body)) {
            while (true) {
                long left = deadline - System.nanoTime();
                Optional<Event> next = left <= 0 ? Optional.empty() : lines.next(Duration.ofNanos(left));
                if (next.isEmpty()) {
                    if (started) {
                        log.info(
                                "Payment {} still in flight after {}; left to reconciliation",
                                hash,
                                settings.payWait());
                        return new PaymentOutcome.Pending();
                    }
                    log.warn(
                            "Payment {}: no word from LND within {}; reconcile by payment hash, do not pay again",
                            hash,
                            settings.payWait());
                    return new PaymentOutcome.Unknown("LND said nothing of the payment within " + settings.payWait());
                }
                boolean startedBefore = started;
                Optional<PaymentOutcome> outcome = next.get()
                        .fold(
                                message -> outcomeOf(message.result(), false),
                                error -> Optional.of(refusedSend(hash, error.error(), startedBefore)),
                                ended -> Optional.of(endedSend(hash, ended.why(), startedBefore)));
                if (outcome.isPresent()) return outcome.get();
                started = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PaymentOutcome.Unknown("interrupted while waiting for LND");
        }
    }

    /** The stream of a send ended without lnd's word. */
    private PaymentOutcome endedSend(PaymentHash hash, Reply.Broken why, boolean started) {
        if (started) return new PaymentOutcome.Pending();
        if (!why.mayHaveActed()) {
            throw new LightningBackendException(why.kind(), "payment not sent: " + why.message(), why.cause());
        }
        log.warn("Payment {}: outcome unknown ({}); reconcile by payment hash, do not pay again", hash, why.message());
        return new PaymentOutcome.Unknown("LND /v2/router/send: " + why.message());
    }

    private PaymentOutcome refusedSend(PaymentHash hash, Reply.Refused error, boolean started) {
        if (!started) {
            Optional<Kind> infrastructure = LndErrors.infrastructure(error);
            if (infrastructure.isPresent()) {
                throw new LightningBackendException(
                        infrastructure.get(), "payment not sent: LND answered: " + error.message());
            }
        }
        return LndErrors.ofSend(error)
                .fold(
                        notPaid -> started
                                ? unclearSend(hash, error)
                                : new PaymentOutcome.Failed(
                                        notPaid.reason(), "LND refused the payment: " + error.message()),
                        alreadyPaidOrInFlight -> alreadyPaid(hash, error.message()),
                        unclear -> unclearSend(hash, error));
    }

    private PaymentOutcome unclearSend(PaymentHash hash, Reply.Refused error) {
        log.warn("Payment {}: LND answered '{}'; outcome unknown, reconcile by payment hash", hash, error.message());
        return new PaymentOutcome.Unknown("LND answered: " + error.message());
    }

    /** lnd refused a repeat: what it did the first time is the answer (paid, or still paying). */
    private PaymentOutcome alreadyPaid(PaymentHash hash, String message) {
        OutgoingStatus before;
        try {
            before = paymentStatus(hash);
        } catch (LightningBackendException e) {
            log.warn("LND says '{}' for {}; the earlier payment could not be read ({})", message, hash, e.getMessage());
            return new PaymentOutcome.Pending();
        }
        return before.fold(
                succeeded -> new PaymentOutcome.Succeeded(succeeded.preimage(), succeeded.fee(), true),
                // lnd refused because of an earlier attempt that has failed since: nothing left the wallet
                failed -> new PaymentOutcome.Failed(
                        PaymentFailure.REFUSED,
                        "LND: " + message + "; the earlier attempt failed: " + failed.message()),
                pending -> new PaymentOutcome.Pending(),
                notFound -> new PaymentOutcome.Pending());
    }

    /** A {@code Payment} message as an outcome; empty while it is in flight. */
    private static Optional<PaymentOutcome> outcomeOf(JsonNode payment, boolean alreadyPaid) {
        String status = payment.path("status").asText("");
        if ("SUCCEEDED".equals(status)) {
            return Optional.of(new PaymentOutcome.Succeeded(preimageOf(payment), feeOf(payment), alreadyPaid));
        }
        if ("FAILED".equals(status)) {
            String reason = payment.path("failure_reason").asText("");
            return Optional.of(
                    new PaymentOutcome.Failed(LndErrors.ofFailureReason(reason), "LND: the payment failed: " + reason));
        }
        return Optional.empty();
    }

    private static Optional<Preimage> preimageOf(JsonNode payment) {
        String hex = payment.path("payment_preimage").asText("");
        if (hex.isEmpty() || hex.matches("0+")) return Optional.empty();
        try {
            return Optional.of(Preimage.fromHex(hex));
        } catch (IllegalArgumentException e) {
            log.warn("LND reported a malformed preimage; ignored");
            return Optional.empty();
        }
    }

    private static MilliSatoshi feeOf(JsonNode payment) {
        if (payment.hasNonNull("fee_msat"))
            return MilliSatoshi.of(Math.max(0, payment.path("fee_msat").asLong()));
        return Satoshi.of(Math.max(0, payment.path("fee_sat").asLong(0))).toMilliSatoshi();
    }

    /**
     * {@code GET /v2/router/track/{payment_hash}}: its first update is the payment's state now
     * (lnd sends the current state first); lnd's NOT_FOUND ("payment isn't initiated") is
     * {@link OutgoingStatus.NotFound}. Retried like every read.
     */
    @Override
    public OutgoingStatus paymentStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        String path = "/v2/router/track/" + URL_BASE64.encodeToString(paymentHash.bytes());
        int attempt = 0;
        while (true) {
            Reply.Broken failed;
            try (RestClient.Lines lines = client.stream("GET", path, null)) {
                Optional<Event> next = lines.next(settings.callTimeout());
                Tracked tracked = next.isEmpty()
                        ? Tracked.failed(new Reply.Broken(
                                Kind.TIMEOUT, "no update within " + settings.callTimeout(), true, null))
                        : next.get()
                                .fold(
                                        message -> Tracked.found(statusOf(message.result(), paymentHash)),
                                        error -> trackRefused(error.error(), paymentHash),
                                        ended -> Tracked.failed(ended.why()));
                if (tracked.status().isPresent()) return tracked.status().get();
                failed = tracked.failed().orElseThrow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnableToQueryBackend(Kind.UNAVAILABLE, "interrupted while tracking " + paymentHash, e);
            }
            boolean transientFailure = failed.kind() == Kind.UNAVAILABLE
                    || failed.kind() == Kind.TIMEOUT
                    || failed.kind() == Kind.RATE_LIMITED;
            if (!transientFailure || attempt >= settings.readRetries()) {
                throw new UnableToQueryBackend(
                        failed.kind(), "LND could not track " + paymentHash + ": " + failed.message(), failed.cause());
            }
            Duration wait = client.backoff(attempt++);
            log.warn(
                    "LND track of {} failed ({}); retry {} of {} in {} ms",
                    paymentHash,
                    failed.message(),
                    attempt,
                    settings.readRetries(),
                    wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnableToQueryBackend(Kind.UNAVAILABLE, "interrupted while tracking " + paymentHash, e);
            }
        }
    }

    /** One attempt to track a payment: its status, or the failure that may be retried. */
    private record Tracked(Optional<OutgoingStatus> status, Optional<Reply.Broken> failed) {
        static Tracked found(OutgoingStatus status) {
            return new Tracked(Optional.of(status), Optional.empty());
        }

        static Tracked failed(Reply.Broken why) {
            return new Tracked(Optional.empty(), Optional.of(why));
        }
    }

    /** lnd's refusal to track: a payment it never started, a failure to retry, or an error. */
    private static Tracked trackRefused(Reply.Refused r, PaymentHash paymentHash) {
        String msg = RestClient.lower(r.message());
        if (r.notFound()
                || msg.contains("isn't initiated")
                || msg.contains("not initiated")
                || msg.contains("not found")) {
            return Tracked.found(new OutgoingStatus.NotFound());
        }
        Optional<Kind> kind = LndErrors.infrastructure(r);
        if (kind.isEmpty()) {
            throw new UnableToQueryBackend(Kind.PROTOCOL, "LND refused to track " + paymentHash + ": " + r.message());
        }
        return Tracked.failed(new Reply.Broken(kind.get(), "LND answered: " + r.message(), false, null));
    }

    private static OutgoingStatus statusOf(JsonNode payment, PaymentHash hash) {
        return switch (payment.path("status").asText("")) {
            case "SUCCEEDED" -> new OutgoingStatus.Succeeded(preimageOf(payment), feeOf(payment));
            case "FAILED" ->
                new OutgoingStatus.Failed("LND: the payment failed: "
                        + payment.path("failure_reason").asText(""));
            case "IN_FLIGHT", "INITIATED" -> new OutgoingStatus.Pending();
            default ->
                throw new UnableToQueryBackend(
                        Kind.PROTOCOL,
                        "LND answered payment " + hash + " in status '"
                                + payment.path("status").asText("") + "'");
        };
    }

    /**
     * {@code POST /v2/router/route/estimatefee}: with the payment request (lnd sends a probe that
     * cannot settle; no money moves), or, for an amount-less invoice, with its payee (decoded
     * here) and {@code amt_sat} (the amount rounded up), for which lnd estimates from its graph.
     * Text that is no invoice and lnd's refusals are {@link FeeProbe.Unroutable}.
     */
    @Override
    public FeeProbe probeFee(String bolt11, Optional<MilliSatoshi> amount) {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(amount, "amount");
        String invoice = bolt11.strip();
        Bolt11Invoice decoded;
        try {
            decoded = Bolt11.decode(invoice);
        } catch (InvalidInvoice e) {
            return new FeeProbe.Unroutable(PaymentFailure.INVALID_INVOICE, "not a payable invoice: " + e.getMessage());
        }
        ObjectNode body = client.object();
        if (amount.isPresent()) {
            if (decoded.amountMsat().isPresent()) {
                return new FeeProbe.Unroutable(PaymentFailure.AMOUNT_INVALID, "the invoice has an amount of its own");
            }
            body.put("dest", Base64.getEncoder().encodeToString(decoded.payee().bytes()));
            body.put("amt_sat", Long.toString(amount.get().ceilToSatoshi().sat()));
        } else {
            body.put("payment_request", invoice);
            body.put("timeout", settings.probeTimeout().toSeconds()); // an integer in lnd's swagger, unlike most int64s
        }
        RestClient.Answer reply = client.read(
                "POST",
                "/v2/router/route/estimatefee",
                body,
                settings.probeTimeout().plus(settings.callTimeout()));
        return reply.fold(ok -> feeProbeOf(ok.body()), LndBackend::unroutable);
    }

    private static FeeProbe feeProbeOf(JsonNode fee) {
        String failure = fee.path("failure_reason").asText("FAILURE_REASON_NONE");
        if (!"FAILURE_REASON_NONE".equals(failure)) {
            return new FeeProbe.Unroutable(LndErrors.ofFailureReason(failure), "LND's probe failed: " + failure);
        }
        long msat = fee.path("routing_fee_msat").asLong(-1);
        if (msat < 0)
            throw new UnableToQueryBackend(Kind.PROTOCOL, "LND answered a fee estimate without routing_fee_msat");
        return new FeeProbe.Routable(MilliSatoshi.of(msat));
    }

    private static FeeProbe unroutable(Reply.Refused r) {
        Optional<Kind> infrastructure = LndErrors.infrastructure(r);
        if (infrastructure.isPresent())
            throw new UnableToQueryBackend(infrastructure.get(), "LND answered: " + r.message());
        PaymentFailure reason = LndErrors.ofSend(r)
                .fold(
                        SendRefusal.NotPaid::reason,
                        alreadyPaid -> PaymentFailure.NO_ROUTE,
                        unclear -> PaymentFailure.NO_ROUTE);
        return new FeeProbe.Unroutable(reason, "LND: " + r.message());
    }

    /**
     * {@code GET /v1/balance/channels}: {@code local_balance} (what the channels hold on this side)
     * is available; {@code pending_open_local_balance} (channels being opened) is incoming.
     * Channel reserves are inside {@code local_balance}: a little of it cannot be spent.
     */
    @Override
    public Balance balance() {
        JsonNode b = client.read("GET", "/v1/balance/channels", null).fold(Reply.Ok::body, refused -> {
            throw new UnableToQueryBackend(
                    LndErrors.infrastructure(refused).orElse(Kind.PROTOCOL),
                    "LND refused the balance: " + refused.message());
        });
        long local = b.path("local_balance").has("msat")
                ? b.path("local_balance").path("msat").asLong(-1)
                : b.path("balance").asLong(-1) * 1000;
        if (local < 0)
            throw new UnableToQueryBackend(Kind.PROTOCOL, "LND answered a channel balance without local_balance");
        long pending =
                Math.max(0, b.path("pending_open_local_balance").path("msat").asLong(0));
        return new Balance(MilliSatoshi.of(local), MilliSatoshi.of(pending));
    }

    // ---------------------------------------------------------------- push

    /** {@code GET /v1/invoices/subscribe}, kept open with reconnect and catch-up by {@code settle_index}. */
    @Override
    public Optional<AutoCloseable> subscribeInvoiceUpdates(Consumer<InvoiceUpdate> listener) {
        return Optional.of(stream.subscribe(listener));
    }

    /** How many times the invoice stream was opened. */
    int streamConnects() {
        return stream.connects();
    }

    @Override
    public void close() {
        stream.close();
        readers.shutdownNow();
    }

    /** Where; never the macaroon. */
    @Override
    public String toString() {
        return "LndBackend[restUrl=" + settings.restUrl() + ", network=" + settings.network() + "]";
    }
}
