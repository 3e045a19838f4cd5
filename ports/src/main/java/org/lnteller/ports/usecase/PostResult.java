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

    record Refused(Rejection rejection) implements PostResult {
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
