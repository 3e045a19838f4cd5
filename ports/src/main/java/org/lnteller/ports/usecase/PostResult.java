package org.lnteller.ports.usecase;

import java.util.Objects;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;

/** The answer to a machine post: the transaction as it now stands, or a refusal. */
public sealed interface PostResult {
    /** Applied, or an exact repeat answered with the current state. */
    record Accepted(Transaction transaction) implements PostResult {
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
        public InFlight {
            Objects.requireNonNull(transaction, "transaction");
        }
    }

    record Refused(Rejection rejection) implements PostResult {
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
