package org.lnteller.core.tx;

import java.util.List;
import java.util.Objects;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;

/** What the rules decided about one machine post or event. */
public sealed interface PostOutcome {

    /** The post moves the transaction to {@code next}; {@code log} says why. */
    record Applied(Transaction next, List<Action> log) implements PostOutcome {
        public Applied {
            Objects.requireNonNull(next, "next");
            log = List.copyOf(log);
            if (log.isEmpty()) throw new IllegalArgumentException("every change is logged");
        }
    }

    /** An exact repeat of the last applied post (or an event already seen): answer the current state, change nothing. */
    record Unchanged(Transaction current) implements PostOutcome {
        public Unchanged {
            Objects.requireNonNull(current, "current");
        }
    }

    /** Refused; nothing changes. */
    record Refused(Rejection rejection) implements PostOutcome {
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    /** As a store decision whose result is this outcome. */
    default Decision<PostOutcome> toDecision() {
        if (this instanceof Applied applied) return Decision.write(applied.next(), applied.log(), this);
        return Decision.noChange(this);
    }
}
