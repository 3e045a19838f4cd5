package org.lnteller.ports.store;

import java.util.Optional;
import org.lnteller.ports.tx.Transaction;

/**
 * A rule that decides the next state of one transaction from its current one. It must be a pure
 * function of its argument: a store may call it more than once for one change (when a conflicting
 * writer forces a retry) and keeps only the last decision.
 */
@FunctionalInterface
public interface TransactionChange<R> {
    /** @param current the stored state, empty when no transaction has the id yet */
    Decision<R> decide(Optional<Transaction> current);
}
