package org.lnteller.core.cashin;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.codec.lnurl.PaymentDestination;
import org.lnteller.core.internal.cashin.DestinationResolver;
import org.lnteller.core.internal.cashin.Outcomes;
import org.lnteller.core.internal.cashin.RejectionException;
import org.lnteller.core.internal.tx.CashInRules;
import org.lnteller.core.internal.tx.Ruling;
import org.lnteller.core.pricing.PriceService;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.AlreadyExists;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.tx.TxError;
import org.lnteller.ports.usecase.DestinationProbe;
import org.lnteller.ports.usecase.PostResult;
import org.lnteller.ports.usecase.ProbeResult;

/**
 * Pays cash-ins, exactly once. The protocol: resolve and check the destination; commit the payment
 * {@link CashInPayment.InFlight} with its hash in a serializable change (granted once per tx); only
 * then call the backend. A definite failure makes it {@link CashInPayment.Failed} (the operator
 * refunds); an unknown outcome keeps it in flight, and {@link SendReconciler} asks the backend about that payment hash —
 * nothing ever pays a tx a second time.
 */
public final class CashInService implements DestinationProbe {
    private static final Logger LOG = System.getLogger(CashInService.class.getName());
    /** The seed's probe limits ({@code probeLN}), in sats. */
    static final List<Satoshi> PROBE_LIMITS =
            List.of(Satoshi.of(200_000), Satoshi.of(1_000_000), Satoshi.of(2_000_000));

    private final TransactionStore transactions;
    private final LightningBackend lightning;
    private final LnurlService lnurl;
    private final PriceService prices;
    private final CashInSettings settings;
    private final Clock clock;
    private final ExecutorService payments;
    private final DestinationResolver destinations;

    /** @param payments runs payments (and probes), so that an answer can stop waiting while the payment goes on */
    public CashInService(
            TransactionStore transactions,
            LightningBackend lightning,
            LnurlService lnurl,
            PriceService prices,
            CashInSettings settings,
            Clock clock,
            ExecutorService payments) {
        this.transactions = transactions;
        this.lightning = lightning;
        this.lnurl = lnurl;
        this.prices = prices;
        this.settings = settings;
        this.clock = clock;
        this.payments = payments;
        this.destinations = new DestinationResolver(lnurl, settings);
    }

    /**
     * Checks a cash-in post before anything is stored: on the first post, the destination (so a
     * customer learns at once that the QR code is unusable, before inserting bills); on every post,
     * the amounts against the server's limit, the app's own limit, and the server's price.
     *
     * @param appLimit the ATM's own per-tx limit, if it has one
     */
    public Optional<Rejection> check(MachinePost post, boolean opening, Optional<Satoshi> appLimit) {
        if (opening && post.toAddress().isPresent() && !post.toAddress().get().isBlank()) {
            try {
                Optional<Bolt11Invoice> invoice = destinations
                        .parse(post.toAddress().get(), clock.instant())
                        .directInvoice();
                if (invoice.isPresent())
                    requireUnpaid(PaymentHash.of(invoice.get().paymentHash().toArray()), post.id());
            } catch (RejectionException r) {
                return Optional.of(r.rejection());
            }
        }
        Satoshi limit = appLimit.filter(l -> l.compareTo(prices.policy().maxPerTx()) < 0)
                .orElse(prices.policy().maxPerTx());
        if (post.cryptoAtoms().compareTo(limit) > 0)
            return Optional.of(new Rejection.AboveLimit(limit, post.cryptoAtoms()));
        if (!post.fiat().isZero()) {
            Satoshi atPrice = prices.cashInAtomsFor(post.fiat());
            BigDecimal factor =
                    BigDecimal.ONE.add(settings.priceTolerancePercent().movePointLeft(2));
            Satoshi allowed = Satoshi.of(new BigDecimal(atPrice.sat())
                    .multiply(factor)
                    .setScale(0, RoundingMode.CEILING)
                    .longValueExact());
            if (post.cryptoAtoms().compareTo(allowed) > 0)
                return Optional.of(new Rejection.PriceMismatch(atPrice, post.cryptoAtoms()));
        }
        return Optional.empty();
    }

    /** Whether this stored cash-in waits for its payment to start. */
    public static boolean awaitsSend(CashInTransaction tx) {
        return tx.payment()
                .fold(CashInPayment.Cases.of(
                        collecting -> false,
                        requested -> true,
                        inFlight -> false,
                        paid -> false,
                        failed -> false,
                        refunded -> false,
                        cancelled -> false));
    }

    /**
     * Starts the payment of a cash-in whose {@code send: true} was committed, and waits for its
     * outcome at most {@link CashInSettings#sendWait()}; past that the answer is the tx in flight
     * ({@code authorized}) and the payment goes on.
     */
    public PostResult send(CashInTransaction tx) {
        Instant now = clock.instant();
        DestinationResolver.Payable payable;
        try {
            payable = destinations.resolve(tx.toAddress(), tx.cryptoAtoms().toMilliSatoshi(), now);
            requireUnpaid(payable.paymentHash(), tx.id());
        } catch (RejectionException r) {
            return refuse(tx, r.rejection());
        }
        PaymentHash hash = payable.paymentHash();
        Ruling granted;
        try {
            granted = transactions.change(
                    tx.id(),
                    current -> current.map(c -> CashInRules.beginSend((CashInTransaction) c, hash, now))
                            .orElseThrow(() -> new IllegalStateException("cash-in " + tx.id() + " vanished"))
                            .toDecision());
        } catch (AlreadyExists e) {
            // The store keeps payment hashes unique: another tx holds this invoice.
            return refuse(tx, new Rejection.AlreadyPaid());
        }
        return granted.fold(
                applied -> pay((CashInTransaction) applied.next(), payable),
                unchanged -> answer((CashInTransaction) unchanged.current()),
                refused -> new PostResult.Refused(refused.rejection()));
    }

    /** Pays a cash-in whose payment was just committed in flight, and waits for the outcome a bounded time. */
    private PostResult pay(CashInTransaction pending, DestinationResolver.Payable payable) {
        LOG.log(
                Level.INFO,
                "cash-in {0} of app {1}: paying {2} to {3}",
                pending.id(),
                pending.appId(),
                pending.cryptoAtoms(),
                payable.invoice().paymentHash());
        Future<CashInTransaction> payment = payments.submit(() -> payAndRecord(pending, payable));
        try {
            return answer(payment.get(settings.sendWait().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return answer(current(pending));
        } catch (ExecutionException e) {
            LOG.log(
                    Level.ERROR,
                    "cash-in " + pending.id() + ": recording the payment failed; the reconciler will settle it",
                    e.getCause());
            return answer(current(pending));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(current(pending));
        }
    }

    /** The answer a machine gets about a cash-in: the tx, or Lamassu's 570 when the wallet could not pay it. */
    public PostResult answer(CashInTransaction tx) {
        if (tx.status() == CashInStatus.FAILED
                && tx.error().map(e -> "insufficientFunds".equals(e.code())).orElse(false)) {
            return new PostResult.Refused(
                    new Rejection.InsufficientFunds(tx.error().get().message()));
        }
        return new PostResult.Accepted(tx);
    }

    private CashInTransaction payAndRecord(CashInTransaction pending, DestinationResolver.Payable payable) {
        Bolt11Invoice invoice = payable.invoice();
        MilliSatoshi amount = payable.amountToSend()
                .orElseGet(() -> MilliSatoshi.of(invoice.amountMsat().orElseThrow()));
        PaymentOutcome outcome;
        try {
            outcome = lightning.pay(new PaymentRequest(invoice, payable.amountToSend(), maxFee(amount)));
        } catch (RuntimeException e) {
            // The port promises pay() answers Unknown rather than throwing; if it throws anyway,
            // the payment may have started: treat it as unknown, never as failed.
            outcome = new PaymentOutcome.Unknown("the backend call failed: " + e.getMessage());
        }
        return Outcomes.record(transactions, pending.id(), outcome, Actor.MACHINE, clock);
    }

    private MilliSatoshi maxFee(MilliSatoshi amount) {
        long percent = new BigDecimal(amount.msat())
                .multiply(settings.maxFeePercent())
                .movePointLeft(2)
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        return MilliSatoshi.of(
                Math.max(percent, settings.minMaxFee().toMilliSatoshi().msat()));
    }

    /** Refuses a payment hash that another transaction of this server holds (its own is fine on a re-send). */
    private void requireUnpaid(PaymentHash hash, TxId self) {
        Optional<Transaction> holder = transactions.findByPaymentHash(hash);
        if (holder.isPresent() && !holder.get().id().equals(self))
            throw new RejectionException(new Rejection.AlreadyPaid());
    }

    private PostResult refuse(CashInTransaction tx, Rejection rejection) {
        LOG.log(Level.WARNING, "cash-in {0} of app {1}: send refused: {2}", tx.id(), tx.appId(), rejection.message());
        transactions.change(
                tx.id(),
                current -> current.map(c -> CashInRules.refuseSend(
                                (CashInTransaction) c,
                                new TxError(rejection.code(), rejection.message()),
                                clock.instant()))
                        .orElse(new Ruling.Unchanged(tx))
                        .toDecision());
        return new PostResult.Refused(rejection);
    }

    private CashInTransaction current(CashInTransaction fallback) {
        return transactions
                .find(fallback.id())
                .map(CashInTransaction.class::cast)
                .orElse(fallback);
    }

    // ---------------------------------------------------------------- probe

    /**
     * Most invoice requests one probe sends to the customer's wallet service: each may make the
     * service issue an invoice, so a probe must not turn into a burst of requests at someone's host.
     */
    static final int MAX_INVOICE_REQUESTS_PER_PROBE = 3;

    @Override
    public Answer probe(AppId app, String address) {
        Instant now = clock.instant();
        PaymentDestination destination;
        Optional<InvoiceSource> lnurlInvoices = Optional.empty();
        try {
            destination = destinations.parse(address, now);
            // the pay request is fetched once per probe, whatever the number of limits
            if (destination.directInvoice().isEmpty())
                lnurlInvoices = Optional.of(new InvoiceSource(destinations.payRequest(destination)));
        } catch (RejectionException r) {
            return new Answer.Refused(r.rejection());
        }
        PaymentDestination target = destination;
        Optional<InvoiceSource> invoices = lnurlInvoices;
        Satoshi maxPerTx = prices.policy().maxPerTx();
        List<CompletableFuture<ProbeResult.Limit>> probes = new ArrayList<>();
        for (Satoshi limit : PROBE_LIMITS) {
            probes.add(CompletableFuture.supplyAsync(() -> probeOne(target, invoices, limit, maxPerTx), payments));
        }
        CompletableFuture<Satoshi> byBalance = CompletableFuture.supplyAsync(this::maxByBalance, payments);
        List<ProbeResult.Limit> limits = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            limits.add(joinOr(
                    probes.get(i),
                    new ProbeResult.Limit(
                            PROBE_LIMITS.get(i),
                            false,
                            Optional.empty(),
                            Optional.of("the probe did not finish in time"))));
        }
        return new Answer.Probed(new ProbeResult(limits, joinOr(byBalance, Satoshi.ZERO)));
    }

    private ProbeResult.Limit probeOne(
            PaymentDestination destination, Optional<InvoiceSource> invoices, Satoshi limit, Satoshi maxPerTx) {
        MilliSatoshi amount = limit.toMilliSatoshi();
        try {
            String invoice;
            Optional<MilliSatoshi> amountToSend = Optional.empty();
            Optional<Bolt11Invoice> direct = destination.directInvoice();
            if (direct.isPresent()) {
                invoice = direct.get().original();
                if (direct.get().amountMsat().isEmpty()) {
                    amountToSend = Optional.of(amount);
                } else if (MilliSatoshi.of(direct.get().amountMsat().getAsLong())
                                .compareTo(amount)
                        > 0) {
                    return unroutable(
                            limit,
                            "the invoice asks for "
                                    + MilliSatoshi.of(direct.get().amountMsat().getAsLong()));
                }
            } else {
                if (limit.compareTo(maxPerTx) > 0) {
                    // not needed: no cash-in may be this large, so the customer's wallet is not asked
                    return unroutable(limit, "above this server's per-transaction limit of " + maxPerTx);
                }
                InvoiceSource source = invoices.orElseThrow();
                if (!source.request.accepts(amount)) {
                    return unroutable(
                            limit,
                            "the wallet accepts " + source.request.minSendable() + " to "
                                    + source.request.maxSendable());
                }
                InvoiceAnswer got = source.invoiceFor(amount);
                if (got.invoice().isEmpty()) return unroutable(limit, got.reason());
                invoice = got.invoice().get().original();
            }
            return lightning
                    .probeFee(invoice.strip(), amountToSend)
                    .fold(
                            routable -> new ProbeResult.Limit(
                                    limit, true, Optional.of(routable.fee().ceilToSatoshi()), Optional.empty()),
                            unroutable -> unroutable(limit, unroutable.message()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "probe of {0} sats failed: {1}", limit.sat(), e.getMessage());
            return unroutable(limit, "the Lightning backend could not be asked");
        }
    }

    /**
     * The invoices one probe gets from an LNURL pay service: one request per amount at most, one
     * request at a time, at most {@link #MAX_INVOICE_REQUESTS_PER_PROBE}, and none after a failure
     * that no other amount can mend (not allowed, unreachable, timeout, bad answer). Shared by the
     * probe's threads; its methods hold its lock while asking the service.
     */
    private final class InvoiceSource {
        final PayRequest request;
        private final Map<MilliSatoshi, InvoiceAnswer> answers = new HashMap<>();
        private int requests;
        private Optional<InvoiceAnswer> givenUp = Optional.empty();

        InvoiceSource(PayRequest request) {
            this.request = request;
        }

        /** An invoice for exactly {@code amount}, or why there is none. */
        synchronized InvoiceAnswer invoiceFor(MilliSatoshi amount) {
            InvoiceAnswer known = answers.get(amount);
            if (known != null) return known;
            if (givenUp.isPresent()) return givenUp.get();
            if (requests >= MAX_INVOICE_REQUESTS_PER_PROBE) {
                return InvoiceAnswer.none("not asked: a probe asks the customer's wallet at most "
                        + MAX_INVOICE_REQUESTS_PER_PROBE + " times");
            }
            requests++;
            InvoiceAnswer answer;
            try {
                Bolt11Invoice invoice =
                        Bolt11.decode(lnurl.requestInvoice(request, amount).strip());
                answer = MilliSatoshi.ofOptional(invoice.amountMsat())
                                .filter(amount::equals)
                                .isPresent()
                        ? new InvoiceAnswer(Optional.of(invoice), "")
                        : InvoiceAnswer.none(new Rejection.AmountMismatch(
                                        amount,
                                        MilliSatoshi.of(invoice.amountMsat().orElse(0)))
                                .message());
            } catch (LnurlException e) {
                answer = InvoiceAnswer.none(DestinationResolver.walletFailed("probe's invoice request", e)
                        .rejection()
                        .message());
                // a refusal may be about this amount; anything else would fail the same for every amount
                if (e.kind() != LnurlException.Kind.REFUSED) givenUp = Optional.of(answer);
            } catch (InvalidInvoice e) {
                answer = InvoiceAnswer.none("the customer's wallet answered with a bad invoice: " + e.getMessage());
            }
            answers.put(amount, answer);
            return answer;
        }
    }

    /** An invoice from the customer's wallet, or the reason (text for the machine, never the wallet's own) there is none. */
    private record InvoiceAnswer(Optional<Bolt11Invoice> invoice, String reason) {
        static InvoiceAnswer none(String reason) {
            return new InvoiceAnswer(Optional.empty(), reason);
        }
    }

    private static ProbeResult.Limit unroutable(Satoshi limit, String reason) {
        return new ProbeResult.Limit(limit, false, Optional.empty(), Optional.of(reason));
    }

    /** The most one payment can send from the balance, leaving room for the largest fee it may pay. */
    private Satoshi maxByBalance() {
        MilliSatoshi available = lightning.balance().available();
        BigDecimal share = BigDecimal.ONE.add(settings.maxFeePercent().movePointLeft(2));
        long byPercent = new BigDecimal(available.msat())
                .divide(share, 0, RoundingMode.FLOOR)
                .longValueExact();
        long byMinimum =
                available.msat() - settings.minMaxFee().toMilliSatoshi().msat();
        return MilliSatoshi.of(Math.max(0, Math.min(byPercent, byMinimum))).truncateToSatoshi();
    }

    private <T> T joinOr(CompletableFuture<T> future, T fallback) {
        try {
            return future.get(settings.sendWait().multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }
}
