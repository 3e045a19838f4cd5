package org.lnteller.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.store.PurchaseStore;

/**
 * {@link PurchaseStore} on the {@code purchases} table. Each status move is one conditional
 * UPDATE in a SERIALIZABLE transaction: of racing movers one updates the row, the others either
 * wait for it and find the status moved, or fail to serialize and, retried, find the same.
 */
final class JdbcPurchaseStore implements PurchaseStore {
    private static final String SELECT = "SELECT payment_hash, kind, name, pubkey, app_id, invoice, amount_sat,"
            + " claim_token_hash, status, created_at, expires_at, paid_at FROM purchases";

    private final Database db;

    JdbcPurchaseStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Purchase p) {
        Objects.requireNonNull(p, "purchase");
        db.write(
                "create purchase " + p.paymentHash(),
                handle -> handle.createUpdate(
                                "INSERT INTO purchases (payment_hash, kind, name, pubkey, app_id, invoice, amount_sat,"
                                        + " claim_token_hash, status, created_at, expires_at, paid_at) VALUES (:payment_hash, :kind,"
                                        + " :name, :pubkey, :app_id, :invoice, :amount_sat, :claim_token_hash, :status, :created_at,"
                                        + " :expires_at, :paid_at)")
                        .bind("payment_hash", p.paymentHash().hex())
                        .bind("kind", p.kind().name())
                        .bind("name", p.name())
                        .bind("pubkey", p.pubkey().orElse(null))
                        .bind("app_id", p.appId().map(AppId::value).orElse(null))
                        .bind("invoice", p.invoice())
                        .bind("amount_sat", p.amount().sat())
                        .bind("claim_token_hash", p.claimTokenHash())
                        .bind("status", p.status().name())
                        .bind("created_at", Sql.timestamp(p.createdAt()))
                        .bind("expires_at", Sql.timestamp(p.expiresAt()))
                        .bind("paid_at", Sql.timestamp(p.paidAt()))
                        .execute());
    }

    @Override
    public Optional<Purchase> find(PaymentHash paymentHash) {
        return db.read(
                "find purchase " + paymentHash,
                handle -> handle.createQuery(SELECT + " WHERE payment_hash = :hash")
                        .bind("hash", paymentHash.hex())
                        .map((rs, ctx) -> read(rs))
                        .findOne());
    }

    @Override
    public List<Purchase> pending(int limit) {
        requirePositive(limit);
        return db.read(
                "list pending purchases",
                handle -> handle.createQuery(
                                SELECT + " WHERE status = :status ORDER BY created_at, payment_hash LIMIT :limit")
                        .bind("status", PurchaseStatus.PENDING.name())
                        .bind("limit", limit)
                        .map((rs, ctx) -> read(rs))
                        .list());
    }

    @Override
    public long countPending() {
        return db.read(
                "count pending purchases",
                handle -> handle.createQuery("SELECT COUNT(*) FROM purchases WHERE status = :status")
                        .bind("status", PurchaseStatus.PENDING.name())
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public List<Purchase> list(Optional<PurchaseStatus> status, int limit) {
        Objects.requireNonNull(status, "status");
        requirePositive(limit);
        String sql = SELECT + (status.isPresent() ? " WHERE status = :status" : "")
                + " ORDER BY created_at DESC, payment_hash DESC LIMIT :limit";
        return db.read("list purchases", handle -> {
            Query q = handle.createQuery(sql).bind("limit", limit);
            status.ifPresent(s -> q.bind("status", s.name()));
            return q.map((rs, ctx) -> read(rs)).list();
        });
    }

    @Override
    public boolean markPaid(PaymentHash paymentHash, AppId appId, Instant paidAt) {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(paidAt, "paidAt");
        return db.write(
                "mark purchase " + paymentHash + " paid",
                handle ->
                        handle.createUpdate("UPDATE purchases SET status = :paid, app_id = :app_id, paid_at = :paid_at"
                                                + " WHERE payment_hash = :hash AND status = :pending")
                                        .bind("paid", PurchaseStatus.PAID.name())
                                        .bind("app_id", appId.value())
                                        .bind("paid_at", Sql.timestamp(paidAt))
                                        .bind("hash", paymentHash.hex())
                                        .bind("pending", PurchaseStatus.PENDING.name())
                                        .execute()
                                == 1);
    }

    @Override
    public boolean markClaimed(PaymentHash paymentHash) {
        return move(paymentHash, PurchaseStatus.PAID, PurchaseStatus.CLAIMED);
    }

    @Override
    public boolean markExpired(PaymentHash paymentHash) {
        return move(paymentHash, PurchaseStatus.PENDING, PurchaseStatus.EXPIRED);
    }

    private boolean move(PaymentHash paymentHash, PurchaseStatus from, PurchaseStatus to) {
        return db.write(
                "mark purchase " + paymentHash + " " + to,
                handle -> handle.createUpdate(
                                        "UPDATE purchases SET status = :to WHERE payment_hash = :hash AND status = :from")
                                .bind("to", to.name())
                                .bind("hash", paymentHash.hex())
                                .bind("from", from.name())
                                .execute()
                        == 1);
    }

    private static Purchase read(ResultSet rs) throws SQLException {
        return new Purchase(
                PaymentHash.fromHex(rs.getString("payment_hash")),
                Purchase.Kind.valueOf(rs.getString("kind")),
                rs.getString("name"),
                Sql.optionalString(rs, "pubkey"),
                Sql.optionalString(rs, "app_id").map(AppId::of),
                rs.getString("invoice"),
                Satoshi.of(rs.getLong("amount_sat")),
                rs.getString("claim_token_hash"),
                PurchaseStatus.valueOf(rs.getString("status")),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "expires_at"),
                Sql.optionalInstant(rs, "paid_at"));
    }

    private static void requirePositive(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
}
