package org.lnteller.adapter.simulated;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.lnteller.codec.Network;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;

/**
 * What the simulated wallet holds: its balance, the invoices it issued and the payments it made.
 *
 * <p>Read from the wallet's database on open ({@link LedgerDatabase}), then changed in place, and
 * only by {@link #apply} of a {@link Change} the database has committed, so that memory never holds
 * what a restart would not find. One writer at a time (the wallet's lock); readers need no lock:
 * the maps are concurrent and the balance volatile.
 *
 * <p>A reader may see a change half-applied, never a change that is not on disk. {@link #apply}
 * publishes the record that announces a change last (the PAID status, the payment's outcome), so a
 * reader who sees it also sees the balance it moved.
 */
final class Ledger {
    private final Network network;
    private volatile MilliSatoshi balance;
    private final Map<PaymentHash, IssuedInvoice> invoices;
    private final Map<PaymentHash, OutgoingPayment> payments;

    Ledger(
            Network network,
            MilliSatoshi balance,
            Map<PaymentHash, IssuedInvoice> invoices,
            Map<PaymentHash, OutgoingPayment> payments) {
        this.network = Objects.requireNonNull(network, "network");
        this.balance = Objects.requireNonNull(balance, "balance");
        this.invoices = new ConcurrentHashMap<>(Math.max(16, invoices.size() * 2));
        this.payments = new ConcurrentHashMap<>(Math.max(16, payments.size() * 2));
        this.invoices.putAll(invoices);
        this.payments.putAll(payments);
    }

    /** The network the invoices were issued on. */
    Network network() {
        return network;
    }

    /** Spendable millisatoshis. */
    MilliSatoshi balance() {
        return balance;
    }

    Optional<IssuedInvoice> invoice(PaymentHash hash) {
        return Optional.ofNullable(invoices.get(hash));
    }

    Optional<OutgoingPayment> payment(PaymentHash hash) {
        return Optional.ofNullable(payments.get(hash));
    }

    int invoiceCount() {
        return invoices.size();
    }

    int paymentCount() {
        return payments.size();
    }

    /**
     * Throws unless {@code change} can be applied to this ledger as it is now; changes nothing.
     * The wallet checks before it writes a change to the database, so that the database never
     * holds a change that this ledger would refuse.
     *
     * @throws IllegalStateException naming what does not fit
     */
    void check(Change change) {
        effect(change);
    }

    /**
     * Applies {@code change}, or throws before changing anything.
     *
     * @throws IllegalStateException when it does not fit this ledger
     */
    void apply(Change change) {
        Effect effect = effect(change);
        // the balance first, the record that announces the change last: see the class comment
        balance = effect.balance();
        effect.invoice().ifPresent(i -> invoices.put(i.paymentHash(), i));
        effect.payment().ifPresent(p -> payments.put(change.paymentHash(), p));
    }

    /** What a change does: the balance after it, and the invoice and payment it writes. */
    private record Effect(MilliSatoshi balance, Optional<IssuedInvoice> invoice, Optional<OutgoingPayment> payment) {}

    private Effect effect(Change change) {
        return change.fold(this::issued, this::paid, this::settled, this::refused);
    }

    private Effect issued(Change.InvoiceIssued issued) {
        PaymentHash hash = issued.paymentHash();
        require(!invoices.containsKey(hash), "invoice " + hash + " is issued a second time");
        require(!issued.invoice().isPaid(), "invoice " + hash + " is issued already paid");
        return new Effect(balance, Optional.of(issued.invoice()), Optional.empty());
    }

    private Effect paid(Change.InvoicePaid paid) {
        PaymentHash hash = paid.paymentHash();
        IssuedInvoice invoice = unpaidInvoice(hash);
        MilliSatoshi after = balance.plus(invoice.amount());
        requireBalance(after, paid.balanceAfter(), hash);
        return new Effect(after, Optional.of(invoice.paid(paid.at())), Optional.empty());
    }

    private Effect settled(Change.PaymentSettled settled) {
        PaymentHash hash = settled.paymentHash();
        OutgoingPayment.Settled payment = settled.payment();
        require(!isSettled(hash), "payment " + hash + " is settled a second time");
        MilliSatoshi total = payment.amount().plus(payment.fee());
        require(
                total.compareTo(balance) <= 0,
                "payment " + hash + " of " + total + " exceeds the balance of " + balance);
        MilliSatoshi after = balance.minus(total);
        Optional<IssuedInvoice> own = Optional.empty();
        if (payment.preimage().isPresent()) {
            // a known preimage means the wallet paid an invoice of its own: it settles inside the wallet
            IssuedInvoice invoice = unpaidInvoice(hash);
            require(invoice.preimage().equals(payment.preimage().get()), "payment " + hash + " names another preimage");
            // an amount-less invoice is credited what was paid
            after = after.plus(invoice.amount().msat() == 0 ? payment.amount() : invoice.amount());
            own = Optional.of(invoice.paid(payment.at()));
        }
        requireBalance(after, settled.balanceAfter(), hash);
        return new Effect(after, own, Optional.of(payment));
    }

    private Effect refused(Change.PaymentRefused refused) {
        PaymentHash hash = refused.paymentHash();
        // pay() answers a settled hash as already paid and never refuses it afterwards
        require(!isSettled(hash), "settled payment " + hash + " is refused afterwards");
        return new Effect(balance, Optional.empty(), Optional.of(refused.payment()));
    }

    private boolean isSettled(PaymentHash hash) {
        return Optional.ofNullable(payments.get(hash))
                .map(OutgoingPayment::isSettled)
                .orElse(false);
    }

    private IssuedInvoice unpaidInvoice(PaymentHash hash) {
        IssuedInvoice invoice = invoices.get(hash);
        if (invoice == null) throw new IllegalStateException("invoice " + hash + " is paid but was never issued");
        require(!invoice.isPaid(), "invoice " + hash + " is paid a second time");
        return invoice;
    }

    private static void requireBalance(MilliSatoshi computed, MilliSatoshi recorded, PaymentHash hash) {
        require(
                computed.equals(recorded),
                "after " + hash + " the balance is " + computed + ", the change says " + recorded);
    }

    private static void require(boolean condition, String message) {
        if (!condition) throw new IllegalStateException(message);
    }

    /**
     * One change to the ledger, as the database records it (one transaction each). Those that move
     * the balance carry the balance after them, checked against the ledger before they are written.
     */
    sealed interface Change {
        /**
         * One function per case.
         * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
         */
        <R> R fold(
                Function<? super InvoiceIssued, ? extends R> invoiceIssued,
                Function<? super InvoicePaid, ? extends R> invoicePaid,
                Function<? super PaymentSettled, ? extends R> paymentSettled,
                Function<? super PaymentRefused, ? extends R> paymentRefused);

        PaymentHash paymentHash();

        /** An invoice was issued (unpaid). */
        record InvoiceIssued(IssuedInvoice invoice) implements Change {
            @Override
            public <R> R fold(
                    Function<? super InvoiceIssued, ? extends R> invoiceIssued,
                    Function<? super InvoicePaid, ? extends R> invoicePaid,
                    Function<? super PaymentSettled, ? extends R> paymentSettled,
                    Function<? super PaymentRefused, ? extends R> paymentRefused) {
                return invoiceIssued.apply(this);
            }

            public InvoiceIssued {
                Objects.requireNonNull(invoice, "invoice");
            }

            @Override
            public PaymentHash paymentHash() {
                return invoice.paymentHash();
            }
        }

        /** An invoice this wallet issued was paid from outside: its amount is credited. */
        record InvoicePaid(PaymentHash paymentHash, Instant at, MilliSatoshi balanceAfter) implements Change {
            @Override
            public <R> R fold(
                    Function<? super InvoiceIssued, ? extends R> invoiceIssued,
                    Function<? super InvoicePaid, ? extends R> invoicePaid,
                    Function<? super PaymentSettled, ? extends R> paymentSettled,
                    Function<? super PaymentRefused, ? extends R> paymentRefused) {
                return invoicePaid.apply(this);
            }

            public InvoicePaid {
                Objects.requireNonNull(paymentHash, "paymentHash");
                Objects.requireNonNull(at, "at");
                Objects.requireNonNull(balanceAfter, "balanceAfter");
            }
        }

        /**
         * The wallet paid: amount plus fee is debited. With a preimage, the invoice was its own, so
         * that invoice is paid at the same instant and its amount credited.
         */
        record PaymentSettled(PaymentHash paymentHash, OutgoingPayment.Settled payment, MilliSatoshi balanceAfter)
                implements Change {
            @Override
            public <R> R fold(
                    Function<? super InvoiceIssued, ? extends R> invoiceIssued,
                    Function<? super InvoicePaid, ? extends R> invoicePaid,
                    Function<? super PaymentSettled, ? extends R> paymentSettled,
                    Function<? super PaymentRefused, ? extends R> paymentRefused) {
                return paymentSettled.apply(this);
            }

            public PaymentSettled {
                Objects.requireNonNull(paymentHash, "paymentHash");
                Objects.requireNonNull(payment, "payment");
                Objects.requireNonNull(balanceAfter, "balanceAfter");
            }
        }

        /** A payment was refused after its invoice was read; nothing moved. */
        record PaymentRefused(PaymentHash paymentHash, OutgoingPayment.Refused payment) implements Change {
            @Override
            public <R> R fold(
                    Function<? super InvoiceIssued, ? extends R> invoiceIssued,
                    Function<? super InvoicePaid, ? extends R> invoicePaid,
                    Function<? super PaymentSettled, ? extends R> paymentSettled,
                    Function<? super PaymentRefused, ? extends R> paymentRefused) {
                return paymentRefused.apply(this);
            }

            public PaymentRefused {
                Objects.requireNonNull(paymentHash, "paymentHash");
                Objects.requireNonNull(payment, "payment");
            }
        }
    }

    /**
     * An invoice this wallet issued. Its status is PENDING or PAID as stored; EXPIRED is read off
     * the clock by {@link #statusAt}, since nothing has to happen for an invoice to expire.
     *
     * @param amount    millisatoshis the invoice asks for
     * @param expiresAt the last instant it may be paid, as written in the invoice
     * @param paidAt    when it was paid; empty while unpaid
     */
    record IssuedInvoice(
            PaymentHash paymentHash,
            String bolt11,
            MilliSatoshi amount,
            Instant expiresAt,
            Preimage preimage,
            Optional<Instant> paidAt) {
        IssuedInvoice {
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(bolt11, "bolt11");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(preimage, "preimage");
            Objects.requireNonNull(paidAt, "paidAt");
            if (!preimage.paymentHash().equals(paymentHash)) {
                throw new IllegalArgumentException("the preimage of invoice " + paymentHash + " does not hash to it");
            }
        }

        boolean isPaid() {
            return paidAt.isPresent();
        }

        /** Unpaid and past its expiry at {@code now}. */
        boolean isExpiredAt(Instant now) {
            return !isPaid() && now.isAfter(expiresAt);
        }

        InvoiceStatus statusAt(Instant now) {
            if (isPaid()) return InvoiceStatus.PAID;
            return isExpiredAt(now) ? InvoiceStatus.EXPIRED : InvoiceStatus.PENDING;
        }

        IssuedInvoice paid(Instant when) {
            return new IssuedInvoice(paymentHash, bolt11, amount, expiresAt, preimage, Optional.of(when));
        }
    }

    /** What became of a payment this wallet attempted, by payment hash. */
    sealed interface OutgoingPayment {
        /**
         * One function per case.
         * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
         */
        <R> R fold(Function<? super Settled, ? extends R> settled, Function<? super Refused, ? extends R> refused);

        default boolean isSettled() {
            return fold(settled -> true, refused -> false);
        }

        Instant at();

        /**
         * Paid. The preimage is known only for invoices this wallet issued itself.
         *
         * @param amount millisatoshis that reached the payee
         * @param fee    millisatoshis of routing fee, on top of {@code amount}
         */
        record Settled(MilliSatoshi amount, MilliSatoshi fee, Optional<Preimage> preimage, Instant at)
                implements OutgoingPayment {
            @Override
            public <R> R fold(
                    Function<? super Settled, ? extends R> settled, Function<? super Refused, ? extends R> refused) {
                return settled.apply(this);
            }

            public Settled {
                Objects.requireNonNull(amount, "amount");
                Objects.requireNonNull(fee, "fee");
                Objects.requireNonNull(preimage, "preimage");
                Objects.requireNonNull(at, "at");
            }
        }

        /** Not paid: nothing left the wallet. A later attempt may still succeed. */
        record Refused(PaymentFailure reason, String message, Instant at) implements OutgoingPayment {
            @Override
            public <R> R fold(
                    Function<? super Settled, ? extends R> settled, Function<? super Refused, ? extends R> refused) {
                return refused.apply(this);
            }

            public Refused {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(message, "message");
                Objects.requireNonNull(at, "at");
            }
        }
    }
}
