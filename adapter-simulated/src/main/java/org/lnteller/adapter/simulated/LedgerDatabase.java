package org.lnteller.adapter.simulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Update;
import org.lnteller.adapter.simulated.Ledger.Change;
import org.lnteller.adapter.simulated.Ledger.IssuedInvoice;
import org.lnteller.adapter.simulated.Ledger.OutgoingPayment;
import org.lnteller.codec.Network;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated wallet's ledger on disk: a database of its own, an embedded H2 file in the wallet's
 * folder ({@value #FILE_NAME}{@code .mv.db}), never the server's database, so that the wallet stays
 * as independent of the server's transactions as a real wallet is. Its schema is migrated by Flyway
 * from {@code db/simulated}, with its own history table.
 *
 * <p>Each {@link Change} is one database transaction: committed (and, with {@code WRITE_DELAY=0},
 * in the file) when {@link #record} returns, or not at all. The file is created owner-only before
 * H2 opens it: it holds preimages.
 *
 * <p>Threading: one writer at a time (the wallet's lock); the connection is this object's alone.
 */
final class LedgerDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LedgerDatabase.class);

    /** The database's name in the wallet's folder; H2 adds {@code .mv.db}. */
    static final String FILE_NAME = "simulated-wallet";
    /**
     * {@code WRITE_DELAY=0}: every commit reaches the file before it returns (H2 would otherwise
     * write up to 500 ms later, and a killed server would forget payments it answered for).
     * {@code DB_CLOSE_ON_EXIT=FALSE}: the server closes the wallet itself, after the requests that
     * use it. {@code TRACE_LEVEL_FILE=4}: H2's errors go to the log, not to a {@code .trace.db} file.
     */
    private static final String SETTINGS = ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=4";

    private final Path file;
    private final Handle handle;

    private LedgerDatabase(Path file, Handle handle) {
        this.file = file;
        this.handle = handle;
    }

    /** The ledger as of the last change, and the database to record the next one in. */
    record Opened(Ledger ledger, LedgerDatabase database) {}

    /** The JDBC URL of the wallet's database in {@code dataDir}. */
    static String urlOf(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(FILE_NAME) + SETTINGS;
    }

    /** The file H2 keeps the database in. */
    static Path fileOf(Path dataDir) {
        return dataDir.resolve(FILE_NAME + ".mv.db");
    }

    /**
     * Opens (creating and migrating when needed) the database in {@code dataDir} and reads the
     * whole ledger. A new database starts with {@code startingBalance}; an existing one keeps its own.
     *
     * @throws UncheckedIOException  when the file cannot be created
     * @throws IllegalStateException when the file is not a database of this wallet, or holds a
     *                               ledger of a network other than {@code network}
     */
    static Opened open(Path dataDir, Network network, MilliSatoshi startingBalance) {
        Path file = fileOf(dataDir);
        try {
            OwnerOnlyFiles.createOwnerOnly(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the simulated wallet's database " + file, e);
        }
        String url = urlOf(dataDir);
        Handle handle;
        try {
            Flyway.configure()
                    .dataSource(url, "", "")
                    .locations("classpath:db/simulated")
                    .table("simulated_schema_history")
                    .load()
                    .migrate();
            handle = Jdbi.create(url, "", "").open();
        } catch (FlywayException | JdbiException e) {
            throw new IllegalStateException(
                    "cannot open the simulated wallet's database " + file + ": " + e.getMessage(), e);
        }
        try {
            Ledger ledger = load(handle, file, network, startingBalance);
            return new Opened(ledger, new LedgerDatabase(file, handle));
        } catch (RuntimeException e) {
            handle.close();
            if (e instanceof IllegalStateException) throw e;
            throw new IllegalStateException(
                    "cannot read the simulated wallet's database " + file + ": " + e.getMessage(), e);
        }
    }

    private static Ledger load(Handle handle, Path file, Network network, MilliSatoshi startingBalance) {
        Optional<Map<String, Object>> wallet = handle.createQuery(
                        "SELECT network, balance_msat FROM wallet WHERE id = 1")
                .mapToMap()
                .findOne();
        if (wallet.isEmpty()) {
            handle.createUpdate("INSERT INTO wallet (id, network, balance_msat) VALUES (1, :network, :balance)")
                    .bind("network", network.name())
                    .bind("balance", startingBalance.msat())
                    .execute();
            log.info("Created the simulated wallet's database {}", file);
            return new Ledger(network, startingBalance, Map.of(), Map.of());
        }
        Network stored =
                Network.valueOf((String) Objects.requireNonNull(wallet.get().get("network"), "network"));
        if (stored != network) {
            throw new IllegalStateException(
                    "the simulated wallet in " + file.toAbsolutePath().getParent() + " is on " + name(stored) + ", not "
                            + name(network) + ": its invoices are for that network; use another data folder");
        }
        MilliSatoshi balance = MilliSatoshi.of(
                ((Number) Objects.requireNonNull(wallet.get().get("balance_msat"), "balance_msat")).longValue());
        Map<PaymentHash, IssuedInvoice> invoices = new HashMap<>();
        handle.createQuery("SELECT payment_hash, bolt11, amount_msat, expires_at, preimage, paid_at FROM invoice")
                .map((rs, ctx) -> new IssuedInvoice(
                        PaymentHash.fromHex(rs.getString("payment_hash")),
                        rs.getString("bolt11"),
                        MilliSatoshi.of(rs.getLong("amount_msat")),
                        instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        Preimage.fromHex(rs.getString("preimage")),
                        Optional.ofNullable(rs.getObject("paid_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant)))
                .forEach(i -> invoices.put(i.paymentHash(), i));
        Map<PaymentHash, OutgoingPayment> payments = new HashMap<>();
        handle.createQuery(
                        "SELECT payment_hash, outcome, amount_msat, fee_msat, preimage, reason, message, at FROM payment")
                .map((rs, ctx) -> {
                    PaymentHash hash = PaymentHash.fromHex(rs.getString("payment_hash"));
                    Instant at = instant(rs.getObject("at", OffsetDateTime.class));
                    OutgoingPayment payment = "SETTLED".equals(rs.getString("outcome"))
                            ? new OutgoingPayment.Settled(
                                    MilliSatoshi.of(rs.getLong("amount_msat")),
                                    MilliSatoshi.of(rs.getLong("fee_msat")),
                                    Optional.ofNullable(rs.getString("preimage"))
                                            .map(Preimage::fromHex),
                                    at)
                            : new OutgoingPayment.Refused(
                                    PaymentFailure.valueOf(rs.getString("reason")), rs.getString("message"), at);
                    return Map.entry(hash, payment);
                })
                .forEach(e -> payments.put(e.getKey(), e.getValue()));
        return new Ledger(network, balance, invoices, payments);
    }

    /**
     * Writes {@code change} in one transaction: all of it, or (when this throws) none of it.
     *
     * @throws UncheckedIOException when the database could not write it
     */
    void record(Change change) {
        try {
            handle.useTransaction(h -> write(h, change));
        } catch (JdbiException e) {
            throw new UncheckedIOException(new IOException(
                    "the simulated wallet's database " + file + " did not take the change: " + e.getMessage(), e));
        }
    }

    /** Writes one change: the statements of its kind, in the caller's transaction. */
    private static void write(Handle h, Change change) {
        change.<Consumer<Handle>>fold(
                        issued -> handle -> writeIssued(handle, issued),
                        paid -> handle -> writePaid(handle, paid),
                        settled -> handle -> writeSettled(handle, settled),
                        refused -> handle -> writeRefused(handle, refused))
                .accept(h);
    }

    private static void writeIssued(Handle h, Change.InvoiceIssued issued) {
        PaymentHash hash = issued.paymentHash();
        IssuedInvoice i = issued.invoice();
        h.createUpdate("INSERT INTO invoice (payment_hash, bolt11, amount_msat, expires_at, preimage) "
                        + "VALUES (:hash, :bolt11, :amount, :expiresAt, :preimage)")
                .bind("hash", hash.hex())
                .bind("bolt11", i.bolt11())
                .bind("amount", i.amount().msat())
                .bind("expiresAt", utc(i.expiresAt()))
                .bind("preimage", i.preimage().hex())
                .execute();
    }

    private static void writePaid(Handle h, Change.InvoicePaid paid) {
        PaymentHash hash = paid.paymentHash();
        markPaid(h, hash, paid.at());
        setBalance(h, paid.balanceAfter());
    }

    private static void writeSettled(Handle h, Change.PaymentSettled settled) {
        PaymentHash hash = settled.paymentHash();
        OutgoingPayment.Settled p = settled.payment();
        Update merge = h.createUpdate(
                "MERGE INTO payment (payment_hash, outcome, amount_msat, fee_msat, preimage, reason, message, at) "
                        + "KEY (payment_hash) VALUES (:hash, 'SETTLED', :amount, :fee, :preimage, NULL, NULL, :at)");
        merge.bind("hash", hash.hex())
                .bind("amount", p.amount().msat())
                .bind("fee", p.fee().msat())
                .bind("preimage", p.preimage().map(Preimage::hex).orElse(null))
                .bind("at", utc(p.at()))
                .execute();
        // a known preimage: the wallet paid an invoice of its own, which is paid at the same instant
        if (p.preimage().isPresent()) markPaid(h, hash, p.at());
        setBalance(h, settled.balanceAfter());
    }

    private static void writeRefused(Handle h, Change.PaymentRefused refused) {
        PaymentHash hash = refused.paymentHash();
        OutgoingPayment.Refused p = refused.payment();
        h.createUpdate(
                        "MERGE INTO payment (payment_hash, outcome, amount_msat, fee_msat, preimage, reason, message, at) "
                                + "KEY (payment_hash) VALUES (:hash, 'REFUSED', NULL, NULL, NULL, :reason, :message, :at)")
                .bind("hash", hash.hex())
                .bind("reason", p.reason().name())
                .bind("message", p.message())
                .bind("at", utc(p.at()))
                .execute();
    }

    private static void markPaid(Handle h, PaymentHash hash, Instant at) {
        int rows = h.createUpdate("UPDATE invoice SET paid_at = :at WHERE payment_hash = :hash AND paid_at IS NULL")
                .bind("at", utc(at))
                .bind("hash", hash.hex())
                .execute();
        // the ledger checked this before: a database that disagrees is not this wallet's
        if (rows != 1) throw new IllegalStateException("invoice " + hash + " is not an unpaid invoice in the database");
    }

    private static void setBalance(Handle h, MilliSatoshi balance) {
        h.createUpdate("UPDATE wallet SET balance_msat = :balance WHERE id = 1")
                .bind("balance", balance.msat())
                .execute();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }

    private static String name(Network network) {
        return network.name().toLowerCase(Locale.ROOT);
    }

    /** Closes the connection; the database closes with it (unless another wallet object has it open too). */
    @Override
    public void close() {
        handle.close();
    }
}
