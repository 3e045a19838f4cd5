package org.lnteller.ports.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.Transaction;

/**
 * A {@link TransactionStore} in memory, faithful to {@link TransactionStoreContract}: for tests of
 * the core and the HTTP adapter, and as the model the database stores are held to.
 *
 * <p>Thread-safe: every method holds this store's monitor, so changes are serial (there is never a
 * conflict to retry, and {@link TransactionChange#decide} is called exactly once per change). A
 * change must therefore not wait for another thread that uses this store.
 */
public final class InMemoryTransactionStore implements TransactionStore {
    private static final Comparator<Transaction> OLDEST_FIRST =
            Comparator.comparing(Transaction::createdAt).thenComparing(t -> t.id().value());
    private static final Comparator<Transaction> NEWEST_FIRST = OLDEST_FIRST.reversed();

    private final Map<TxId, Transaction> rows = new HashMap<>();
    private final Map<TxId, List<Action>> logs = new HashMap<>();
    private final Map<PaymentHash, TxId> byPaymentHash = new HashMap<>();

    @Override
    public synchronized <R> R change(TxId id, TransactionChange<R> change) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(change, "change");
        Optional<Transaction> current = Optional.ofNullable(rows.get(id));
        Decision<R> decision = change.decide(current);
        if (decision.write().isPresent()) {
            Transaction next = decision.write().get();
            if (!next.id().equals(id)) {
                throw new IllegalArgumentException("a change of " + id + " decided to write " + next.id());
            }
            Optional<PaymentHash> hash = paymentHashOf(next);
            if (hash.isPresent()) {
                TxId owner = byPaymentHash.get(hash.get());
                if (owner != null && !owner.equals(id)) {
                    throw new AlreadyExists("payment hash " + hash.get() + " already belongs to transaction " + owner);
                }
            }
            current.flatMap(InMemoryTransactionStore::paymentHashOf).ifPresent(byPaymentHash::remove);
            hash.ifPresent(h -> byPaymentHash.put(h, id));
            rows.put(id, next);
            logs.computeIfAbsent(id, k -> new ArrayList<>()).addAll(decision.log());
        }
        return decision.result();
    }

    @Override
    public synchronized Optional<Transaction> find(TxId id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized Optional<Transaction> findByPaymentHash(PaymentHash paymentHash) {
        return Optional.ofNullable(byPaymentHash.get(paymentHash)).map(rows::get);
    }

    @Override
    public synchronized List<CashOutTransaction> unpaidCashOuts(int limit, Optional<CashOutTransaction> after) {
        requirePositive(limit);
        return rows.values().stream()
                .filter(t -> t instanceof CashOutTransaction c && c.status() == CashOutStatus.NOT_SEEN)
                .filter(t -> after.map(a -> OLDEST_FIRST.compare(t, a) > 0).orElse(true))
                .sorted(OLDEST_FIRST)
                .limit(limit)
                .map(CashOutTransaction.class::cast)
                .toList();
    }

    @Override
    public synchronized List<CashInTransaction> sendsToReconcile(int limit) {
        requirePositive(limit);
        return rows.values().stream()
                .filter(t -> t instanceof CashInTransaction c && c.status() == CashInStatus.AUTHORIZED)
                .sorted(OLDEST_FIRST)
                .limit(limit)
                .map(CashInTransaction.class::cast)
                .toList();
    }

    @Override
    public synchronized Page<Transaction> list(TransactionQuery query) {
        Optional<Transaction> after = query.cursor().map(InMemoryTransactionStore::decodeCursor);
        List<Transaction> matching = rows.values().stream()
                .filter(t -> query.appId().map(t.appId()::equals).orElse(true))
                .filter(t -> query.direction().map(d -> t.direction() == d).orElse(true))
                .filter(t -> query.status().map(t.wireStatus()::equals).orElse(true))
                .filter(t -> after.map(a -> NEWEST_FIRST.compare(t, a) > 0).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(query.limit() + 1L)
                .toList();
        if (matching.size() <= query.limit()) return new Page<>(matching, Optional.empty());
        List<Transaction> page = matching.subList(0, query.limit());
        return new Page<>(page, Optional.of(encodeCursor(page.get(page.size() - 1))));
    }

    @Override
    public synchronized List<Action> actions(TxId id) {
        return List.copyOf(logs.getOrDefault(id, List.of()));
    }

    private static Optional<PaymentHash> paymentHashOf(Transaction t) {
        if (t instanceof CashInTransaction c) return c.paymentHash();
        return Optional.of(((CashOutTransaction) t).paymentHash());
    }

    private static void requirePositive(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }

    // The cursor is the sort key of the last item of a page; a stand-in transaction carries it so
    // that the same comparator decides what comes after it.
    private static String encodeCursor(Transaction last) {
        String key = last.createdAt() + "|" + last.id().value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static Transaction decodeCursor(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = key.indexOf('|');
            Instant createdAt = Instant.parse(key.substring(0, bar));
            TxId id = TxId.of(key.substring(bar + 1));
            return TransactionFixtures.cashIn(id).at(createdAt).build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor of this store: " + cursor);
        }
    }
}
