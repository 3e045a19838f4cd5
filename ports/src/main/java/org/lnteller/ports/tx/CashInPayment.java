package org.lnteller.ports.tx;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;

/**
 * Where a cash-in's payment stands. Each case carries exactly the data that exists in it (a hash
 * once a payment started, a fee and preimage once it settled, an error once it failed), so a state
 * such as "in flight without a hash" or "paid without a fee" cannot be built. Each case offers
 * only the transitions that apply to it, and returns the next case; the rules (in the core) decide
 * when to take them. Lamassu's {@code send}/{@code sendPending}/{@code sendConfirmed} flags are
 * derived from the case by the wire and database mappings, never kept.
 *
 * <p>Dispatch over the cases is {@link #fold(Cases)}: every case must be handled, checked by the
 * compiler.
 */
public sealed interface CashInPayment {

    /** Lamassu's status name of this case. */
    default CashInStatus status() {
        return fold(Derived.STATUS);
    }

    /** The hash of the invoice being or having been paid, once a payment started. */
    default Optional<PaymentHash> paymentHash() {
        return fold(Derived.HASH);
    }

    /** Why the payment failed, in the cases that keep it. */
    default Optional<TxError> failure() {
        return fold(Derived.ERROR);
    }

    /** True when the machine has asked to send (the customer pressed "send"). */
    default boolean sendRequested() {
        return fold(Derived.SEND_REQUESTED);
    }

    <R> R fold(Cases<R> cases);

    /** One method per case of {@link CashInPayment}. */
    interface Cases<R> {
        R collecting(Collecting c);

        R sendRequested(SendRequested c);

        R inFlight(InFlight c);

        R paid(Paid c);

        R failed(Failed c);

        R refunded(Refunded c);

        R cancelled(Cancelled c);

        /** A fold from one function per case, in the order the cases are declared. */
        static <R> Cases<R> of(
                Function<Collecting, R> collecting,
                Function<SendRequested, R> sendRequested,
                Function<InFlight, R> inFlight,
                Function<Paid, R> paid,
                Function<Failed, R> failed,
                Function<Refunded, R> refunded,
                Function<Cancelled, R> cancelled) {
            return new Cases<>() {
                @Override
                public R collecting(Collecting c) {
                    return collecting.apply(c);
                }

                @Override
                public R sendRequested(SendRequested c) {
                    return sendRequested.apply(c);
                }

                @Override
                public R inFlight(InFlight c) {
                    return inFlight.apply(c);
                }

                @Override
                public R paid(Paid c) {
                    return paid.apply(c);
                }

                @Override
                public R failed(Failed c) {
                    return failed.apply(c);
                }

                @Override
                public R refunded(Refunded c) {
                    return refunded.apply(c);
                }

                @Override
                public R cancelled(Cancelled c) {
                    return cancelled.apply(c);
                }
            };
        }
    }

    /** Bills are being stacked; the machine has not asked to send. */
    record Collecting() implements CashInPayment {
        public SendRequested requestSend() {
            return new SendRequested();
        }

        public Cancelled cancel() {
            return new Cancelled(false);
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.collecting(this);
        }
    }

    /** The machine asked to send; no payment has started. */
    record SendRequested() implements CashInPayment {
        /** The payment of the invoice with this hash starts (committed before the backend is called). */
        public InFlight start(PaymentHash hash) {
            return new InFlight(hash);
        }

        /** The payment could not start: nothing was paid. */
        public Failed refuse(TxError error) {
            return new Failed(Optional.empty(), error);
        }

        public Cancelled cancel() {
            return new Cancelled(true);
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.sendRequested(this);
        }
    }

    /** A payment of the invoice with {@code hash} started; its outcome is not known yet. */
    record InFlight(PaymentHash hash) implements CashInPayment {
        public InFlight {
            Objects.requireNonNull(hash, "hash");
        }

        public Paid succeed(Optional<Preimage> preimage, Satoshi fee) {
            return new Paid(hash, preimage, fee);
        }

        public Failed fail(TxError error) {
            return new Failed(Optional.of(hash), error);
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.inFlight(this);
        }
    }

    /**
     * Paid. Final.
     *
     * @param preimage proof of payment, when the backend gave it
     * @param fee      routing fee paid, rounded up to whole sats
     */
    record Paid(PaymentHash hash, Optional<Preimage> preimage, Satoshi fee) implements CashInPayment {
        public Paid {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(preimage, "preimage");
            Objects.requireNonNull(fee, "fee");
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.paid(this);
        }
    }

    /**
     * The payment definitely did not happen, or could not start; the operator refunds.
     *
     * @param hash the invoice's hash when a payment had started; empty when it was refused before
     */
    record Failed(Optional<PaymentHash> hash, TxError error) implements CashInPayment {
        public Failed {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(error, "error");
        }

        /**
         * The backend reports the payment succeeded after all: its word that money left the wallet
         * outranks an earlier guess. Empty when no payment had started (nothing can have succeeded).
         */
        public Optional<Paid> succeedLate(Optional<Preimage> preimage, Satoshi fee) {
            return hash.map(h -> new Paid(h, preimage, fee));
        }

        public Refunded refund() {
            return new Refunded(hash, error);
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.failed(this);
        }
    }

    /** The operator gave the customer's cash back after a failure. Final. */
    record Refunded(Optional<PaymentHash> hash, TxError error) implements CashInPayment {
        public Refunded {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.refunded(this);
        }
    }

    /**
     * The operator cancelled a cash-in that was never paid (the customer walked away). Final.
     *
     * @param afterSendRequest the machine had asked to send (a post cannot take that back)
     */
    record Cancelled(boolean afterSendRequest) implements CashInPayment {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.cancelled(this);
        }
    }

    /** The derived views above, each a fold over every case. */
    final class Derived {
        private Derived() {}

        static final Cases<CashInStatus> STATUS = Cases.of(
                c -> CashInStatus.PENDING,
                c -> CashInStatus.PENDING,
                c -> CashInStatus.AUTHORIZED,
                c -> CashInStatus.CONFIRMED,
                c -> CashInStatus.FAILED,
                c -> CashInStatus.REFUNDED,
                c -> CashInStatus.CANCELLED);
        static final Cases<Optional<PaymentHash>> HASH = Cases.of(
                c -> Optional.empty(),
                c -> Optional.empty(),
                c -> Optional.of(c.hash()),
                c -> Optional.of(c.hash()),
                Failed::hash,
                Refunded::hash,
                c -> Optional.empty());
        static final Cases<Optional<TxError>> ERROR = Cases.of(
                c -> Optional.empty(),
                c -> Optional.empty(),
                c -> Optional.empty(),
                c -> Optional.empty(),
                c -> Optional.of(c.error()),
                c -> Optional.of(c.error()),
                c -> Optional.empty());
        static final Cases<Boolean> SEND_REQUESTED = Cases.of(
                c -> false, c -> true, c -> true, c -> true, c -> true, c -> true, Cancelled::afterSendRequest);
    }
}
