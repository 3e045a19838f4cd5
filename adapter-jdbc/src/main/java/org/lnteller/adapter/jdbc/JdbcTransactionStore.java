package org.lnteller.adapter.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionChange;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.Transaction;

/**
 * {@link TransactionStore} on the {@code transactions} table and its children. A change reads
 * the row {@code FOR UPDATE}, decides, and writes row, children and log entries in one
 * SERIALIZABLE transaction; conflicts are retried by {@link Database}.
 */
final class JdbcTransactionStore implements TransactionStore {
    private final Database db;

    JdbcTransactionStore(Database db) {
        this.db = db;
    }

    @Override
    public <R> R change(TxId id, TransactionChange<R> change) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(change, "change");
        InsertRace race = new InsertRace();
        return db.write(
                "change transaction " + id,
                handle -> {
                    race.inserting = false;
                    Optional<Transaction> current = TransactionRows.lockAndLoad(handle, id);
                    Decision<R> decision = change.decide(current);
                    if (decision.write().isEmpty()) return decision.result();
                    Transaction next = decision.write().get();
                    if (!next.id().equals(id)) {
                        throw new IllegalArgumentException("a change of " + id + " decided to write " + next.id());
                    }
                    race.inserting = current.isEmpty();
                    TransactionRows.write(handle, current, next);
                    TransactionRows.appendLog(handle, id, decision.log());
                    return decision.result();
                },
                race::lostTo);
    }

    /**
     * Two writers that both found no row both insert it; the loser's insert fails on the primary
     * key, which PostgreSQL reports as a serialization failure but H2 may report as a duplicate
     * key. One such failure is retried: the retry sees the winner's row and decides on it. A second
     * one means the row still is not there, so the key that collided is another (a payment hash).
     */
    private static final class InsertRace {
        boolean inserting;
        boolean retried;

        boolean lostTo(Throwable failure) {
            if (!inserting || retried || !SqlErrors.isUniqueViolation(failure)) return false;
            retried = true;
            return true;
        }
    }

    @Override
    public Optional<Transaction> find(TxId id) {
        return db.read("find transaction " + id, handle -> {
            List<Transaction> heads = handle.createQuery(TransactionRows.SELECT + " WHERE id = :id")
                    .bind("id", id.value())
                    .map((rs, ctx) -> TransactionRows.read(rs))
                    .list();
            return TransactionRows.withChildren(handle, heads).stream().findFirst();
        });
    }

    @Override
    public Optional<Transaction> findByPaymentHash(PaymentHash paymentHash) {
        return db.read("find transaction by payment hash", handle -> {
            List<Transaction> heads = handle.createQuery(TransactionRows.SELECT + " WHERE payment_hash = :hash")
                    .bind("hash", paymentHash.hex())
                    .map((rs, ctx) -> TransactionRows.read(rs))
                    .list();
            return TransactionRows.withChildren(handle, heads).stream().findFirst();
        });
    }

    @Override
    public List<CashOutTransaction> unpaidCashOuts(int limit, Optional<CashOutTransaction> after) {
        requirePositive(limit);
        String page =
                after.isPresent() ? " AND (created_at > :after_at OR (created_at = :after_at AND id > :after_id))" : "";
        return db
                .read("list unpaid cash-outs", handle -> {
                    var query = handle.createQuery(
                                    TransactionRows.SELECT + " WHERE direction = 'cashOut' AND status = :status" + page
                                            + " ORDER BY created_at, id LIMIT :limit")
                            .bind("status", CashOutStatus.NOT_SEEN.wire())
                            .bind("limit", limit);
                    after.ifPresent(a ->
                            query.bind("after_at", Sql.timestamp(a.createdAt())).bind("after_id", a.id().value()));
                    return TransactionRows.withChildren(
                            handle,
                            query.map((rs, ctx) -> TransactionRows.read(rs)).list());
                })
                .stream()
                .map(CashOutTransaction.class::cast)
                .toList();
    }

    @Override
    public List<CashInTransaction> sendsToReconcile(int limit) {
        requirePositive(limit);
        return db
                .read(
                        "list sends to reconcile",
                        handle -> TransactionRows.withChildren(
                                handle,
                                handle.createQuery(TransactionRows.SELECT
                                                + " WHERE direction = 'cashIn' AND send_pending = TRUE"
                                                + " AND send_confirmed = FALSE ORDER BY created_at, id LIMIT :limit")
                                        .bind("limit", limit)
                                        .map((rs, ctx) -> TransactionRows.read(rs))
                                        .list()))
                .stream()
                .map(CashInTransaction.class::cast)
                .toList();
    }

    @Override
    public Page<Transaction> list(TransactionQuery query) {
        Optional<PageCursor> after = query.cursor().map(PageCursor::decode);
        List<String> where = new ArrayList<>();
        query.appId().ifPresent(a -> where.add("app_id = :app_id"));
        query.direction().ifPresent(d -> where.add("direction = :direction"));
        query.status().ifPresent(s -> where.add("status = :status"));
        after.ifPresent(c -> where.add("(created_at < :after_at OR (created_at = :after_at AND id < :after_id))"));
        String sql = TransactionRows.SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY created_at DESC, id DESC LIMIT :limit";
        List<Transaction> rows = db.read("list transactions", handle -> {
            Query q = handle.createQuery(sql).bind("limit", query.limit() + 1);
            query.appId().ifPresent(a -> q.bind("app_id", a.value()));
            query.direction().ifPresent(d -> q.bind("direction", d.wire()));
            query.status().ifPresent(s -> q.bind("status", s));
            after.ifPresent(
                    c -> q.bind("after_at", Sql.timestamp(c.createdAt())).bind("after_id", c.id().value()));
            return TransactionRows.withChildren(
                    handle, q.map((rs, ctx) -> TransactionRows.read(rs)).list());
        });
        if (rows.size() <= query.limit()) return new Page<>(rows, Optional.empty());
        List<Transaction> page = rows.subList(0, query.limit());
        Transaction last = page.get(page.size() - 1);
        return new Page<>(page, Optional.of(new PageCursor(last.createdAt(), last.id()).encode()));
    }

    @Override
    public List<Action> actions(TxId id) {
        return db.read("read the action log of " + id, handle -> TransactionRows.actions(handle, id));
    }

    private static void requirePositive(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
}
