package org.lnteller.adapter.phoenixd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lnteller.adapter.phoenixd.PhoenixdHttp.Broken;
import org.lnteller.adapter.phoenixd.PhoenixdHttp.Reply;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.FeeProbe;
import org.lnteller.ports.lightning.InboundLiquidityTooExpensive;
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
 * The operator's own phoenixd node (ACINQ's self-custodial Lightning server) over its HTTP API:
 * form-encoded requests, HTTP Basic with the full-access password, JSON answers.
 *
 * <p>What each operation calls: {@link #createInvoice} {@code GET /getinfo} (inbound liquidity of
 * the channels), when that is short {@code GET /getbalance} (fee credit) and
 * {@code GET /estimateliquidityfees}, then {@code POST /createinvoice}; {@link #invoiceStatus}
 * {@code GET /payments/incoming/{paymentHash}}; {@link #pay} {@code GET /payments/outgoingbyhash/{paymentHash}}
 * then {@code POST /payinvoice}; {@link #paymentStatus} {@code GET /payments/outgoingbyhash/{paymentHash}};
 * {@link #probeFee} and {@link #balance} {@code GET /getbalance}; push: the {@code /websocket}
 * events ({@link IncomingPush}).
 *
 * <p>Paying exactly once: {@code payinvoice} has no idempotency key and answers only when the
 * payment has ended, so it is called once per {@link #pay} with a bounded wait
 * ({@link PhoenixdSettings#payWait()}); a call that breaks off answers {@link PaymentOutcome.Unknown}
 * and the caller reconciles by hash. phoenixd refuses a second payment of a hash paid or in flight
 * with HTTP 200 and a {@code reason}, the very shape of a failed payment, so no answer with a
 * {@code reason} is read as {@link PaymentOutcome.Failed} (refundable) before
 * {@code payments/outgoingbyhash} says that no payment of that hash succeeded or is pending.
 *
 * <p>Fees: phoenixd routes through ACINQ's trampoline node and takes no fee limit; its fee schedule
 * is {@value #TRAMPOLINE_FEE_BASE_SAT} sat + {@value #TRAMPOLINE_FEE_PPM} ppm. {@link #probeFee}
 * answers that schedule (phoenixd has no probe) and {@link #pay} refuses, sending nothing, when it
 * exceeds {@link PaymentRequest#maxFee()}.
 *
 * <p>Inbound liquidity: phoenixd opens or enlarges a channel itself when a payment does not fit
 * its inbound liquidity, and takes the fee (mining + service, less its fee credit) out of that
 * payment. {@link #createInvoice} logs that fee and refuses, with
 * {@link InboundLiquidityTooExpensive}, an invoice whose fee would exceed
 * {@link PhoenixdSettings#maxLiquidityFee()} or the amount itself.
 *
 * <p>Units: phoenixd counts whole satoshis in its requests; an amount-less invoice is paid whole
 * satoshis only. Threading: safe for concurrent use. The password never appears in a log line,
 * an exception message or {@link #toString()}.
 */
public final class PhoenixdBackend implements LightningBackend, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PhoenixdBackend.class);

    /** ACINQ's trampoline fee, the base part, in sats. */
    public static final long TRAMPOLINE_FEE_BASE_SAT = 4;
    /** ACINQ's trampoline fee, the proportional part, in millionths (0.4 %). */
    public static final long TRAMPOLINE_FEE_PPM = 4_000;
    /** phoenixd refuses longer descriptions (createinvoice, 128 characters). */
    static final int MAX_DESCRIPTION = 128;

    private final PhoenixdSettings settings;
    private final PhoenixdHttp api;
    private final IncomingPush push;

    /** Opens no connection yet: HTTP connects on the first call, the websocket on the first subscription. */
    public PhoenixdBackend(PhoenixdSettings settings) {
        this(settings, PhoenixdHttp.newHttpClient(Objects.requireNonNull(settings, "settings")), Clock.systemUTC());
    }

    PhoenixdBackend(PhoenixdSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.api = new PhoenixdHttp(settings, http, new ObjectMapper(), d -> Thread.sleep(d.toMillis()));
        this.push = new IncomingPush(settings, http, api, this::invoiceStatus, clock);
    }

    // ---------------------------------------------------------------- incoming

    /**
     * Checks that the node can receive {@code amount} within the liquidity fee cap, then
     * {@code POST /createinvoice} with {@code amountSat}, {@code description} (cut to 128
     * characters) and {@code expirySeconds} (whole seconds, rounded up). Not retried.
     *
     * @throws InboundLiquidityTooExpensive when receiving it would cost more than the cap (nothing issued)
     * @throws UnableToCreateInvoice        INVALID_INPUT for a zero amount or an expiry under one second
     */
    @Override
    public CreatedInvoice createInvoice(Satoshi amount, Duration expiry, String description) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(description, "description");
        if (amount.isZero())
            throw new UnableToCreateInvoice(Kind.INVALID_INPUT, "an invoice amount must be positive, not 0 sat");
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UnableToCreateInvoice(
                    Kind.INVALID_INPUT, "an invoice must stay payable for at least one second, not " + expiry);
        }
        try {
            checkInboundLiquidity(amount);
        } catch (InboundLiquidityTooExpensive e) {
            throw e;
        } catch (LightningBackendException e) {
            throw new UnableToCreateInvoice(e.kind(), "no invoice: " + e.getMessage(), e);
        }
        long seconds = expiry.getSeconds() + (expiry.getNano() > 0 ? 1 : 0);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("amountSat", Long.toString(amount.sat()));
        String text = description.isBlank() ? "lnteller" : description;
        form.put("description", text.length() > MAX_DESCRIPTION ? text.substring(0, MAX_DESCRIPTION) : text);
        form.put("expirySeconds", Long.toString(seconds));
        Reply reply;
        try {
            reply = api.postOnce("createinvoice", form, settings.callTimeout());
        } catch (Broken b) {
            throw new UnableToCreateInvoice(b.kind(), "phoenixd createinvoice failed: " + b.getMessage(), b.getCause());
        }
        if (!reply.ok())
            throw new UnableToCreateInvoice(
                    kindOf(reply.status()),
                    "phoenixd refused createinvoice (HTTP " + reply.status() + "): "
                            + PhoenixdHttp.excerpt(reply.body()));
        JsonNode body = parseOr(reply, "createinvoice", UnableToCreateInvoice::new);
        String bolt11 = body.path("serialized").asText("");
        CreatedInvoice created = CreatedInvoice.issued(
                "phoenixd", bolt11, body.path("paymentHash").asText(""), amount);
        push.watch(created.paymentHash(), created.expiresAt());
        log.debug(
                "phoenixd issued invoice {} for {}, expiring at {}",
                created.paymentHash(),
                amount,
                created.expiresAt());
        return created;
    }

    /**
     * Whether the channels can receive {@code amount} as they are ({@code getinfo}: the
     * {@code inboundLiquiditySat} of channels in state {@code Normal}); if not, what phoenixd would
     * take from the payment to buy liquidity: {@code estimateliquidityfees} for the amount plus
     * its auto-liquidity (what lightning-kmp requests), mining + service fee, less the fee credit
     * ({@code getbalance}), which pays fees first.
     */
    private void checkInboundLiquidity(Satoshi amount) {
        JsonNode info = api.parse(expectOk(api.read("getinfo"), "GET /getinfo"), "GET /getinfo");
        long inbound = 0;
        int normal = 0;
        for (JsonNode channel : info.path("channels")) {
            if (!"Normal".equals(channel.path("state").asText())) continue;
            normal++;
            inbound = Math.addExact(
                    inbound, Math.max(0, channel.path("inboundLiquiditySat").asLong(0)));
        }
        if (amount.sat() <= inbound) return;

        Satoshi cap = settings.maxLiquidityFee();
        long requested = Math.addExact(amount.sat(), settings.autoLiquidity().sat());
        Reply estimate = api.read("estimateliquidityfees?amountSat=" + requested);
        if (estimate.status() == 400 || estimate.status() == 404) {
            String why = "phoenixd cannot receive " + amount + ": its channels take " + inbound
                    + " sat more and it gives no" + " liquidity price for " + requested + " sat ("
                    + PhoenixdHttp.excerpt(estimate.body()) + ")";
            log.warn("cash-out refused: {}", why);
            throw new InboundLiquidityTooExpensive(why, Optional.empty(), cap);
        }
        JsonNode fees = api.parse(expectOk(estimate, "GET /estimateliquidityfees"), "GET /estimateliquidityfees");
        JsonNode balance = api.parse(expectOk(api.read("getbalance"), "GET /getbalance"), "GET /getbalance");
        long mining = fees.path("miningFeeSat").asLong(-1);
        long service = fees.path("serviceFeeSat").asLong(-1);
        if (mining < 0 || service < 0) {
            throw new UnableToQueryBackend(Kind.PROTOCOL, "phoenixd's liquidity fee estimate is unreadable");
        }
        long credit = Math.max(0, balance.path("feeCreditSat").asLong(0));
        Satoshi fee = Satoshi.of(Math.max(0, mining + service - credit));
        String what = "a cash-out invoice of " + amount + " needs inbound liquidity (" + normal
                + " channel(s) can receive "
                + inbound + " sat): phoenixd will take about " + fee + " from the payment (mining " + mining
                + " + service "
                + service + " sat for " + requested + " sat of liquidity, less " + credit + " sat of fee credit)";
        if (fee.compareTo(cap) > 0 || fee.compareTo(amount) >= 0) {
            log.warn("cash-out refused: {}; the cap (PHOENIXD_MAX_LIQUIDITY_FEE_SATS) is {}", what, cap);
            throw new InboundLiquidityTooExpensive(
                    "the node cannot receive " + amount + " without a liquidity fee of about " + fee
                            + ", above the operator's cap of " + cap,
                    Optional.of(fee),
                    cap);
        }
        log.info("{}; within the cap of {}", what, cap);
    }

    /**
     * {@code GET /payments/incoming/{paymentHash}}: {@code isPaid} is PAID, else {@code isExpired}
     * is EXPIRED, else PENDING; HTTP 404 (phoenixd's "no such payment") is NOT_FOUND.
     */
    @Override
    public InvoiceStatus invoiceStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        Reply reply = api.read("payments/incoming/" + paymentHash.hex());
        if (reply.status() == 404) return InvoiceStatus.NOT_FOUND;
        JsonNode payment = api.parse(expectOk(reply, "GET /payments/incoming"), "GET /payments/incoming");
        if (!payment.path("isPaid").isBoolean()) {
            throw new UnableToQueryBackend(
                    Kind.PROTOCOL, "phoenixd's incoming payment " + paymentHash + " has no isPaid");
        }
        if (payment.path("isPaid").asBoolean()) return InvoiceStatus.PAID;
        if (payment.path("isExpired").asBoolean(false)) return InvoiceStatus.EXPIRED;
        return InvoiceStatus.PENDING;
    }

    @Override
    public Optional<AutoCloseable> subscribeInvoiceUpdates(Consumer<InvoiceUpdate> listener) {
        Objects.requireNonNull(listener, "listener");
        return Optional.of(push.subscribe(listener));
    }

    // ---------------------------------------------------------------- outgoing

    /**
     * Checks the amount against the (already decoded) invoice (one that does not fit: {@link PaymentOutcome.Failed},
     * nothing sent), refuses when ACINQ's fee schedule exceeds the fee limit, answers a payment of
     * that hash already made or in flight from {@code outgoingbyhash} without sending, else
     * {@code POST /payinvoice} once ({@code invoice}, and {@code amountSat} for an amount-less
     * invoice) and waits at most {@link PhoenixdSettings#payWait()}.
     *
     * @throws LightningBackendException when nothing was sent: phoenixd unreachable before the send
     *                                    (the pre-check failed), or it refused the password
     */
    @Override
    public PaymentOutcome pay(PaymentRequest request) {
        Objects.requireNonNull(request, "request");
        return prepare(request.invoice(), request.amount()).fold(prepared -> pay(request, prepared), refused -> {
            log.info(
                    "Payment of {} refused before sending: {}",
                    request.paymentHash(),
                    refused.failed().message());
            return refused.failed();
        });
    }

    /** Pays an invoice whose amount fits: once, unless this node paid or is paying it already. */
    private PaymentOutcome pay(PaymentRequest request, Prepared prepared) {
        PaymentHash hash = request.paymentHash();
        MilliSatoshi fee = trampolineFee(prepared.amount());
        if (fee.compareTo(request.maxFee()) > 0) {
            log.info("Payment of {} not sent: phoenixd's fee {} exceeds the limit {}", hash, fee, request.maxFee());
            return new PaymentOutcome.Failed(
                    PaymentFailure.NO_ROUTE,
                    "no route within the fee limit: phoenixd's fee is " + fee + ", the limit " + request.maxFee());
        }
        // Never a second payinvoice of a hash this node paid or is paying: read first (throws when unreachable: nothing
        // sent).
        Optional<PaymentOutcome> already = paymentStatus(hash)
                .fold(
                        succeeded -> {
                            log.info("Payment of {} not sent again: phoenixd paid it before", hash);
                            return Optional.of(
                                    new PaymentOutcome.Succeeded(succeeded.preimage(), succeeded.fee(), true));
                        },
                        failed -> Optional.empty(),
                        pending -> {
                            log.info("Payment of {} not sent again: phoenixd is paying it", hash);
                            return Optional.of(new PaymentOutcome.Pending());
                        },
                        notFound -> Optional.empty());
        if (already.isPresent()) return already.get();

        Map<String, String> form = new LinkedHashMap<>();
        form.put("invoice", prepared.bolt11());
        prepared.sendAmount().ifPresent(a -> form.put("amountSat", Long.toString(a.sat())));
        log.info("Paying invoice {} through phoenixd (waiting at most {})", hash, settings.payWait());
        Reply reply;
        try {
            reply = api.postOnce("payinvoice", form, settings.payWait());
        } catch (Broken b) {
            log.warn(
                    "phoenixd payinvoice for {}: outcome unknown ({}); reconcile by payment hash, do not pay again",
                    hash,
                    b.getMessage());
            return new PaymentOutcome.Unknown("phoenixd payinvoice: " + b.getMessage());
        }
        PaymentOutcome outcome = outcomeOf(reply, hash);
        log.info("Payment of {}: {}", hash, outcome);
        return outcome;
    }

    private PaymentOutcome outcomeOf(Reply reply, PaymentHash hash) {
        int status = reply.status();
        if (status == 401 || status == 403) {
            // phoenixd authenticates before reading the form: nothing was sent
            throw new LightningBackendException(
                    Kind.NOT_AUTHORIZED,
                    "payment not sent: phoenixd refused payinvoice (HTTP " + status
                            + "); paying needs the full-access http-password");
        }
        if (status == 400) {
            // a parameter phoenixd could not read (invoice, amountSat): refused before paying
            String text = PhoenixdHttp.excerpt(reply.body());
            PaymentFailure why = text.toLowerCase(Locale.ROOT).contains("amount")
                    ? PaymentFailure.AMOUNT_INVALID
                    : PaymentFailure.INVALID_INVOICE;
            return new PaymentOutcome.Failed(why, "phoenixd refused the invoice: " + text);
        }
        if (status != 200) {
            // a 5xx may come after the payment started; anything else makes no sense here
            return new PaymentOutcome.Unknown(
                    "phoenixd answered payinvoice with HTTP " + status + ": " + PhoenixdHttp.excerpt(reply.body()));
        }
        JsonNode body;
        try {
            body = api.parse(reply, "POST /payinvoice");
        } catch (LightningBackendException e) {
            return new PaymentOutcome.Unknown(e.getMessage());
        }
        String preimageHex = body.path("paymentPreimage").asText("");
        if (!preimageHex.isEmpty()) {
            try {
                Preimage preimage = Preimage.fromHex(preimageHex);
                if (!preimage.paymentHash().equals(hash)) {
                    return new PaymentOutcome.Unknown("phoenixd reported a preimage that is not the payment's");
                }
                long feeSat = body.path("routingFeeSat").asLong(0);
                return new PaymentOutcome.Succeeded(
                        Optional.of(preimage), Satoshi.of(Math.max(0, feeSat)).toMilliSatoshi(), false);
            } catch (IllegalArgumentException e) {
                return new PaymentOutcome.Unknown("phoenixd reported an unreadable preimage");
            }
        }
        if (body.has("reason")) return afterRefusal(hash, body.path("reason").asText(""));
        return new PaymentOutcome.Unknown("phoenixd answered payinvoice with neither a preimage nor a reason");
    }

    /**
     * A {@code reason} is a failed payment or phoenixd's refusal to pay a hash paid or in flight: the
     * same shape. Only {@code outgoingbyhash} tells them apart.
     */
    private PaymentOutcome afterRefusal(PaymentHash hash, String reason) {
        OutgoingStatus status;
        try {
            status = paymentStatus(hash);
        } catch (LightningBackendException e) {
            log.warn(
                    "phoenixd answered {} for {}, and its payments could not be read ({}); reconcile later",
                    reason,
                    hash,
                    e.getMessage());
            return new PaymentOutcome.Unknown(
                    "phoenixd answered '" + reason + "' and outgoingbyhash could not be read");
        }
        PaymentOutcome refused = new PaymentOutcome.Failed(failureOf(reason), "phoenixd: " + reason);
        return status.fold(
                succeeded -> new PaymentOutcome.Succeeded(succeeded.preimage(), succeeded.fee(), true),
                failed -> refused,
                pending -> new PaymentOutcome.Pending(),
                notFound -> refused);
    }

    /** lightning-kmp's FinalFailure texts, as phoenixd reports them in {@code reason}. */
    static PaymentFailure failureOf(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("not enough funds") || r.contains("insufficient")) return PaymentFailure.INSUFFICIENT_BALANCE;
        if (r.contains("expired")) return PaymentFailure.INVOICE_EXPIRED;
        if (r.contains("amount")) return PaymentFailure.AMOUNT_INVALID;
        if (r.contains("route")
                || r.contains("offline")
                || r.contains("liquidity")
                || r.contains("channel")
                || r.contains("exhausted")) return PaymentFailure.NO_ROUTE;
        return PaymentFailure.REFUSED;
    }

    /**
     * {@code GET /payments/outgoingbyhash/{paymentHash}}: phoenixd picks the best of the hash's
     * payments (succeeded over pending over failed). {@code isPaid} is Succeeded (preimage,
     * {@code fees} in msat); no {@code completedAt} is Pending; else Failed. HTTP 404 is NotFound.
     */
    @Override
    public OutgoingStatus paymentStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        Reply reply = api.read("payments/outgoingbyhash/" + paymentHash.hex());
        if (reply.status() == 404) return new OutgoingStatus.NotFound();
        JsonNode payment = api.parse(expectOk(reply, "GET /payments/outgoingbyhash"), "GET /payments/outgoingbyhash");
        if (!payment.path("isPaid").isBoolean()) {
            throw new UnableToQueryBackend(
                    Kind.PROTOCOL, "phoenixd's outgoing payment " + paymentHash + " has no isPaid");
        }
        if (payment.path("isPaid").asBoolean()) {
            Optional<Preimage> preimage = Optional.empty();
            String hex = payment.path("preimage").asText("");
            if (!hex.isEmpty()) {
                try {
                    preimage = Optional.of(Preimage.fromHex(hex));
                } catch (IllegalArgumentException e) {
                    log.warn("phoenixd reported a malformed preimage for {}; ignored", paymentHash);
                }
            }
            return new OutgoingStatus.Succeeded(
                    preimage, MilliSatoshi.of(Math.max(0, payment.path("fees").asLong(0))));
        }
        JsonNode completed = payment.path("completedAt");
        if (completed.isMissingNode() || completed.isNull()) return new OutgoingStatus.Pending();
        return new OutgoingStatus.Failed("phoenixd reports the payment failed");
    }

    /**
     * phoenixd has no fee probe: the invoice is read, the fee is ACINQ's schedule, and the balance
     * ({@code getbalance}) must cover amount plus fee. Pays nothing.
     */
    @Override
    public FeeProbe probeFee(String bolt11, Optional<MilliSatoshi> amount) {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(amount, "amount");
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11.decode(bolt11.strip());
        } catch (InvalidInvoice e) {
            return new FeeProbe.Unroutable(PaymentFailure.INVALID_INVOICE, "not a payable invoice: " + e.getMessage());
        }
        return prepare(invoice, amount)
                .fold(
                        this::probeFee,
                        refused -> new FeeProbe.Unroutable(
                                refused.failed().reason(), refused.failed().message()));
    }

    private FeeProbe probeFee(Prepared prepared) {
        MilliSatoshi fee = trampolineFee(prepared.amount());
        MilliSatoshi available = balance().available();
        if (prepared.amount().plus(fee).compareTo(available) > 0) {
            return new FeeProbe.Unroutable(
                    PaymentFailure.INSUFFICIENT_BALANCE,
                    "the node can send " + available + ", the payment needs " + prepared.amount() + " + " + fee
                            + " fee");
        }
        return new FeeProbe.Routable(fee);
    }

    /** ACINQ's trampoline fee for {@code amount}, rounded up to whole sats. */
    static MilliSatoshi trampolineFee(MilliSatoshi amount) {
        long proportional = Math.multiplyExact(amount.msat(), TRAMPOLINE_FEE_PPM) / 1_000_000L;
        MilliSatoshi fee = MilliSatoshi.of(Math.addExact(TRAMPOLINE_FEE_BASE_SAT * 1000, proportional));
        return fee.ceilToSatoshi().toMilliSatoshi();
    }

    private sealed interface Checked permits Prepared, Refused {
        <R> R fold(Function<? super Prepared, ? extends R> prepared, Function<? super Refused, ? extends R> refused);
    }

    /** An invoice to send: its text, what it pays, and {@code amountSat} for an amount-less one. */
    private record Prepared(String bolt11, MilliSatoshi amount, Optional<Satoshi> sendAmount) implements Checked {
        @Override
        public <R> R fold(
                Function<? super Prepared, ? extends R> prepared, Function<? super Refused, ? extends R> refused) {
            return prepared.apply(this);
        }
    }

    /** Refused without asking phoenixd: an amount that does not fit the invoice. */
    private record Refused(PaymentOutcome.Failed failed) implements Checked {
        @Override
        public <R> R fold(
                Function<? super Prepared, ? extends R> prepared, Function<? super Refused, ? extends R> refused) {
            return refused.apply(this);
        }
    }

    /** Checks the amount against the invoice. */
    private static Checked prepare(Bolt11Invoice invoice, Optional<MilliSatoshi> requested) {
        String bolt11 = invoice.original();
        Optional<MilliSatoshi> stated = MilliSatoshi.ofOptional(invoice.amountMsat());
        if (stated.isPresent()) {
            if (requested.isPresent() && !requested.get().equals(stated.get())) {
                return refused(
                        PaymentFailure.AMOUNT_INVALID,
                        "the invoice is for " + stated.get() + ", not " + requested.get());
            }
            return new Prepared(bolt11, stated.get(), Optional.empty());
        }
        if (requested.isEmpty() || requested.get().msat() == 0) {
            return refused(PaymentFailure.AMOUNT_INVALID, "the invoice has no amount and none was given");
        }
        if (!requested.get().isWholeSatoshi()) {
            return refused(
                    PaymentFailure.AMOUNT_INVALID,
                    "phoenixd pays amount-less invoices in whole satoshis, not " + requested.get());
        }
        return new Prepared(bolt11, requested.get(), Optional.of(requested.get().truncateToSatoshi()));
    }

    private static Refused refused(PaymentFailure reason, String message) {
        return new Refused(new PaymentOutcome.Failed(reason, message));
    }

    // ---------------------------------------------------------------- balance

    /**
     * {@code GET /getbalance}: {@code balanceSat} (what the channels can send) is available.
     * Nothing is pending: phoenixd's {@code feeCreditSat} is not refundable and its swap-in wallet
     * is on-chain, so neither is counted.
     */
    @Override
    public Balance balance() {
        JsonNode body = api.parse(expectOk(api.read("getbalance"), "GET /getbalance"), "GET /getbalance");
        long sat = body.path("balanceSat").asLong(-1);
        if (sat < 0)
            throw new UnableToQueryBackend(Kind.PROTOCOL, "phoenixd answered a balance of " + body.path("balanceSat"));
        return new Balance(Satoshi.of(sat).toMilliSatoshi(), MilliSatoshi.ZERO);
    }

    // ---------------------------------------------------------------- helpers

    private static Reply expectOk(Reply reply, String what) {
        if (reply.ok()) return reply;
        throw new UnableToQueryBackend(
                kindOf(reply.status()),
                "phoenixd answered " + what + " with HTTP " + reply.status() + ": "
                        + PhoenixdHttp.excerpt(reply.body()));
    }

    private static Kind kindOf(int status) {
        if (status == 401 || status == 403) return Kind.NOT_AUTHORIZED;
        if (status == 429) return Kind.RATE_LIMITED;
        if (status >= 500) return Kind.UNAVAILABLE;
        if (status == 400) return Kind.INVALID_INPUT;
        return Kind.PROTOCOL;
    }

    private interface ExceptionFactory {
        LightningBackendException make(Kind kind, String message);
    }

    private JsonNode parseOr(Reply reply, String what, ExceptionFactory factory) {
        try {
            return api.parse(reply, what);
        } catch (LightningBackendException e) {
            throw factory.make(e.kind(), e.getMessage());
        }
    }

    /** Stops the websocket and its threads. Calls in progress finish. */
    @Override
    public void close() {
        push.close();
    }

    /** How many times the websocket was opened. */
    int pushConnects() {
        return push.connects();
    }

    /** Shows where; never the password. */
    @Override
    public String toString() {
        return "PhoenixdBackend[url=" + settings.url() + "]";
    }
}
