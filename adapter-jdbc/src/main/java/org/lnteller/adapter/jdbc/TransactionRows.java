package org.lnteller.adapter.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutState;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.tx.TxError;

/**
 * Maps transactions to the {@code transactions} table and its child tables ({@code tx_bills},
 * {@code tx_dispense_lines}, {@code tx_actions}) and back. Every method runs on a handle that is
 * already in a database transaction.
 */
final class TransactionRows {
    private static final List<String> COLUMNS = List.of(
            "id",
            "app_id",
            "direction",
            "crypto_code",
            "tx_version",
            "status",
            "fiat_minor",
            "fiat_code",
            "crypto_atoms_sat",
            "raw_ticker_price",
            "commission_percentage",
            "cash_in_fee_minor",
            "cash_in_fee_code",
            "minimum_tx_minor",
            "minimum_tx_code",
            "to_address",
            "payment_hash",
            "invoice_expires_at",
            "send_requested",
            "send_pending",
            "send_confirmed",
            "fee_sat",
            "preimage",
            "dispense_requested",
            "dispense_confirmed",
            "price_flagged",
            "error_code",
            "error_message",
            "last_post",
            "created_at",
            "updated_at");

    static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM transactions";
    private static final String INSERT = "INSERT INTO transactions (" + String.join(", ", COLUMNS) + ") VALUES ("
            + COLUMNS.stream().map(c -> ":" + c).collect(Collectors.joining(", ")) + ")";
    private static final String UPDATE = "UPDATE transactions SET "
            + COLUMNS.stream()
                    .filter(c -> !c.equals("id"))
                    .map(c -> c + " = :" + c)
                    .collect(Collectors.joining(", "))
            + " WHERE id = :id";

    private TransactionRows() {}

    // --- reading ------------------------------------------------------------------------------

    /** The transaction with its children, locking its row against concurrent writers. */
    static Optional<Transaction> lockAndLoad(Handle handle, TxId id) {
        return handle.createQuery(SELECT + " WHERE id = :id FOR UPDATE")
                .bind("id", id.value())
                .map((rs, ctx) -> read(rs))
                .findOne()
                .map(tx -> withChildren(handle, List.of(tx)).get(0));
    }

    /**
     * Reads transactions with a query over {@link #SELECT}, then their children in at most two
     * queries: bills of the cash-ins, dispense lines of the cash-outs asked to dispense.
     */
    static List<Transaction> withChildren(Handle handle, List<Transaction> heads) {
        List<String> cashIns = heads.stream()
                .filter(t -> t.fold(in -> true, out -> false))
                .map(t -> t.id().value())
                .toList();
        // a cash-out has dispense lines only once it was asked to dispense (its flags say so): the
        // polls of one awaiting payment, the most frequent read, are one query
        List<String> cashOuts = heads.stream()
                .filter(t -> t.fold(in -> false, out -> out.state().askedToDispense()))
                .map(t -> t.id().value())
                .toList();
        Map<String, List<Bill>> bills = cashIns.isEmpty()
                ? Map.of()
                : handle.createQuery(
                                "SELECT tx_id, denomination_minor, currency FROM tx_bills WHERE tx_id IN (<ids>) ORDER BY tx_id, line_no")
                        .bindList("ids", cashIns)
                        .map((rs, ctx) -> Map.entry(
                                rs.getString("tx_id"),
                                new Bill(FiatAmount.ofMinor(
                                        rs.getString("currency"), rs.getLong("denomination_minor")))))
                        .collect(Collectors.groupingBy(
                                Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Map<String, List<DispenseLine>> lines = cashOuts.isEmpty()
                ? Map.of()
                : handle.createQuery(
                                "SELECT tx_id, cassette, denomination_minor, currency, provisioned, dispensed, rejected"
                                        + " FROM tx_dispense_lines WHERE tx_id IN (<ids>) ORDER BY tx_id, line_no")
                        .bindList("ids", cashOuts)
                        .map((rs, ctx) -> Map.entry(
                                rs.getString("tx_id"),
                                new DispenseLine(
                                        rs.getInt("cassette"),
                                        FiatAmount.ofMinor(rs.getString("currency"), rs.getLong("denomination_minor")),
                                        rs.getInt("provisioned"),
                                        Sql.optionalInt(rs, "dispensed"),
                                        Sql.optionalInt(rs, "rejected"))))
                        .collect(Collectors.groupingBy(
                                Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        List<Transaction> whole = new ArrayList<>(heads.size());
        for (Transaction t : heads) {
            whole.add(t.fold(
                    in -> withBills(in, bills.getOrDefault(in.id().value(), List.of())),
                    out -> withNotes(out, lines.getOrDefault(out.id().value(), List.of()))));
        }
        return whole;
    }

    /** One row of {@link #SELECT}, without its bills or dispense lines. */
    static Transaction read(ResultSet rs) throws SQLException {
        TxId id = TxId.of(rs.getString("id"));
        AppId appId = AppId.of(rs.getString("app_id"));
        long txVersion = rs.getLong("tx_version");
        FiatAmount fiat = FiatAmount.ofMinor(rs.getString("fiat_code"), rs.getLong("fiat_minor"));
        Satoshi cryptoAtoms = Satoshi.of(rs.getLong("crypto_atoms_sat"));
        Pricing pricing = new Pricing(
                Sql.optionalString(rs, "raw_ticker_price").map(BigDecimal::new),
                Sql.optionalString(rs, "commission_percentage").map(BigDecimal::new),
                fiat(rs, "cash_in_fee_minor", "cash_in_fee_code"),
                fiat(rs, "minimum_tx_minor", "minimum_tx_code"));
        String status = rs.getString("status");
        String toAddress = rs.getString("to_address");
        Optional<PaymentHash> paymentHash =
                Sql.optionalString(rs, "payment_hash").map(PaymentHash::fromHex);
        Optional<String> errorCode = Sql.optionalString(rs, "error_code");
        Optional<TxError> error = errorCode.isEmpty()
                ? Optional.empty()
                : Optional.of(new TxError(errorCode.get(), rs.getString("error_message")));
        String lastPost = rs.getString("last_post");
        var createdAt = Sql.instant(rs, "created_at");
        var updatedAt = Sql.instant(rs, "updated_at");
        Direction direction = Direction.fromWire(rs.getString("direction"));
        if (direction == Direction.CASH_IN) {
            CashInPayment payment = cashInPayment(
                    id,
                    CashInStatus.fromWire(status),
                    rs.getBoolean("send_requested"),
                    paymentHash,
                    Sql.optionalLong(rs, "fee_sat").map(Satoshi::of),
                    Sql.optionalString(rs, "preimage").map(Preimage::fromHex),
                    error);
            return new CashInTransaction(
                    id,
                    appId,
                    txVersion,
                    fiat,
                    cryptoAtoms,
                    pricing,
                    toAddress,
                    List.of(),
                    payment,
                    createdAt,
                    updatedAt,
                    lastPost);
        }
        CashOutTransaction.Invoice invoice = new CashOutTransaction.Invoice(
                toAddress,
                paymentHash.orElseThrow(() -> new SQLException("cash-out " + id + " has no payment hash")),
                Sql.instant(rs, "invoice_expires_at"));
        CashOutState state = cashOutState(
                id,
                CashOutStatus.fromWire(status),
                rs.getBoolean("dispense_requested"),
                rs.getBoolean("dispense_confirmed"));
        return new CashOutTransaction(
                id,
                appId,
                txVersion,
                fiat,
                cryptoAtoms,
                pricing,
                invoice,
                state,
                rs.getBoolean("price_flagged"),
                error,
                createdAt,
                updatedAt,
                lastPost);
    }

    /**
     * The payment's stage from the columns Lamassu's flags live in: the status names the stage,
     * {@code send_requested} tells a pending cash-in whose send was asked from one still
     * collecting (and a cancelled one cancelled after the ask), the other columns give the stage
     * its data. A row that lacks the data of its stage was not written by this server.
     */
    private static CashInPayment cashInPayment(
            TxId id,
            CashInStatus status,
            boolean sendRequested,
            Optional<PaymentHash> hash,
            Optional<Satoshi> fee,
            Optional<Preimage> preimage,
            Optional<TxError> error)
            throws SQLException {
        return switch (status) {
            case PENDING -> sendRequested ? new CashInPayment.SendRequested() : new CashInPayment.Collecting();
            case AUTHORIZED -> new CashInPayment.InFlight(required(hash, id, "payment_hash"));
            case CONFIRMED ->
                new CashInPayment.Paid(required(hash, id, "payment_hash"), preimage, required(fee, id, "fee_sat"));
            case FAILED -> new CashInPayment.Failed(hash, required(error, id, "error_code"));
            case REFUNDED -> new CashInPayment.Refunded(hash, required(error, id, "error_code"));
            case CANCELLED -> new CashInPayment.Cancelled(sendRequested);
        };
    }

    /**
     * A cash-out's stage from its status and Lamassu's two dispense flags, without its dispense
     * lines: those are read next, and {@link #withNotes} gives them to the stage that keeps them.
     */
    private static CashOutState cashOutState(TxId id, CashOutStatus status, boolean dispense, boolean dispenseConfirmed)
            throws SQLException {
        if ((dispense || dispenseConfirmed) && status != CashOutStatus.CONFIRMED) {
            throw new SQLException("cash-out " + id + " dispenses while " + status.wire());
        }
        return switch (status) {
            case NOT_SEEN -> new CashOutState.AwaitingPayment();
            case EXPIRED -> new CashOutState.Expired();
            case CONFIRMED ->
                dispenseConfirmed
                        ? new CashOutState.Dispensed(List.of())
                        : dispense ? new CashOutState.DispenseRequested() : new CashOutState.Paid();
        };
    }

    /** Lamassu's two dispense flags as stored: {@code dispense_requested}, {@code dispense_confirmed}. */
    private static final CashOutState.Cases<boolean[]> DISPENSE_FLAGS = CashOutState.Cases.of(
            c -> new boolean[] {false, false},
            c -> new boolean[] {false, false},
            c -> new boolean[] {false, false},
            c -> new boolean[] {true, false},
            c -> new boolean[] {true, false},
            c -> new boolean[] {true, true});

    private static <T> T required(Optional<T> value, TxId id, String column) throws SQLException {
        if (value.isEmpty()) throw new SQLException("cash-in " + id + " lacks " + column + " for its status");
        return value.get();
    }

    /** Lamassu's three send flags as stored: {@code send_requested}, {@code send_pending}, {@code send_confirmed}. */
    private static final CashInPayment.Cases<boolean[]> SEND_FLAGS = CashInPayment.Cases.of(
            c -> new boolean[] {false, false, false},
            c -> new boolean[] {true, false, false},
            c -> new boolean[] {true, true, false},
            c -> new boolean[] {true, true, true},
            c -> new boolean[] {true, false, false},
            c -> new boolean[] {true, false, false},
            c -> new boolean[] {c.afterSendRequest(), false, false});

    static List<Action> actions(Handle handle, TxId id) {
        return handle.createQuery(
                        "SELECT occurred_at, actor, kind, detail FROM tx_actions WHERE tx_id = :id ORDER BY seq")
                .bind("id", id.value())
                .map((rs, ctx) -> new Action(
                        Sql.instant(rs, "occurred_at"),
                        Actor.valueOf(rs.getString("actor")),
                        rs.getString("kind"),
                        rs.getString("detail")))
                .list();
    }

    // --- writing ------------------------------------------------------------------------------

    /**
     * Writes {@code next} over {@code current} (inserting when there is none), touching the child
     * rows only where they changed: bills stacked one by one are appended, anything else replaces.
     */
    static void write(Handle handle, Optional<Transaction> current, Transaction next) {
        bindRow(handle.createUpdate(current.isPresent() ? UPDATE : INSERT), next)
                .execute();
        String id = next.id().value();
        replaceChildren(
                handle,
                "tx_bills",
                id,
                current.map(TransactionRows::bills).orElse(List.of()),
                bills(next),
                "INSERT INTO tx_bills (tx_id, line_no, denomination_minor, currency)"
                        + " VALUES (:tx_id, :line_no, :denomination_minor, :currency)",
                (batch, bill) -> batch.bind(
                                "denomination_minor", bill.denomination().minor())
                        .bind("currency", bill.denomination().currency().getCurrencyCode()));
        List<DispenseLine> storedLines = current.map(TransactionRows::notes).orElse(List.of());
        List<DispenseLine> wantedLines = notes(next);
        if (sameCassettes(storedLines, wantedLines)) {
            updateCounts(handle, id, storedLines, wantedLines);
            return;
        }
        replaceChildren(
                handle,
                "tx_dispense_lines",
                id,
                storedLines,
                wantedLines,
                "INSERT INTO tx_dispense_lines (tx_id, line_no, cassette, denomination_minor, currency, provisioned,"
                        + " dispensed, rejected) VALUES (:tx_id, :line_no, :cassette, :denomination_minor, :currency,"
                        + " :provisioned, :dispensed, :rejected)",
                (batch, line) -> batch.bind("cassette", line.cassette())
                        .bind("denomination_minor", line.denomination().minor())
                        .bind("currency", line.denomination().currency().getCurrencyCode())
                        .bind("provisioned", line.provisioned())
                        .bind("dispensed", Sql.nullable(line.dispensed()))
                        .bind("rejected", Sql.nullable(line.rejected())));
    }

    /** Whether two lists of lines are of the same cassettes and notes, line by line (their counts may differ). */
    private static boolean sameCassettes(List<DispenseLine> stored, List<DispenseLine> wanted) {
        if (stored.isEmpty() || stored.size() != wanted.size()) return false;
        for (int i = 0; i < stored.size(); i++) {
            DispenseLine a = stored.get(i);
            DispenseLine b = wanted.get(i);
            if (a.cassette() != b.cassette()
                    || !a.denomination().equals(b.denomination())
                    || a.provisioned() != b.provisioned()) return false;
        }
        return true;
    }

    /**
     * The machine's counts written into the provisioned lines, as one batch of the lines that
     * changed: the report of a dispense, which used to delete and insert every line.
     */
    private static void updateCounts(Handle handle, String txId, List<DispenseLine> stored, List<DispenseLine> wanted) {
        PreparedBatch batch = null;
        for (int i = 0; i < wanted.size(); i++) {
            DispenseLine line = wanted.get(i);
            if (line.equals(stored.get(i))) continue;
            if (batch == null)
                batch = handle.prepareBatch("UPDATE tx_dispense_lines SET dispensed = :dispensed, rejected = :rejected"
                        + " WHERE tx_id = :tx_id AND line_no = :line_no");
            batch.bind("dispensed", Sql.nullable(line.dispensed()))
                    .bind("rejected", Sql.nullable(line.rejected()))
                    .bind("tx_id", txId)
                    .bind("line_no", i)
                    .add();
        }
        if (batch != null) batch.execute();
    }

    static void appendLog(Handle handle, TxId id, Collection<Action> entries) {
        if (entries.isEmpty()) return;
        PreparedBatch batch = handle.prepareBatch(
                "INSERT INTO tx_actions (tx_id, occurred_at, actor, kind, detail) VALUES (:tx_id, :at, :actor, :kind, :detail)");
        for (Action a : entries) {
            batch.bind("tx_id", id.value())
                    .bind("at", Sql.timestamp(a.at()))
                    .bind("actor", a.actor().name())
                    .bind("kind", a.kind())
                    .bind("detail", a.detail())
                    .add();
        }
        batch.execute();
    }

    private interface ChildBinder<T> {
        void bind(PreparedBatch batch, T child);
    }

    private static <T> void replaceChildren(
            Handle handle,
            String table,
            String txId,
            List<T> stored,
            List<T> wanted,
            String insert,
            ChildBinder<T> binder) {
        if (stored.equals(wanted)) return;
        int keep = 0;
        if (wanted.size() > stored.size() && wanted.subList(0, stored.size()).equals(stored)) {
            keep = stored.size();
        } else if (!stored.isEmpty()) {
            handle.createUpdate("DELETE FROM " + table + " WHERE tx_id = :tx_id")
                    .bind("tx_id", txId)
                    .execute();
        }
        if (keep == wanted.size()) return;
        PreparedBatch batch = handle.prepareBatch(insert);
        for (int i = keep; i < wanted.size(); i++) {
            batch.bind("tx_id", txId).bind("line_no", i);
            binder.bind(batch, wanted.get(i));
            batch.add();
        }
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bindRow(S st, Transaction t) {
        Pricing p = t.pricing();
        st.bind("id", t.id().value())
                .bind("app_id", t.appId().value())
                .bind("direction", t.direction().wire())
                .bind("crypto_code", t.cryptoCode())
                .bind("tx_version", t.txVersion())
                .bind("status", t.wireStatus())
                .bind("fiat_minor", t.fiat().minor())
                .bind("fiat_code", t.fiat().currency().getCurrencyCode())
                .bind("crypto_atoms_sat", t.cryptoAtoms().sat())
                .bind(
                        "raw_ticker_price",
                        p.rawTickerPrice().map(BigDecimal::toString).orElse(null))
                .bind(
                        "commission_percentage",
                        p.commissionPercentage().map(BigDecimal::toString).orElse(null))
                .bind("cash_in_fee_minor", p.cashInFee().map(FiatAmount::minor).orElse(null))
                .bind(
                        "cash_in_fee_code",
                        p.cashInFee().map(f -> f.currency().getCurrencyCode()).orElse(null))
                .bind("minimum_tx_minor", p.minimumTx().map(FiatAmount::minor).orElse(null))
                .bind(
                        "minimum_tx_code",
                        p.minimumTx().map(f -> f.currency().getCurrencyCode()).orElse(null))
                .bind("error_code", t.error().map(TxError::code).orElse(null))
                .bind("error_message", t.error().map(TxError::message).orElse(null))
                .bind("last_post", t.lastPost())
                .bind("created_at", Sql.timestamp(t.createdAt()))
                .bind("updated_at", Sql.timestamp(t.updatedAt()));
        return t.fold(in -> cashInColumns(st, in), out -> cashOutColumns(st, out));
    }

    private static <S extends SqlStatement<S>> S cashInColumns(S st, CashInTransaction in) {
        boolean[] flags = in.payment().fold(SEND_FLAGS);
        Optional<CashInPayment.Paid> paid = in.payment()
                .fold(CashInPayment.Cases.of(
                        c -> Optional.empty(),
                        c -> Optional.empty(),
                        c -> Optional.empty(),
                        Optional::of,
                        c -> Optional.empty(),
                        c -> Optional.empty(),
                        c -> Optional.empty()));
        return st.bind("to_address", in.toAddress())
                .bind("payment_hash", in.paymentHash().map(PaymentHash::hex).orElse(null))
                .bind("invoice_expires_at", Sql.timestamp(Optional.empty()))
                .bind("send_requested", flags[0])
                .bind("send_pending", flags[1])
                .bind("send_confirmed", flags[2])
                .bind("fee_sat", paid.map(settled -> settled.fee().sat()).orElse(null))
                .bind(
                        "preimage",
                        paid.flatMap(CashInPayment.Paid::preimage)
                                .map(Preimage::hex)
                                .orElse(null))
                .bind("dispense_requested", false)
                .bind("dispense_confirmed", false)
                .bind("price_flagged", false);
    }

    private static <S extends SqlStatement<S>> S cashOutColumns(S st, CashOutTransaction out) {
        return st.bind("to_address", out.invoice().bolt11())
                .bind("payment_hash", out.paymentHash().hex())
                .bind("invoice_expires_at", Sql.timestamp(out.invoice().expiresAt()))
                .bind("send_requested", false)
                .bind("send_pending", false)
                .bind("send_confirmed", false)
                .bind("fee_sat", (Long) null)
                .bind("preimage", (String) null)
                .bind("dispense_requested", out.state().fold(DISPENSE_FLAGS)[0])
                .bind("dispense_confirmed", out.state().fold(DISPENSE_FLAGS)[1])
                .bind("price_flagged", out.priceFlagged());
    }

    private static Optional<FiatAmount> fiat(ResultSet rs, String minorColumn, String codeColumn) throws SQLException {
        Optional<Long> minor = Sql.optionalLong(rs, minorColumn);
        if (minor.isEmpty()) return Optional.empty();
        return Optional.of(FiatAmount.ofMinor(rs.getString(codeColumn), minor.get()));
    }

    private static List<Bill> bills(Transaction t) {
        return t.fold(CashInTransaction::bills, out -> List.of());
    }

    private static List<DispenseLine> notes(Transaction t) {
        return t.fold(in -> List.of(), CashOutTransaction::notes);
    }

    private static CashInTransaction withBills(CashInTransaction t, List<Bill> bills) {
        return new CashInTransaction(
                t.id(),
                t.appId(),
                t.txVersion(),
                t.fiat(),
                t.cryptoAtoms(),
                t.pricing(),
                t.toAddress(),
                bills,
                t.payment(),
                t.createdAt(),
                t.updatedAt(),
                t.lastPost());
    }

    /** The stage read from the flags, given its dispense lines: provisioned ones, or the counts reported. */
    private static CashOutTransaction withNotes(CashOutTransaction t, List<DispenseLine> notes) {
        if (notes.isEmpty()) return t;
        CashOutState state = t.state()
                .fold(CashOutState.Cases.<CashOutState>of(
                        a -> a,
                        e -> e,
                        p -> p,
                        requested -> requested.provision(notes),
                        d -> new CashOutState.Dispensing(notes),
                        d -> new CashOutState.Dispensed(notes)));
        return t.withState(state, t.updatedAt());
    }
}
