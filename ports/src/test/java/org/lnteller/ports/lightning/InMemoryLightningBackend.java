package org.lnteller.ports.lightning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;

/**
 * An in-memory Lightning wallet: the fake ledger for core and http tests, and the reference
 * implementation that {@link LightningBackendContract} is checked against.
 *
 * <p>What it simulates: one wallet holding a balance in millisatoshis; the invoices it issues,
 * which the test pays "from outside" ({@link #payFromOutside}) or lets expire (by the clock, or
 * {@link #expire}); invoices of other wallets ({@link #foreignInvoice}) that it can pay, whose
 * payee reveals the preimage; a flat routing fee ({@link #setRoutingFee}); push of invoice updates;
 * and faults a real backend shows: an exception on the next calls of an operation
 * ({@link #failNext}), or a payment answered {@code Unknown}, {@code Pending} or {@code Failed}
 * ({@link #answerNextPay}). It counts calls per {@link Operation} so tests can check how often the
 * backend is asked.
 *
 * <p>Invoices are real BOLT11 on regtest, written and signed with the codec's encoder: this
 * wallet signs its own with {@link #NODE_KEY}, the other wallets' with {@link #FOREIGN_NODE_KEY};
 * {@link #pay} and {@link #probeFee} decode what they are given as a real backend would.
 *
 * <p>Deterministic: time comes only from the {@link Clock}, preimages only from the {@link Random}
 * given; two instances built from equal seeds issue equal invoices.
 *
 * <p>Threading: safe for concurrent use; all state sits behind one lock. Invoice updates are pushed
 * synchronously on the thread that caused the change (the test thread plays the backend's), after
 * the lock is released, so a listener may call back into the backend.
 */
public final class InMemoryLightningBackend implements LightningBackend {

    /** The port's operations, for call counts and fault injection. */
    public enum Operation {
        CREATE_INVOICE,
        INVOICE_STATUS,
        PAY,
        PAYMENT_STATUS,
        PROBE_FEE,
        BALANCE,
        SUBSCRIBE
    }

    /** How the next {@link #pay} goes wrong; see {@link #answerNextPay}. */
    public sealed interface PayFault {
        /**
         * The call breaks off and the answer is {@link PaymentOutcome.Unknown}. With
         * {@code paidAnyway} the payment went through first ("paid but the answer was lost");
         * without, the backend never saw it.
         */
        record Unknown(boolean paidAnyway) implements PayFault {}

        /** The payment is accepted and stays in flight until {@link #settlePending} or {@link #failPending}. */
        record Pending() implements PayFault {}

        /** The backend refuses the payment for {@code reason}; nothing moves. */
        record Failed(PaymentFailure reason) implements PayFault {
            public Failed {
                Objects.requireNonNull(reason, "reason");
            }
        }

        static PayFault unknownBeforePaying() {
            return new Unknown(false);
        }

        static PayFault unknownAfterPaying() {
            return new Unknown(true);
        }

        static PayFault pending() {
            return new Pending();
        }

        static PayFault failed(PaymentFailure reason) {
            return new Failed(reason);
        }
    }

    /** The fee the fake charges per payment unless told otherwise: 1 sat, so debits show it. */
    public static final MilliSatoshi DEFAULT_ROUTING_FEE = MilliSatoshi.of(1_000);
    /** The secp256k1 secret key this wallet signs its invoices with (a fixed test key). */
    public static final byte[] NODE_KEY = TestInvoices.key(0x11);
    /** The key the "other wallets" of {@link #foreignInvoice} sign with. */
    public static final byte[] FOREIGN_NODE_KEY = TestInvoices.key(0x22);
    /** How long a {@link #foreignInvoice} stays payable unless told otherwise. */
    public static final Duration DEFAULT_FOREIGN_EXPIRY = Duration.ofHours(1);

    private final Clock clock;
    private final Random random;
    private final Object lock = new Object();
    private final List<Consumer<InvoiceUpdate>> subscribers = new CopyOnWriteArrayList<>();

    // guarded by lock
    private MilliSatoshi available = MilliSatoshi.ZERO;
    private MilliSatoshi routingFee = DEFAULT_ROUTING_FEE;
    private boolean pushOffered = true;
    private final Map<PaymentHash, OwnInvoice> own = new HashMap<>();
    private final Map<PaymentHash, Foreign> foreign = new HashMap<>();
    private final Map<PaymentHash, Outgoing> outgoing = new HashMap<>();
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
    private final Map<Operation, Deque<Fault>> faults = new EnumMap<>(Operation.class);

    /**
     * @param clock  the time invoices are issued and expire by
     * @param random the source of preimages; a seeded {@link Random} for repeatable tests, a
     *               {@link java.security.SecureRandom} where hashes must not be guessable
     */
    public InMemoryLightningBackend(Clock clock, Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    // ---------------------------------------------------------------- the port

    @Override
    public CreatedInvoice createInvoice(Satoshi amount, Duration expiry, String description) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(description, "description");
        synchronized (lock) {
            Kind kind = enter(Operation.CREATE_INVOICE);
            if (kind != null) throw new UnableToCreateInvoice(kind, "injected " + kind + " creating an invoice");
            if (amount.isZero()) {
                throw new UnableToCreateInvoice(Kind.INVALID_INPUT, "invoice amount must be positive");
            }
            if (expiry.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new UnableToCreateInvoice(
                        Kind.INVALID_INPUT, "invoice expiry must be at least one second: " + expiry);
            }
            Preimage preimage = freshPreimage();
            PaymentHash hash = preimage.paymentHash();
            CreatedInvoice invoice = new CreatedInvoice(TestInvoices.signed(
                    NODE_KEY, hash, Optional.of(amount.toMilliSatoshi()), clock.instant(), expiry, description));
            own.put(hash, new OwnInvoice(invoice, description));
            return invoice;
        }
    }

    @Override
    public InvoiceStatus invoiceStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        synchronized (lock) {
            throwIfInjected(Operation.INVOICE_STATUS, "reading an invoice status");
            OwnInvoice invoice = own.get(paymentHash);
            return invoice == null ? InvoiceStatus.NOT_FOUND : invoice.status(clock.instant());
        }
    }

    @Override
    public PaymentOutcome pay(PaymentRequest request) {
        Objects.requireNonNull(request, "request");
        synchronized (lock) {
            calls.merge(Operation.PAY, 1, Integer::sum);
            Fault fault = nextFault(Operation.PAY);
            if (fault == null) return payNow(request, false);
            if (fault.kind != null) {
                throw new LightningBackendException(
                        fault.kind, "injected " + fault.kind + " before the payment was sent");
            }
            PayFault payFault = fault.payFault;
            if (payFault instanceof PayFault.Unknown unknown) {
                if (unknown.paidAnyway()) {
                    payNow(request, false);
                    return new PaymentOutcome.Unknown("injected: the payment was made but the answer was lost");
                }
                return new PaymentOutcome.Unknown(
                        "injected: the connection dropped before the backend saw the payment");
            }
            if (payFault instanceof PayFault.Pending) {
                return payNow(request, true);
            }
            PaymentFailure reason = ((PayFault.Failed) payFault).reason();
            String message = "injected: the backend refused the payment (" + reason + ")";
            outgoing.putIfAbsent(request.paymentHash(), Outgoing.failed(message));
            return new PaymentOutcome.Failed(reason, message);
        }
    }

    @Override
    public OutgoingStatus paymentStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        synchronized (lock) {
            throwIfInjected(Operation.PAYMENT_STATUS, "reading a payment status");
            Outgoing payment = outgoing.get(paymentHash);
            if (payment == null) return new OutgoingStatus.NotFound();
            return switch (payment.state) {
                case SUCCEEDED -> new OutgoingStatus.Succeeded(Optional.of(payment.preimage), payment.fee);
                case PENDING -> new OutgoingStatus.Pending();
                case FAILED -> new OutgoingStatus.Failed(payment.message);
            };
        }
    }

    @Override
    public FeeProbe probeFee(String bolt11, Optional<MilliSatoshi> amount) {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(amount, "amount");
        synchronized (lock) {
            throwIfInjected(Operation.PROBE_FEE, "probing a fee");
            Bolt11Invoice invoice;
            try {
                invoice = Bolt11.decode(bolt11.strip());
            } catch (InvalidInvoice e) {
                return new FeeProbe.Unroutable(PaymentFailure.INVALID_INVOICE, "not an invoice: " + e.getMessage());
            }
            Route route = route(invoice, amount);
            if (route.failure != null) return new FeeProbe.Unroutable(route.failure, route.message);
            if (route.amount.plus(routingFee).compareTo(available) > 0) {
                return new FeeProbe.Unroutable(
                        PaymentFailure.INSUFFICIENT_BALANCE,
                        "balance " + available + " does not cover " + route.amount + " plus fee " + routingFee);
            }
            return new FeeProbe.Routable(routingFee);
        }
    }

    /** {@code pendingIncoming} is always zero: invoices paid from outside settle at once. */
    @Override
    public Balance balance() {
        synchronized (lock) {
            throwIfInjected(Operation.BALANCE, "reading the balance");
            return new Balance(available, MilliSatoshi.ZERO);
        }
    }

    /** Offered unless {@link #setPushOffered} turned it off; see the class comment for the delivering thread. */
    @Override
    public Optional<AutoCloseable> subscribeInvoiceUpdates(Consumer<InvoiceUpdate> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            Kind kind = enter(Operation.SUBSCRIBE);
            if (kind != null)
                throw new LightningBackendException(kind, "injected " + kind + " subscribing to invoice updates");
            if (!pushOffered) return Optional.empty();
        }
        // A wrapper per subscription, so closing one handle never removes another subscriber
        // that happens to pass the same listener instance.
        Consumer<InvoiceUpdate> subscription = listener::accept;
        subscribers.add(subscription);
        return Optional.of(() -> subscribers.remove(subscription));
    }

    // ---------------------------------------------------------------- the world outside the wallet

    /** Adds funds to the wallet (an on-chain deposit, say). */
    public void fund(Satoshi amount) {
        fund(amount.toMilliSatoshi());
    }

    public void fund(MilliSatoshi amount) {
        synchronized (lock) {
            available = available.plus(amount);
        }
    }

    /** The fee every later payment costs; a payment whose {@code maxFee} is below it finds no route. */
    public void setRoutingFee(MilliSatoshi fee) {
        Objects.requireNonNull(fee, "fee");
        synchronized (lock) {
            routingFee = fee;
        }
    }

    /** Whether {@link #subscribeInvoiceUpdates} offers push, to exercise callers that must poll. */
    public void setPushOffered(boolean offered) {
        synchronized (lock) {
            pushOffered = offered;
        }
    }

    /**
     * Someone pays an invoice of this wallet: it becomes PAID, its amount is added to the balance
     * and subscribers hear of it.
     *
     * @throws IllegalStateException when this wallet did not issue it, or it is not payable any
     *                               more (paid or expired) — a real payer could not pay it either
     */
    public void payFromOutside(PaymentHash paymentHash) {
        InvoiceUpdate update;
        synchronized (lock) {
            OwnInvoice invoice = requireOwn(paymentHash);
            InvoiceStatus status = invoice.status(clock.instant());
            if (status != InvoiceStatus.PENDING) {
                throw new IllegalStateException("invoice " + paymentHash + " is " + status + " and cannot be paid");
            }
            invoice.paid = true;
            available = available.plus(invoice.created.amount());
            update = new InvoiceUpdate(paymentHash, InvoiceStatus.PAID);
        }
        push(List.of(update));
    }

    /**
     * Expires an unpaid invoice of this wallet now, whatever the clock says, and tells subscribers.
     *
     * @throws IllegalStateException when this wallet did not issue it or it was paid
     */
    public void expire(PaymentHash paymentHash) {
        InvoiceUpdate update;
        synchronized (lock) {
            OwnInvoice invoice = requireOwn(paymentHash);
            if (invoice.paid) throw new IllegalStateException("invoice " + paymentHash + " was paid and cannot expire");
            invoice.forcedExpired = true;
            update = new InvoiceUpdate(paymentHash, InvoiceStatus.EXPIRED);
        }
        push(List.of(update));
    }

    /**
     * Pushes EXPIRED for every unpaid invoice whose expiry the clock has passed and that was not
     * pushed as expired before, as a real backend's sweep would. Without this call such invoices
     * still read EXPIRED through {@link #invoiceStatus}; only the push waits for it.
     *
     * @return the hashes pushed
     */
    public List<PaymentHash> expireDue() {
        List<InvoiceUpdate> updates = new ArrayList<>();
        synchronized (lock) {
            Instant now = clock.instant();
            for (Map.Entry<PaymentHash, OwnInvoice> e : own.entrySet()) {
                OwnInvoice invoice = e.getValue();
                if (!invoice.forcedExpired && invoice.status(now) == InvoiceStatus.EXPIRED) {
                    invoice.forcedExpired = true;
                    updates.add(new InvoiceUpdate(e.getKey(), InvoiceStatus.EXPIRED));
                }
            }
        }
        push(updates);
        return updates.stream().map(InvoiceUpdate::paymentHash).toList();
    }

    /** An invoice of another wallet for {@code amount}, payable for {@link #DEFAULT_FOREIGN_EXPIRY}. */
    public ForeignInvoice foreignInvoice(Satoshi amount) {
        return foreignInvoice(Optional.of(amount.toMilliSatoshi()), DEFAULT_FOREIGN_EXPIRY);
    }

    /** An amount-less invoice of another wallet: the payer says how much. */
    public ForeignInvoice amountlessForeignInvoice() {
        return foreignInvoice(Optional.empty(), DEFAULT_FOREIGN_EXPIRY);
    }

    /**
     * An invoice of another wallet that this one can route to; its payee holds the preimage and
     * reveals it when paid.
     *
     * @param amount empty for amount-less, else positive
     */
    public ForeignInvoice foreignInvoice(Optional<MilliSatoshi> amount, Duration expiry) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(expiry, "expiry");
        synchronized (lock) {
            Preimage preimage = freshPreimage();
            PaymentHash hash = preimage.paymentHash();
            Bolt11Invoice invoice =
                    TestInvoices.signed(FOREIGN_NODE_KEY, hash, amount, clock.instant(), expiry, "from elsewhere");
            foreign.put(hash, new Foreign(preimage, invoice.expiresAt()));
            return new ForeignInvoice(invoice);
        }
    }

    /**
     * Makes an invoice written elsewhere (real BOLT11 a test signed with a key of its own) payable:
     * its payee holds {@code preimage}, and it expires when the invoice says.
     *
     * @throws IllegalArgumentException when {@code preimage} is not the invoice's
     */
    public ForeignInvoice acceptExternal(String bolt11, Preimage preimage) {
        Objects.requireNonNull(bolt11, "bolt11");
        Bolt11Invoice invoice = Bolt11.decode(bolt11);
        PaymentHash hash = preimage.paymentHash();
        if (!ByteVector.of(hash.bytes()).equals(invoice.paymentHash())) {
            throw new IllegalArgumentException("the preimage is not the invoice's");
        }
        synchronized (lock) {
            foreign.put(hash, new Foreign(preimage, invoice.expiresAt()));
            return new ForeignInvoice(invoice);
        }
    }

    /** What the payee of a foreign invoice has received so far: empty until a payment settles. */
    public Optional<MilliSatoshi> receivedBy(PaymentHash foreignHash) {
        synchronized (lock) {
            Foreign payee = foreign.get(foreignHash);
            return payee == null ? Optional.empty() : Optional.ofNullable(payee.received);
        }
    }

    /**
     * Settles a payment left in flight by {@link PayFault#pending()}: the payee is paid and
     * {@link #paymentStatus} reads Succeeded. The funds left the wallet when it went in flight.
     */
    public void settlePending(PaymentHash paymentHash) {
        synchronized (lock) {
            Outgoing payment = requirePending(paymentHash);
            payment.state = Outgoing.State.SUCCEEDED;
            foreign.get(paymentHash).received = payment.amount;
        }
    }

    /** Fails a payment left in flight: the amount and fee go back to the wallet. */
    public void failPending(PaymentHash paymentHash, String message) {
        Objects.requireNonNull(message, "message");
        synchronized (lock) {
            Outgoing payment = requirePending(paymentHash);
            available = available.plus(payment.amount).plus(payment.fee);
            payment.state = Outgoing.State.FAILED;
            payment.message = message;
        }
    }

    /**
     * The next {@code times} calls of {@code operation} throw: {@link UnableToCreateInvoice} for
     * {@link Operation#CREATE_INVOICE}, {@link UnableToQueryBackend} for reads, a plain
     * {@link LightningBackendException} for {@link Operation#PAY} (before anything is sent, so the
     * payment certainly did not start) and {@link Operation#SUBSCRIBE}. Faults queue up in the
     * order injected.
     */
    public void failNext(Operation operation, int times, Kind kind) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(kind, "kind");
        inject(operation, times, new Fault(kind, null));
    }

    /** The next {@code times} calls of {@link #pay} go wrong as {@code fault} says. */
    public void answerNextPay(int times, PayFault fault) {
        Objects.requireNonNull(fault, "fault");
        inject(Operation.PAY, times, new Fault(null, fault));
    }

    /** How many times {@code operation} was called, including calls that failed. */
    public int calls(Operation operation) {
        synchronized (lock) {
            return calls.getOrDefault(operation, 0);
        }
    }

    /** Forgets the call counts, e.g. after a test's setup. */
    public void resetCalls() {
        synchronized (lock) {
            calls.clear();
        }
    }

    // ---------------------------------------------------------------- inside

    /** Pays, or leaves in flight with {@code hold}. Caller holds the lock. */
    private PaymentOutcome payNow(PaymentRequest request, boolean hold) {
        PaymentHash hash = request.paymentHash();
        Outgoing previous = outgoing.get(hash);
        if (previous != null && previous.state == Outgoing.State.SUCCEEDED) {
            return new PaymentOutcome.Succeeded(Optional.of(previous.preimage), previous.fee, true);
        }
        if (previous != null && previous.state == Outgoing.State.PENDING) {
            return new PaymentOutcome.Pending();
        }
        Route route = route(request.invoice(), request.amount());
        PaymentOutcome.Failed refusal = null;
        if (route.failure != null) {
            refusal = new PaymentOutcome.Failed(route.failure, route.message);
        } else if (routingFee.compareTo(request.maxFee()) > 0) {
            refusal = new PaymentOutcome.Failed(
                    PaymentFailure.NO_ROUTE,
                    "no route within the fee limit " + request.maxFee() + " (needs " + routingFee + ")");
        } else if (route.amount.plus(routingFee).compareTo(available) > 0) {
            refusal = new PaymentOutcome.Failed(
                    PaymentFailure.INSUFFICIENT_BALANCE,
                    "balance " + available + " does not cover " + route.amount + " plus fee " + routingFee);
        }
        if (refusal != null) {
            // A failed attempt may be tried again, so it only replaces nothing or an older failure.
            outgoing.put(hash, Outgoing.failed(refusal.message()));
            return refusal;
        }
        available = available.minus(route.amount).minus(routingFee);
        Outgoing payment = new Outgoing(route.amount, routingFee, route.payee.preimage);
        outgoing.put(hash, payment);
        if (hold) {
            payment.state = Outgoing.State.PENDING;
            return new PaymentOutcome.Pending();
        }
        payment.state = Outgoing.State.SUCCEEDED;
        route.payee.received = route.amount;
        return new PaymentOutcome.Succeeded(Optional.of(route.payee.preimage), routingFee, false);
    }

    /** Where {@code invoice} leads and for how much, or why nowhere. Caller holds the lock. */
    private Route route(Bolt11Invoice invoice, Optional<MilliSatoshi> given) {
        PaymentHash hash = PaymentHash.of(invoice.paymentHash().toArray());
        if (own.containsKey(hash))
            return Route.refused(PaymentFailure.REFUSED, "an invoice of this wallet cannot be paid from it");
        Foreign payee = foreign.get(hash);
        if (payee == null) return Route.refused(PaymentFailure.NO_ROUTE, "no route to the invoice's destination");
        if (!clock.instant().isBefore(payee.expiresAt))
            return Route.refused(PaymentFailure.INVOICE_EXPIRED, "the invoice has expired");
        Optional<MilliSatoshi> stated = MilliSatoshi.ofOptional(invoice.amountMsat());
        MilliSatoshi amount;
        if (stated.isPresent()) {
            if (given.isPresent() && !given.get().equals(stated.get())) {
                return Route.refused(
                        PaymentFailure.AMOUNT_INVALID,
                        "amount " + given.get() + " does not match the invoice's " + stated.get());
            }
            amount = stated.get();
        } else {
            if (given.isEmpty() || given.get().msat() == 0) {
                return Route.refused(PaymentFailure.AMOUNT_INVALID, "an amount-less invoice needs a positive amount");
            }
            amount = given.get();
        }
        return new Route(payee, amount, null, null);
    }

    private Preimage freshPreimage() {
        while (true) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            Preimage preimage = Preimage.of(bytes);
            PaymentHash hash = preimage.paymentHash();
            // A collision is astronomically unlikely, but a degenerate Random must not make two invoices share a hash.
            if (!own.containsKey(hash) && !foreign.containsKey(hash)) return preimage;
        }
    }

    /** Counts a call and takes its next fault; returns the exception kind to throw, if any. Caller holds the lock. */
    private Kind enter(Operation operation) {
        calls.merge(operation, 1, Integer::sum);
        Fault fault = nextFault(operation);
        return fault == null ? null : fault.kind;
    }

    private void throwIfInjected(Operation operation, String doing) {
        Kind kind = enter(operation);
        if (kind != null) throw new UnableToQueryBackend(kind, "injected " + kind + " " + doing);
    }

    private Fault nextFault(Operation operation) {
        Deque<Fault> queue = faults.get(operation);
        return queue == null ? null : queue.pollFirst();
    }

    private void inject(Operation operation, int times, Fault fault) {
        if (times < 1) throw new IllegalArgumentException("times must be positive: " + times);
        synchronized (lock) {
            Deque<Fault> queue = faults.computeIfAbsent(operation, o -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) queue.addLast(fault);
        }
    }

    private OwnInvoice requireOwn(PaymentHash hash) {
        OwnInvoice invoice = own.get(hash);
        if (invoice == null) throw new IllegalStateException("this wallet issued no invoice " + hash);
        return invoice;
    }

    private Outgoing requirePending(PaymentHash hash) {
        Outgoing payment = outgoing.get(hash);
        if (payment == null || payment.state != Outgoing.State.PENDING) {
            throw new IllegalStateException("no payment in flight for " + hash);
        }
        return payment;
    }

    /** Called without the lock held, so listeners may call the backend. */
    private void push(List<InvoiceUpdate> updates) {
        for (InvoiceUpdate update : updates) {
            for (Consumer<InvoiceUpdate> subscriber : subscribers) {
                try {
                    subscriber.accept(update);
                } catch (RuntimeException listenerFailure) {
                    // A broken listener must not stop the others or the payment that caused the update;
                    // the port says polling stays correct, so a lost update is recoverable.
                }
            }
        }
    }

    private static final class OwnInvoice {
        final CreatedInvoice created;
        final String description;
        boolean paid;
        boolean forcedExpired;

        OwnInvoice(CreatedInvoice created, String description) {
            this.created = created;
            this.description = description;
        }

        InvoiceStatus status(Instant now) {
            if (paid) return InvoiceStatus.PAID;
            if (forcedExpired || !now.isBefore(created.expiresAt())) return InvoiceStatus.EXPIRED;
            return InvoiceStatus.PENDING;
        }

        @Override
        public String toString() {
            return created.paymentHash() + " \"" + description + "\"";
        }
    }

    private static final class Foreign {
        final Preimage preimage;
        final Instant expiresAt;
        MilliSatoshi received;

        Foreign(Preimage preimage, Instant expiresAt) {
            this.preimage = preimage;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Outgoing {
        enum State {
            PENDING,
            SUCCEEDED,
            FAILED
        }

        final MilliSatoshi amount;
        final MilliSatoshi fee;
        final Preimage preimage;
        State state;
        String message;

        Outgoing(MilliSatoshi amount, MilliSatoshi fee, Preimage preimage) {
            this.amount = amount;
            this.fee = fee;
            this.preimage = preimage;
        }

        static Outgoing failed(String message) {
            Outgoing payment = new Outgoing(MilliSatoshi.ZERO, MilliSatoshi.ZERO, null);
            payment.state = State.FAILED;
            payment.message = message;
            return payment;
        }
    }

    private record Route(Foreign payee, MilliSatoshi amount, PaymentFailure failure, String message) {
        static Route refused(PaymentFailure failure, String message) {
            return new Route(null, null, failure, message);
        }
    }

    private record Fault(Kind kind, PayFault payFault) {}
}
