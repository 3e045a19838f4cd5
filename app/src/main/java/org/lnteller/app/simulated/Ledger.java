package org.lnteller.app.simulated;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Network;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;

/**
 * What the simulated wallet holds: its balance, the invoices it issued and the payments it made.
 *
 * <p>Copy on write: a change is made on a {@link #copy()}, which replaces the published ledger only
 * once it is saved. A published ledger is never changed again, so it can be read without a lock.
 */
final class Ledger {
    private final Network network;
    private MilliSatoshi balance;
    private final Map<PaymentHash, IssuedInvoice> invoices;
    private final Map<PaymentHash, OutgoingPayment> payments;

    Ledger(Network network, MilliSatoshi balance, Map<PaymentHash, IssuedInvoice> invoices,
           Map<PaymentHash, OutgoingPayment> payments) {
        this.network = Objects.requireNonNull(network, "network");
        this.balance = Objects.requireNonNull(balance, "balance");
        // insertion order, so that the file lists invoices and payments as they happened
        this.invoices = new LinkedHashMap<>(invoices);
        this.payments = new LinkedHashMap<>(payments);
    }

    /** A wallet that has issued and paid nothing yet. */
    static Ledger fresh(Network network, MilliSatoshi balance) {
        return new Ledger(network, balance, Map.of(), Map.of());
    }

    Ledger copy() {
        return new Ledger(network, balance, invoices, payments);
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

    Map<PaymentHash, IssuedInvoice> invoices() {
        return Collections.unmodifiableMap(invoices);
    }

    Map<PaymentHash, OutgoingPayment> payments() {
        return Collections.unmodifiableMap(payments);
    }

    void credit(MilliSatoshi amount) {
        balance = balance.plus(amount);
    }

    /** @throws IllegalArgumentException when the balance does not cover it (callers check first) */
    void debit(MilliSatoshi amount) {
        balance = balance.minus(amount);
    }

    void put(IssuedInvoice invoice) {
        invoices.put(invoice.paymentHash(), invoice);
    }

    void put(PaymentHash hash, OutgoingPayment payment) {
        payments.put(hash, payment);
    }

    /**
     * An invoice this wallet issued. Its status is PENDING or PAID as stored; EXPIRED is read off
     * the clock by {@link #statusAt}, since nothing has to happen for an invoice to expire.
     *
     * @param amount    millisatoshis the invoice asks for
     * @param expiresAt the last instant it may be paid, as written in the invoice
     * @param paidAt    when it was paid; empty while unpaid
     */
    record IssuedInvoice(PaymentHash paymentHash, String bolt11, MilliSatoshi amount, Instant expiresAt,
                         Preimage preimage, Optional<Instant> paidAt) {
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
        Instant at();

        /**
         * Paid. The preimage is known only for invoices this wallet issued itself.
         *
         * @param amount millisatoshis that reached the payee
         * @param fee    millisatoshis of routing fee, on top of {@code amount}
         */
        record Settled(MilliSatoshi amount, MilliSatoshi fee, Optional<Preimage> preimage, Instant at)
                implements OutgoingPayment {
            public Settled {
                Objects.requireNonNull(amount, "amount");
                Objects.requireNonNull(fee, "fee");
                Objects.requireNonNull(preimage, "preimage");
                Objects.requireNonNull(at, "at");
            }
        }

        /** Not paid: nothing left the wallet. A later attempt may still succeed. */
        record Refused(PaymentFailure reason, String message, Instant at) implements OutgoingPayment {
            public Refused {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(message, "message");
                Objects.requireNonNull(at, "at");
            }
        }
    }
}
