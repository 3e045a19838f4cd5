package org.lnteller.core.internal.tx;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;

/**
 * What the rules decided about one machine post or event: the next state and its log, no change, or a
 * refusal. Internal to core; the machine is answered a {@link org.lnteller.ports.usecase.PostResult}
 * derived from it (which also knows whether a cash-in payment is still in flight).
 */
public sealed interface Ruling {

    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Applied, ? extends R> applied,
            Function<? super Unchanged, ? extends R> unchanged,
            Function<? super Refused, ? extends R> refused);

    /** The post moves the transaction to {@code next}; {@code log} says why. */
    record Applied(Transaction next, List<Action> log) implements Ruling {
        @Override
        public <R> R fold(
                Function<? super Applied, ? extends R> applied,
                Function<? super Unchanged, ? extends R> unchanged,
                Function<? super Refused, ? extends R> refused) {
            return applied.apply(this);
        }

        public Applied {
            Objects.requireNonNull(next, "next");
            log = List.copyOf(log);
            if (log.isEmpty()) throw new IllegalArgumentException("every change is logged");
        }
    }

    /** An exact repeat of the last applied post (or an event already seen): answer the current state, change nothing. */
    record Unchanged(Transaction current) implements Ruling {
        @Override
        public <R> R fold(
                Function<? super Applied, ? extends R> applied,
                Function<? super Unchanged, ? extends R> unchanged,
                Function<? super Refused, ? extends R> refused) {
            return unchanged.apply(this);
        }

        public Unchanged {
            Objects.requireNonNull(current, "current");
        }
    }

    /** Refused; nothing changes. */
    record Refused(Rejection rejection) implements Ruling {
        @Override
        public <R> R fold(
                Function<? super Applied, ? extends R> applied,
                Function<? super Unchanged, ? extends R> unchanged,
                Function<? super Refused, ? extends R> refused) {
            return refused.apply(this);
        }

        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    /** As a store decision whose result is this outcome. */
    default Decision<Ruling> toDecision() {
        return fold(
                applied -> Decision.write(applied.next(), applied.log(), this),
                unchanged -> Decision.noChange(this),
                refused -> Decision.noChange(this));
    }
}
