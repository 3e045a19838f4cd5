package org.lnteller.adapter.galoy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.lnteller.adapter.galoy.GraphQlClient.Answer;
import org.lnteller.adapter.galoy.GraphQlClient.Exchange;
import org.lnteller.adapter.galoy.GraphQlClient.Operation;
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
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.UnableToFetchRate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's Blink (formerly Galoy) wallet over Blink's public GraphQL API: a
 * {@link LightningBackend} for invoices and payments, and {@link ExchangeRates} from Blink's
 * realtime price.
 *
 * <p>What each operation sends: {@code lnInvoiceCreate} (expiry in whole minutes, rounded up; the
 * expiry reported is read back from the BOLT11 invoice Blink returns),
 * {@code lnInvoicePaymentStatusByHash}, {@code lnInvoicePaymentSend} or
 * {@code lnNoAmountInvoicePaymentSend} (after a fee probe), {@code transactionsByPaymentHash} on
 * the wallet, {@code lnInvoiceFeeProbe} or {@code lnNoAmountInvoiceFeeProbe},
 * {@code me.defaultAccount.wallets}, {@code realtimePrice}, and the {@code myUpdates}
 * subscription for push.
 *
 * <p>Failures: reads (statuses, balance, probes, rates) are retried after transient failures
 * (connection failures, timeouts, 5xx, HTTP 429 and TOO_MANY_REQUEST, backend-offline codes) with
 * capped exponential backoff and jitter, then throw {@link UnableToQueryBackend}. A payment is
 * sent exactly once per call: a send whose answer is lost (timeout, 5xx, dropped connection)
 * answers {@link PaymentOutcome.Unknown}, and the caller reconciles with {@link #paymentStatus}.
 * Blink's refusals are read from both error channels (top-level {@code errors} and the payload's
 * {@code errors[]}) and mapped to {@link PaymentFailure} or {@link Kind}; {@code ALREADY_PAID} is
 * a success with {@code alreadyPaid}.
 *
 * <p>Fees: Blink's payment mutations take no fee limit, so {@link #pay} probes the fee first and
 * refuses ({@link PaymentFailure#NO_ROUTE}, nothing sent) when the probed fee exceeds
 * {@link PaymentRequest#maxFee()} or no fee can be probed.
 *
 * <p>Units: Blink's BTC wallets count whole satoshis; amounts are converted exactly, and an
 * amount that is not a whole number of satoshis is refused rather than rounded.
 *
 * <p>Threading: safe for concurrent use. Every HTTP call is bounded by {@code callTimeout}.
 * Close it to stop the subscription's socket and threads. The API key never appears in a log
 * line, an exception message or {@link #toString()}.
 */
public final class GaloyBackend implements LightningBackend, ExchangeRates, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GaloyBackend.class);

    /** What {@link ExchangeRate#source()} says for Blink's prices. */
    public static final String RATE_SOURCE = "blink";

    private final GaloySettings settings;
    private final GraphQlClient client;
    private final InvoicePush push;

    /** Opens no connection yet: HTTP connects on the first call, the socket on the first subscription. */
    public GaloyBackend(GaloySettings settings) {
        this(settings, GraphQlClient.newHttpClient(Objects.requireNonNull(settings, "settings")), Clock.systemUTC());
    }

    GaloyBackend(GaloySettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        ObjectMapper json = new ObjectMapper();
        SecureRandom random = new SecureRandom();
        this.client = new GraphQlClient(settings, http, json, d -> Thread.sleep(d.toMillis()), random);
        this.push = new InvoicePush(settings, http, json, this::invoiceStatus, clock, random);
    }

    // ---------------------------------------------------------------- incoming

    /**
     * Issues an invoice with {@code lnInvoiceCreate}. Blink counts expiry in minutes, so
     * {@code expiry} is rounded up to whole minutes (a customer never gets less time than asked);
     * {@link CreatedInvoice#expiresAt()} is read from the invoice itself. Not retried: a failed
     * call leaves at most an invoice nobody was shown.
     *
     * @throws UnableToCreateInvoice INVALID_INPUT for a zero amount or an expiry under one second;
     *                               otherwise the kind of Blink's failure
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
        long minutes = Math.max(1, (expiry.toSeconds() + 59) / 60);
        ObjectNode vars = client.variables();
        ObjectNode input = vars.putObject("input");
        input.put("walletId", settings.walletId());
        input.put("amount", amount.sat());
        input.put("expiresIn", minutes);
        if (!description.isBlank()) input.put("memo", description);

        Answer answer = client.once(Operations.CREATE_INVOICE, vars).fold(Exchange.Answered::answer, broken -> {
            throw new UnableToCreateInvoice(
                    broken.kind(), "Blink lnInvoiceCreate failed: " + broken.message(), broken.cause());
        });
        if (answer.hasErrors()) {
            Kind kind = answer.infrastructureKind().orElse(Kind.INVALID_INPUT);
            throw new UnableToCreateInvoice(
                    kind, "Blink refused the invoice: " + BlinkError.describe(answer.allErrors()));
        }
        JsonNode invoice = answer.root() == null ? null : answer.root().get("invoice");
        if (invoice == null || invoice.isNull()) {
            throw new UnableToCreateInvoice(Kind.PROTOCOL, "Blink lnInvoiceCreate answered without an invoice");
        }
        String bolt11 = invoice.path("paymentRequest").asText("");
        CreatedInvoice created = CreatedInvoice.issued(
                "Blink", bolt11, invoice.path("paymentHash").asText(""), amount);
        push.watch(created.paymentHash(), created.expiresAt());
        log.debug("Blink issued invoice {} for {}, expiring at {}", created.paymentHash(), amount, created.expiresAt());
        return created;
    }

    /**
     * {@code lnInvoicePaymentStatusByHash}. Blink answers an unknown hash with an error, read here
     * as {@link InvoiceStatus#NOT_FOUND}. Note that Blink looks the hash up across Blink, not only
     * in this wallet.
     */
    @Override
    public InvoiceStatus invoiceStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        ObjectNode vars = client.variables();
        vars.putObject("input").put("paymentHash", paymentHash.hex());
        Answer answer = client.read(Operations.INVOICE_STATUS, vars);
        return invoiceStatusFrom(answer, "hash " + paymentHash);
    }

    private static InvoiceStatus invoiceStatusFrom(Answer answer, String what) {
        if (answer.root() == null || answer.hasErrors()) {
            List<BlinkError> errors = answer.allErrors();
            if (errors.stream().anyMatch(BlinkError::saysNotFound)) return InvoiceStatus.NOT_FOUND;
            throw new UnableToQueryBackend(
                    errors.isEmpty() ? Kind.PROTOCOL : Kind.INVALID_INPUT,
                    "Blink gave no status for " + what + ": "
                            + (errors.isEmpty() ? "empty answer" : BlinkError.describe(errors)));
        }
        String status = answer.root().path("status").asText("");
        return InvoicePush.statusOf(status)
                .orElseThrow(() -> new UnableToQueryBackend(
                        Kind.PROTOCOL, "Blink answered an invoice status of '" + status + "' for " + what));
    }

    @Override
    public Optional<AutoCloseable> subscribeInvoiceUpdates(Consumer<InvoiceUpdate> listener) {
        return Optional.of(push.subscribe(listener));
    }

    // ---------------------------------------------------------------- outgoing

    /**
     * Pays with {@code lnInvoicePaymentSend} (an invoice with an amount) or
     * {@code lnNoAmountInvoicePaymentSend} (an amount-less one, for {@code request.amount()} in
     * whole satoshis), after a fee probe. Before anything is sent the amount is checked against the
     * (already decoded) invoice: an amount that does not fit answers {@link PaymentOutcome.Failed}.
     *
     * <p>Exactly one send per call. A send whose answer is lost answers {@link PaymentOutcome.Unknown};
     * a send certainly not carried out (connection refused, 401, 403, 429, a rate-limit or offline
     * refusal) throws {@link LightningBackendException}, as does a failed probe.
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

    /** Pays an invoice whose amount fits, after a fee probe within the request's limit. */
    private PaymentOutcome pay(PaymentRequest request, Prepared prepared) {
        return probe(prepared).fold(routable -> pay(request, prepared, routable.fee()), unroutable -> {
            log.info(
                    "Payment of {} not sent: the fee probe says {} ({})",
                    request.paymentHash(),
                    unroutable.reason(),
                    unroutable.message());
            return new PaymentOutcome.Failed(unroutable.reason(), "fee probe: " + unroutable.message());
        });
    }

    private PaymentOutcome pay(PaymentRequest request, Prepared prepared, MilliSatoshi fee) {
        if (fee.compareTo(request.maxFee()) > 0) {
            log.info(
                    "Payment of {} not sent: probed fee {} exceeds the limit {}",
                    request.paymentHash(),
                    fee,
                    request.maxFee());
            return new PaymentOutcome.Failed(
                    PaymentFailure.NO_ROUTE,
                    "no route within the fee limit: Blink's fee is " + fee + ", the limit " + request.maxFee());
        }

        ObjectNode vars = client.variables();
        ObjectNode input = vars.putObject("input");
        input.put("walletId", settings.walletId());
        input.put("paymentRequest", prepared.bolt11());
        prepared.sendAmount().ifPresent(a -> input.put("amount", a.sat()));
        Operation op = prepared.sendAmount().isPresent() ? Operations.PAY_NO_AMOUNT_INVOICE : Operations.PAY_INVOICE;
        log.info("Paying invoice {} with {}", request.paymentHash(), op.name());
        PaymentOutcome outcome = sendOnce(op, vars, request.paymentHash());
        log.info("Payment of {}: {}", request.paymentHash(), outcome);
        return outcome;
    }

    /** Sends once and reads the outcome. */
    private PaymentOutcome sendOnce(Operation op, ObjectNode vars, PaymentHash hash) {
        return client.once(op, vars).fold(answered -> outcomeOf(answered.answer(), op, hash), broken -> {
            if (broken.mayHaveActed()) {
                log.warn(
                        "Blink {} for {}: outcome unknown ({}); reconcile by payment hash, do not pay again",
                        op.name(),
                        hash,
                        broken.message());
                return new PaymentOutcome.Unknown("Blink " + op.name() + ": " + broken.message());
            }
            throw new LightningBackendException(broken.kind(), "payment not sent: " + broken.message(), broken.cause());
        });
    }

    /** Reads a PaymentSendPayload (and any top-level errors) as an outcome. */
    private PaymentOutcome outcomeOf(Answer answer, Operation op, PaymentHash hash) {
        JsonNode root = answer.root();
        String status = root == null ? "" : root.path("status").asText("");
        JsonNode tx = root == null ? null : root.get("transaction");
        switch (status) {
            case "SUCCESS" -> {
                Optional<OutgoingStatus.Succeeded> settled = settledFrom(tx);
                if (settled.isPresent()) {
                    return new PaymentOutcome.Succeeded(
                            settled.get().preimage(), settled.get().fee(), false);
                }
                return enrich(hash, false);
            }
            case "ALREADY_PAID" -> {
                return alreadyPaid(hash);
            }
            case "PENDING" -> {
                return new PaymentOutcome.Pending();
            }
            default -> {}
        }
        List<BlinkError> errors = answer.allErrors();
        if (errors.stream().anyMatch(BlinkError::saysAlreadyPaid)) return alreadyPaid(hash);
        if (errors.stream().anyMatch(BlinkError::saysInFlight)) return new PaymentOutcome.Pending();
        boolean definite = "FAILURE".equals(status) || !answer.payloadErrors().isEmpty();
        Optional<Kind> infrastructure = answer.infrastructureKind();
        if (infrastructure.isPresent()) {
            Kind kind = infrastructure.get();
            // a request refused before it ran (validation, auth, rate limit) or a send Blink reports failed
            if (definite || kind != Kind.UNAVAILABLE) {
                throw new LightningBackendException(
                        kind, "payment not sent: Blink " + op.name() + ": " + BlinkError.describe(errors));
            }
            return new PaymentOutcome.Unknown("Blink " + op.name() + ": " + BlinkError.describe(errors));
        }
        if (!answer.payloadErrors().isEmpty()) {
            BlinkError first = answer.payloadErrors().get(0);
            return new PaymentOutcome.Failed(first.paymentFailure(), BlinkError.describe(answer.payloadErrors()));
        }
        if ("FAILURE".equals(status)) {
            return new PaymentOutcome.Failed(
                    PaymentFailure.REFUSED, "Blink reported the payment failed without a reason");
        }
        // a top-level error from inside the resolver, or no status at all: it may have run
        return new PaymentOutcome.Unknown("Blink " + op.name() + " answered "
                + (errors.isEmpty() ? "without a status" : BlinkError.describe(errors)));
    }

    /**
     * ALREADY_PAID: success-with-note when this wallet's own payment of that hash settled (its
     * preimage and fee are reported again); a refusal when the invoice was paid from elsewhere.
     */
    private PaymentOutcome alreadyPaid(PaymentHash hash) {
        if (hash == null) return new PaymentOutcome.Succeeded(Optional.empty(), MilliSatoshi.ZERO, true);
        OutgoingStatus before;
        try {
            before = paymentStatus(hash);
        } catch (LightningBackendException e) {
            log.warn(
                    "Blink says {} was already paid; its earlier payment could not be read ({})", hash, e.getMessage());
            return new PaymentOutcome.Succeeded(Optional.empty(), MilliSatoshi.ZERO, true);
        }
        PaymentOutcome fromElsewhere =
                new PaymentOutcome.Failed(PaymentFailure.REFUSED, "the invoice was already paid, not from this wallet");
        return before.fold(
                succeeded -> new PaymentOutcome.Succeeded(succeeded.preimage(), succeeded.fee(), true),
                failed -> fromElsewhere,
                pending -> new PaymentOutcome.Pending(),
                notFound -> fromElsewhere);
    }

    /** SUCCESS without a transaction in the answer: read the payment back for its fee and preimage. */
    private PaymentOutcome enrich(PaymentHash hash, boolean alreadyPaid) {
        if (hash != null) {
            try {
                Optional<PaymentOutcome> read = paymentStatus(hash)
                        .fold(
                                succeeded -> Optional.of(new PaymentOutcome.Succeeded(
                                        succeeded.preimage(), succeeded.fee(), alreadyPaid)),
                                failed -> Optional.empty(),
                                pending -> Optional.empty(),
                                notFound -> Optional.empty());
                if (read.isPresent()) return read.get();
            } catch (LightningBackendException e) {
                log.warn("Payment {} succeeded; its fee could not be read back ({})", hash, e.getMessage());
            }
        }
        return new PaymentOutcome.Succeeded(Optional.empty(), MilliSatoshi.ZERO, alreadyPaid);
    }

    /**
     * {@code transactionsByPaymentHash} on the configured wallet, sent transactions only: any
     * SUCCESS is {@link OutgoingStatus.Succeeded} (fee from {@code settlementFee}, preimage from the
     * settlement when Blink reports it), else any PENDING is pending, else all FAILURE is failed;
     * none is {@link OutgoingStatus.NotFound}.
     */
    @Override
    public OutgoingStatus paymentStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        ObjectNode vars = client.variables();
        vars.put("walletId", settings.walletId());
        vars.put("paymentHash", paymentHash.hex());
        Answer answer = client.read(Operations.TRANSACTIONS_BY_HASH, vars);
        JsonNode wallet = answer.root() == null
                ? null
                : answer.root().path("defaultAccount").get("walletById");
        if (wallet == null || wallet.isNull()) {
            if (answer.root() == null && answer.topErrors().isEmpty()) {
                throw new UnableToQueryBackend(Kind.NOT_AUTHORIZED, "Blink answered no account for this API key");
            }
            throw new UnableToQueryBackend(
                    Kind.INVALID_INPUT,
                    "Blink cannot read wallet " + settings.walletId() + ": " + BlinkError.describe(answer.allErrors()));
        }
        boolean pending = false;
        boolean failed = false;
        for (JsonNode tx : wallet.path("transactionsByPaymentHash")) {
            if (!"SEND".equals(tx.path("direction").asText())) continue;
            String status = tx.path("status").asText("");
            if ("SUCCESS".equals(status)) {
                return settledFrom(tx)
                        .orElseThrow(() -> new UnableToQueryBackend(
                                Kind.PROTOCOL, "Blink's transaction for " + paymentHash + " has no readable fee"));
            }
            if ("PENDING".equals(status)) pending = true;
            if ("FAILURE".equals(status)) failed = true;
        }
        if (pending) return new OutgoingStatus.Pending();
        if (failed) return new OutgoingStatus.Failed("Blink reports the payment failed");
        return new OutgoingStatus.NotFound();
    }

    /** A settled Transaction's fee (whole sats, as a magnitude) and preimage, when readable. */
    private static Optional<OutgoingStatus.Succeeded> settledFrom(@Nullable JsonNode tx) {
        if (tx == null || tx.isNull() || !tx.path("settlementFee").canConvertToLong()) return Optional.empty();
        long feeSat = Math.abs(tx.path("settlementFee").asLong());
        Optional<Preimage> preimage = Optional.empty();
        String hex = tx.path("settlementVia").path("preImage").asText(null);
        if (hex != null && !hex.isEmpty()) {
            try {
                preimage = Optional.of(Preimage.fromHex(hex));
            } catch (IllegalArgumentException e) {
                log.warn("Blink reported a malformed preimage; ignored");
            }
        }
        return Optional.of(
                new OutgoingStatus.Succeeded(preimage, Satoshi.of(feeSat).toMilliSatoshi()));
    }

    /**
     * {@code lnInvoiceFeeProbe}, or {@code lnNoAmountInvoiceFeeProbe} for an amount-less invoice
     * and {@code amount} in whole satoshis. Blink's refusals (no route, insufficient balance,
     * expired, undecodable) are {@link FeeProbe.Unroutable}; the balance counts, as Blink checks it.
     *
     * <p>The seed's route probe ({@code probeLN}, {@code GET /probe}: 200,000, 1,000,000 and
     * 2,000,000 sat, in parallel, answering which are routable) is built by the core on this
     * method, for any backend; each limit is one {@code lnNoAmountInvoiceFeeProbe} here. Safe to
     * call in parallel.
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
                        this::probe,
                        refused -> new FeeProbe.Unroutable(
                                refused.failed().reason(), refused.failed().message()));
    }

    /** An invoice read and its amount checked, before anything is sent. */
    private sealed interface Checked permits Prepared, Refused {
        <R> R fold(Function<? super Prepared, ? extends R> prepared, Function<? super Refused, ? extends R> refused);
    }

    /** What {@link #pay} and {@link #probeFee} send: the invoice, and the amount for an amount-less one. */
    private record Prepared(String bolt11, Optional<Satoshi> sendAmount) implements Checked {
        @Override
        public <R> R fold(
                Function<? super Prepared, ? extends R> prepared, Function<? super Refused, ? extends R> refused) {
            return prepared.apply(this);
        }
    }

    /** Refused without asking Blink: an amount that does not fit the invoice. */
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
            return new Prepared(bolt11, Optional.empty());
        }
        if (requested.isEmpty() || requested.get().msat() == 0) {
            return refused(PaymentFailure.AMOUNT_INVALID, "the invoice has no amount and none was given");
        }
        if (!requested.get().isWholeSatoshi()) {
            return refused(
                    PaymentFailure.AMOUNT_INVALID,
                    "Blink pays amount-less invoices in whole satoshis, not " + requested.get());
        }
        return new Prepared(bolt11, Optional.of(requested.get().truncateToSatoshi()));
    }

    private static Refused refused(PaymentFailure reason, String message) {
        return new Refused(new PaymentOutcome.Failed(reason, message));
    }

    private FeeProbe probe(Prepared prepared) {
        ObjectNode vars = client.variables();
        ObjectNode input = vars.putObject("input");
        input.put("walletId", settings.walletId());
        input.put("paymentRequest", prepared.bolt11());
        prepared.sendAmount().ifPresent(a -> input.put("amount", a.sat()));
        Operation op = prepared.sendAmount().isPresent() ? Operations.NO_AMOUNT_FEE_PROBE : Operations.FEE_PROBE;
        Answer answer = client.read(op, vars);
        if (!answer.payloadErrors().isEmpty()) {
            BlinkError first = answer.payloadErrors().get(0);
            return new FeeProbe.Unroutable(first.paymentFailure(), BlinkError.describe(answer.payloadErrors()));
        }
        JsonNode amount = answer.root() == null ? null : answer.root().get("amount");
        if (amount == null || !amount.canConvertToLong() || amount.asLong() < 0) {
            if (!answer.topErrors().isEmpty()) {
                BlinkError first = answer.topErrors().get(0);
                return new FeeProbe.Unroutable(first.paymentFailure(), BlinkError.describe(answer.topErrors()));
            }
            throw new UnableToQueryBackend(Kind.PROTOCOL, "Blink " + op.name() + " answered without a fee");
        }
        return new FeeProbe.Routable(Satoshi.of(amount.asLong()).toMilliSatoshi());
    }

    // ---------------------------------------------------------------- balance and rate

    /**
     * The configured BTC wallet's {@code balance} (available) and {@code pendingIncomingBalance}
     * (Blink's unconfirmed on-chain receipts), both whole sats.
     *
     * @throws UnableToQueryBackend INVALID_INPUT when the wallet is not in the key's account or is not
     *                              a BTC wallet
     */
    @Override
    public Balance balance() {
        Answer answer = client.read(Operations.BALANCE, client.variables());
        if (answer.root() == null) {
            Kind kind = answer.topErrors().isEmpty() ? Kind.NOT_AUTHORIZED : Kind.PROTOCOL;
            throw new UnableToQueryBackend(
                    kind,
                    "Blink answered no account for this API key"
                            + (answer.topErrors().isEmpty() ? "" : ": " + BlinkError.describe(answer.topErrors())));
        }
        for (JsonNode wallet : answer.root().path("defaultAccount").path("wallets")) {
            if (!settings.walletId().equals(wallet.path("id").asText())) continue;
            if (!"BTC".equals(wallet.path("walletCurrency").asText())) {
                throw new UnableToQueryBackend(
                        Kind.INVALID_INPUT,
                        "wallet " + settings.walletId() + " is a "
                                + wallet.path("walletCurrency").asText()
                                + " wallet; configure the account's BTC wallet");
            }
            long available = wallet.path("balance").asLong(-1);
            if (available < 0) {
                throw new UnableToQueryBackend(Kind.PROTOCOL, "Blink answered a balance of " + wallet.path("balance"));
            }
            long pending = Math.max(0, wallet.path("pendingIncomingBalance").asLong(0));
            return new Balance(
                    Satoshi.of(available).toMilliSatoshi(), Satoshi.of(pending).toMilliSatoshi());
        }
        throw new UnableToQueryBackend(
                Kind.INVALID_INPUT, "wallet " + settings.walletId() + " is not in this API key's account");
    }

    /**
     * Blink's {@code realtimePrice} for {@code fiat}: the price of one satoshi in the currency's
     * minor unit ({@code base / 10^offset}), scaled to whole currency units per BTC. Observed at
     * Blink's {@code timestamp}. Not cached.
     *
     * @throws UnableToFetchRate when Blink has no price for that currency or could not answer
     */
    @Override
    public ExchangeRate current(Currency fiat) {
        Objects.requireNonNull(fiat, "fiat");
        String code = fiat.getCurrencyCode();
        ObjectNode vars = client.variables();
        vars.put("currency", code);
        Answer answer;
        try {
            answer = client.read(Operations.REALTIME_PRICE, vars);
        } catch (LightningBackendException e) {
            throw new UnableToFetchRate("no " + code + " rate from Blink: " + e.getMessage(), e);
        }
        JsonNode price = answer.root();
        if (price == null) {
            throw new UnableToFetchRate("Blink has no " + code + " rate"
                    + (answer.topErrors().isEmpty() ? "" : ": " + BlinkError.describe(answer.topErrors())));
        }
        String answered = price.path("denominatorCurrencyDetails").path("id").asText("");
        if (!code.equalsIgnoreCase(answered)) {
            throw new UnableToFetchRate("Blink has no " + code + " rate (it answered in '" + answered + "')");
        }
        JsonNode sat = price.path("btcSatPrice");
        if (!sat.path("base").canConvertToLong() || !sat.path("offset").canConvertToInt()) {
            throw new UnableToFetchRate("Blink's " + code + " rate is unreadable");
        }
        int digits =
                price.path("denominatorCurrencyDetails").path("fractionDigits").asInt(fiat.getDefaultFractionDigits());
        BigDecimal minorPerSat = BigDecimal.valueOf(sat.path("base").asLong())
                .scaleByPowerOfTen(-sat.path("offset").asInt());
        BigDecimal perBtc = minorPerSat.scaleByPowerOfTen(8 - digits).stripTrailingZeros();
        if (perBtc.signum() <= 0)
            throw new UnableToFetchRate("Blink's " + code + " rate is not positive: " + perBtc.toPlainString());
        if (perBtc.scale() > 8) perBtc = perBtc.setScale(8, RoundingMode.HALF_EVEN);
        long ts = price.path("timestamp").asLong(0);
        // Blink's Timestamp is in seconds; a value in milliseconds is read as such rather than as the far future
        Instant observed = ts > 100_000_000_000L ? Instant.ofEpochMilli(ts) : Instant.ofEpochSecond(ts);
        return new ExchangeRate(fiat, perBtc, RATE_SOURCE, observed);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops the subscription socket and its threads. Calls in progress finish. */
    @Override
    public void close() {
        push.close();
    }

    /** How many times the subscription socket was opened and acknowledged. */
    int subscriptionConnects() {
        return push.connects();
    }

    /** Shows where and which wallet; never the API key. */
    @Override
    public String toString() {
        return "GaloyBackend[endpoint=" + settings.endpoint() + ", wallet=" + settings.walletId() + "]";
    }
}
