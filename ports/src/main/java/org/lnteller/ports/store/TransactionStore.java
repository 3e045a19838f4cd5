package org.lnteller.ports.store;

import java.util.List;
import java.util.Optional;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.Transaction;

/**
 * Keeps every machine transaction, its bills and notes, and its append-only action log.
 *
 * <p>Threading: implementations are safe for concurrent use from many threads and, for database
 * stores, from many server instances sharing one database.
 *
 * <p>Failures: every method may throw {@link StoreException} when the store cannot be reached;
 * nothing is then written.
 */
public interface TransactionStore {

    /**
     * Applies one change atomically: reads the current state of {@code id}, calls
     * {@code change}, and writes its decision (new state and log entries) in one serializable
     * database transaction. When a concurrent writer conflicts, the store retries a bounded number
     * of times, calling {@code change} again on the fresh state; the caller never sees the
     * conflict, only {@link StoreException} once retries run out.
     *
     * <p>A decision that writes a state whose id differs from {@code id} is a programming error
     * ({@link IllegalArgumentException}). Writing a state for an id with no stored transaction
     * creates it.
     *
     * @return the result of the decision that was committed
     */
    <R> R change(TxId id, TransactionChange<R> change);

    /** The current state, or empty for an unknown id. */
    Optional<Transaction> find(TxId id);

    /**
     * The transaction whose cash-out invoice or cash-in payment has this hash, or empty. A
     * payment hash belongs to at most one transaction.
     */
    Optional<Transaction> findByPaymentHash(PaymentHash paymentHash);

    /**
     * Cash-outs whose invoice is not settled yet (status {@code notSeen}), oldest first (created
     * time, then id), at most {@code limit}: the first page of the monitor's work list.
     */
    default List<CashOutTransaction> unpaidCashOuts(int limit) {
        return unpaidCashOuts(limit, Optional.empty());
    }

    /**
     * The next page of {@link #unpaidCashOuts(int)}: those after {@code after} in the same order,
     * so a monitor can walk every unpaid invoice in bounded batches however many there are.
     */
    List<CashOutTransaction> unpaidCashOuts(int limit, Optional<CashOutTransaction> after);

    /**
     * Cash-ins whose payment is {@link org.lnteller.ports.tx.CashInPayment.InFlight} (started, outcome
     * not known), oldest first, at most {@code limit}: the reconciler's work list.
     */
    List<CashInTransaction> sendsToReconcile(int limit);

    /** A page of transactions, newest first (created time, then id). */
    Page<Transaction> list(TransactionQuery query);

    /** The action log of one transaction, oldest first; empty for an unknown id. */
    List<Action> actions(TxId id);
}
