package org.lnteller.ports.usecase;

import java.util.Objects;
import java.util.function.Function;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;

/** The answer to a machine post: the transaction as it now stands, or a refusal. */
public sealed interface PostResult {

    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Accepted, ? extends R> accepted,
            Function<? super InFlight, ? extends R> inFlight,
            Function<? super Refused, ? extends R> refused);
    /** Applied, or an exact repeat answered with the current state. */
    record Accepted(Transaction transaction) implements PostResult {
        @Override
        public <R> R fold(
                Function<? super Accepted, ? extends R> accepted,
                Function<? super InFlight, ? extends R> inFlight,
                Function<? super Refused, ? extends R> refused) {
            return accepted.apply(this);
        }

        public Accepted {
            Objects.requireNonNull(transaction, "transaction");
        }
    }

    /**
     * Applied, but the outcome the machine waits for (a cash-in payment) is not known yet: the
     * machine is to be told nothing (HTTP 204), so that it asks again rather than take the
     * transaction as done.
     */
    record InFlight(Transaction transaction) implements PostResult {
        @Override
        public <R> R fold(
                Function<? super Accepted, ? extends R> accepted,
                Function<? super InFlight, ? extends R> inFlight,
                Function<? super Refused, ? extends R> refused) {
            return inFlight.apply(this);
        }

        public InFlight {
            Objects.requireNonNull(transaction, "transaction");
        }
    }

    record Refused(Rejection rejection) implements PostResult {
        @Override
        public <R> R fold(
                Function<? super Accepted, ? extends R> accepted,
                Function<? super InFlight, ? extends R> inFlight,
                Function<? super Refused, ? extends R> refused) {
            return refused.apply(this);
        }

        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
