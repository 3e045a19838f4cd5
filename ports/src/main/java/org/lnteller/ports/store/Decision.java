package org.lnteller.ports.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Transaction;

/**
 * What a {@link TransactionChange} decided: the state to write (if any), the entries to append to
 * the action log, and the result handed back to the caller. A decision that writes nothing
 * appends nothing.
 */
public record Decision<R>(Optional<Transaction> write, List<Action> log, R result) {
    public Decision {
        Objects.requireNonNull(write, "write");
        log = List.copyOf(log);
        if (write.isEmpty() && !log.isEmpty()) throw new IllegalArgumentException("a log entry needs a write");
        if (write.isPresent() && log.isEmpty()) throw new IllegalArgumentException("every write is logged");
    }

    public static <R> Decision<R> write(Transaction next, Action action, R result) {
        return new Decision<>(Optional.of(next), List.of(action), result);
    }

    public static <R> Decision<R> write(Transaction next, List<Action> actions, R result) {
        return new Decision<>(Optional.of(next), actions, result);
    }

    public static <R> Decision<R> noChange(R result) {
        return new Decision<>(Optional.empty(), List.of(), result);
    }
}
