package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Preimage;

/** What the backend knows of an outgoing payment, looked up by payment hash. */
public sealed interface OutgoingStatus {

    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Succeeded, ? extends R> succeeded,
            Function<? super Failed, ? extends R> failed,
            Function<? super Pending, ? extends R> pending,
            Function<? super NotFound, ? extends R> notFound);
    /** Settled; the preimage is empty when the backend does not report it. */
    record Succeeded(Optional<Preimage> preimage, MilliSatoshi fee) implements OutgoingStatus {
        @Override
        public <R> R fold(
                Function<? super Succeeded, ? extends R> succeeded,
                Function<? super Failed, ? extends R> failed,
                Function<? super Pending, ? extends R> pending,
                Function<? super NotFound, ? extends R> notFound) {
            return succeeded.apply(this);
        }

        public Succeeded {
            Objects.requireNonNull(preimage, "preimage");
            Objects.requireNonNull(fee, "fee");
        }
    }

    record Failed(String message) implements OutgoingStatus {
        @Override
        public <R> R fold(
                Function<? super Succeeded, ? extends R> succeeded,
                Function<? super Failed, ? extends R> failed,
                Function<? super Pending, ? extends R> pending,
                Function<? super NotFound, ? extends R> notFound) {
            return failed.apply(this);
        }
    }

    record Pending() implements OutgoingStatus {
        @Override
        public <R> R fold(
                Function<? super Succeeded, ? extends R> succeeded,
                Function<? super Failed, ? extends R> failed,
                Function<? super Pending, ? extends R> pending,
                Function<? super NotFound, ? extends R> notFound) {
            return pending.apply(this);
        }
    }

    /** No payment with that hash was ever started from this wallet. */
    record NotFound() implements OutgoingStatus {
        @Override
        public <R> R fold(
                Function<? super Succeeded, ? extends R> succeeded,
                Function<? super Failed, ? extends R> failed,
                Function<? super Pending, ? extends R> pending,
                Function<? super NotFound, ? extends R> notFound) {
            return notFound.apply(this);
        }
    }
}
