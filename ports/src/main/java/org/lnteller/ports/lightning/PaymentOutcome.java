package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Preimage;

/**
 * What a payment came to, as far as the backend can say. Only {@link Failed} means no funds moved;
 * {@link Pending} and {@link Unknown} must be reconciled by payment hash and never paid again.
 */
public sealed interface PaymentOutcome {

    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Succeeded, ? extends R> succeeded,
            Function<? super Failed, ? extends R> failed,
            Function<? super Pending, ? extends R> pending,
            Function<? super Unknown, ? extends R> unknown);

    /**
     * Settled. {@code alreadyPaid} when the backend says this invoice was paid before. The preimage
     * is empty when the backend does not report it (Blink omits it for payments inside Blink).
     */
    record Succeeded(Optional<Preimage> preimage, MilliSatoshi fee, boolean alreadyPaid) implements PaymentOutcome {
        @Override
        public <R> R fold(
                Function<? super Succeeded, ? extends R> succeeded,
                Function<? super Failed, ? extends R> failed,
                Function<? super Pending, ? extends R> pending,
                Function<? super Unknown, ? extends R> unknown) {
            return succeeded.apply(this);
        }

        public Succeeded {
            Objects.requireNonNull(preimage, "preimage");
            Objects.requireNonNull(fee, "fee");
        }
    }

    /** Definitely not paid: the funds are still in the wallet. */
    record Failed(PaymentFailure reason, String message) implements PaymentOutcome {
        @Override
        public <R> R fold(
                Function<? super Succeeded, ? extends R> succeeded,
                Function<? super Failed, ? extends R> failed,
                Function<? super Pending, ? extends R> pending,
                Function<? super Unknown, ? extends R> unknown) {
            return failed.apply(this);
        }

        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Accepted and in flight; ask {@link LightningBackend#paymentStatus} later. */
    record Pending() implements PaymentOutcome {
        @Override
        public <R> R fold(
                Function<? super Succeeded, ? extends R> succeeded,
                Function<? super Failed, ? extends R> failed,
                Function<? super Pending, ? extends R> pending,
                Function<? super Unknown, ? extends R> unknown) {
            return pending.apply(this);
        }
    }

    /** The call broke off (timeout, 5xx, dropped connection): it may or may not have been paid. */
    record Unknown(String cause) implements PaymentOutcome {
        @Override
        public <R> R fold(
                Function<? super Succeeded, ? extends R> succeeded,
                Function<? super Failed, ? extends R> failed,
                Function<? super Pending, ? extends R> pending,
                Function<? super Unknown, ? extends R> unknown) {
            return unknown.apply(this);
        }

        public Unknown {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
