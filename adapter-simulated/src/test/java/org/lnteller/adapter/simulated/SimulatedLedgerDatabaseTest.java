package org.lnteller.adapter.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.codec.Network;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.lightning.UnableToCreateInvoice;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.SimulatedPayments.Result;

/**
 * The simulated wallet's ledger on disk: a database of its own (an H2 file in the wallet's folder,
 * its own schema history), one transaction per change, read whole on open.
 */
class SimulatedLedgerDatabaseTest {
    private static final Satoshi FUNDS = Satoshi.of(5_000_000);
    private static final Satoshi LARGEST_ROUTABLE = Satoshi.of(1_500_000);
    private static final Satoshi PRICE = Satoshi.of(10_000);
    private static final Duration EXPIRY = Duration.ofMinutes(10);
    private static final MilliSatoshi GENEROUS_FEE = Satoshi.of(10_000).toMilliSatoshi();

    @TempDir
    Path temp;

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T12:00:00Z"));
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    /** Every wallet a test opened: closed after it, and before a reopen, so that a reopen reads the file. */
    private final List<SimulatedLightning> opened = new ArrayList<>();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
        closeAll();
    }

    private void closeAll() {
        opened.forEach(SimulatedLightning::close);
        opened.clear();
    }

    private Path atmDir() {
        return temp.resolve("atm");
    }

    private Path database() {
        return atmDir().resolve(SimulatedLightning.LEDGER_FILE);
    }

    private SimulatedLightning atm() {
        SimulatedLightning atm =
                SimulatedLightning.open(atmDir(), Network.REGTEST, clock, new SecureRandom(), FUNDS, LARGEST_ROUTABLE);
        opened.add(atm);
        return atm;
    }

    /** Closes every wallet open so far, then opens the ATM's again: what a restart does. */
    private SimulatedLightning reopened() {
        closeAll();
        return atm();
    }

    /** A connection to the ATM wallet's database, beside the wallet's own (H2 shares an open database in a process). */
    private Connection sql() throws SQLException {
        return DriverManager.getConnection(LedgerDatabase.urlOf(atmDir()), "", "");
    }

    private long count(String query) throws SQLException {
        try (Connection c = sql();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private CreatedInvoice customerInvoice(Satoshi amount) {
        SimulatedLightning customer = SimulatedLightning.open(
                temp.resolve("customer"), Network.REGTEST, clock, new SecureRandom(), Satoshi.ZERO, LARGEST_ROUTABLE);
        try {
            return customer.createInvoice(amount, EXPIRY, "cash-in");
        } finally {
            customer.close();
        }
    }

    private static PaymentRequest request(CreatedInvoice invoice, MilliSatoshi maxFee) {
        return new PaymentRequest(invoice.invoice(), Optional.empty(), maxFee);
    }

    /**
     * Every kind of change, and what a wallet that made them must show. {@link #assertShows} checks
     * a wallet against it, so that the one opened after a restart is held to the same figures.
     */
    private record History(
            CreatedInvoice paidByOperator,
            CreatedInvoice pending,
            CreatedInvoice paidToItself,
            CreatedInvoice paidToCustomer,
            CreatedInvoice refused,
            MilliSatoshi feeToItself,
            MilliSatoshi feeToCustomer,
            MilliSatoshi balance,
            int changes) {}

    private History makeEveryKindOfChange(SimulatedLightning atm) {
        CreatedInvoice paidByOperator = atm.createInvoice(PRICE, EXPIRY, "paid by the operator");
        CreatedInvoice pending = atm.createInvoice(Satoshi.of(7_000), EXPIRY, "never paid");
        CreatedInvoice paidToItself = atm.createInvoice(Satoshi.of(3_000), EXPIRY, "paid by the wallet itself");
        assertThat(atm.payInvoice(paidByOperator.paymentHash())).isEqualTo(Result.PAID);
        PaymentOutcome.Succeeded toItself = (PaymentOutcome.Succeeded) atm.pay(request(paidToItself, GENEROUS_FEE));
        CreatedInvoice paidToCustomer = customerInvoice(Satoshi.of(20_000));
        PaymentOutcome.Succeeded toCustomer = (PaymentOutcome.Succeeded) atm.pay(request(paidToCustomer, GENEROUS_FEE));
        CreatedInvoice refused = customerInvoice(PRICE);
        assertThat(atm.pay(request(refused, MilliSatoshi.of(1)))).isInstanceOf(PaymentOutcome.Failed.class);
        MilliSatoshi balance = FUNDS.plus(PRICE)
                .minus(Satoshi.of(20_000))
                .toMilliSatoshi()
                .minus(toItself.fee())
                .minus(toCustomer.fee());
        assertThat(atm.balance().available()).isEqualTo(balance);
        // 3 issued, 1 paid by the operator, 1 paid to itself, 1 paid out, 1 refused
        return new History(
                paidByOperator,
                pending,
                paidToItself,
                paidToCustomer,
                refused,
                toItself.fee(),
                toCustomer.fee(),
                balance,
                7);
    }

    private static void assertShows(SimulatedLightning wallet, History history) {
        assertThat(wallet.balance().available()).isEqualTo(history.balance());
        assertThat(wallet.invoiceStatus(history.paidByOperator().paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(wallet.invoiceStatus(history.pending().paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assertThat(wallet.invoiceStatus(history.paidToItself().paymentHash())).isEqualTo(InvoiceStatus.PAID);
        OutgoingStatus toItself = wallet.paymentStatus(history.paidToItself().paymentHash());
        assertThat(toItself).isInstanceOf(OutgoingStatus.Succeeded.class);
        assertThat(((OutgoingStatus.Succeeded) toItself).fee()).isEqualTo(history.feeToItself());
        assertThat(((OutgoingStatus.Succeeded) toItself).preimage())
                .hasValueSatisfying(p -> assertThat(p.paymentHash())
                        .isEqualTo(history.paidToItself().paymentHash()));
        assertThat(wallet.paymentStatus(history.paidToCustomer().paymentHash()))
                .isEqualTo(new OutgoingStatus.Succeeded(Optional.empty(), history.feeToCustomer()));
        assertThat(wallet.paymentStatus(history.refused().paymentHash())).isInstanceOf(OutgoingStatus.Failed.class);
        assertThat(wallet.paymentStatus(history.pending().paymentHash())).isEqualTo(new OutgoingStatus.NotFound());
    }

    // ---------------------------------------------------------------- the database

    @Test
    void everyKindOfChangeSurvivesARestartExactly() throws Exception {
        History history = makeEveryKindOfChange(atm());

        SimulatedLightning after = reopened();

        assertShows(after, history);
        assertThat(after.payInvoice(history.paidByOperator().paymentHash())).isEqualTo(Result.ALREADY_PAID);
        assertThat(after.pay(request(history.paidToCustomer(), GENEROUS_FEE)))
                .isEqualTo(new PaymentOutcome.Succeeded(Optional.empty(), history.feeToCustomer(), true));
        assertThat(after.payInvoice(history.pending().paymentHash())).isEqualTo(Result.PAID);
        assertThat(reopened().balance().available())
                .isEqualTo(history.balance().plus(Satoshi.of(7_000).toMilliSatoshi()));
        assumeThat(OwnerOnlyFiles.supportsPosix(atmDir()))
                .as("a file system with POSIX permissions")
                .isTrue();
        assertThat(Files.getPosixFilePermissions(database()))
                .as("it holds preimages")
                .isEqualTo(OwnerOnlyFiles.OWNER_ONLY);
    }

    @Test
    void theLedgerIsADatabaseOfItsOwnWithItsOwnSchemaHistoryAndOneRowPerThing() throws Exception {
        History history = makeEveryKindOfChange(atm());

        assertThat(count("SELECT COUNT(*) FROM \"simulated_schema_history\" WHERE \"version\" = '1' AND \"success\""))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM invoice")).as("3 issued").isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM invoice WHERE paid_at IS NOT NULL"))
                .as("by the operator, by itself")
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM payment WHERE outcome = 'SETTLED'"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM payment WHERE outcome = 'REFUSED'"))
                .isEqualTo(1);
        assertThat(count("SELECT balance_msat FROM wallet"))
                .isEqualTo(history.balance().msat());
        try (var files = Files.list(atmDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(SimulatedLightning.KEY_FILE, SimulatedLightning.LEDGER_FILE);
        }
    }

    @Test
    void aDamagedDatabaseStopsTheWalletFromOpeningAndNamesTheFile() throws Exception {
        makeEveryKindOfChange(atm());
        closeAll();
        byte[] garbage = new byte[8192];
        new SecureRandom().nextBytes(garbage);
        Files.write(database(), garbage);

        assertThatThrownBy(this::atm)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SimulatedLightning.LEDGER_FILE);
    }

    @Test
    void aLedgerOfAnEarlierVersionIsNeitherReadNorTouched() throws Exception {
        Files.createDirectories(atmDir());
        Path journal = atmDir().resolve("simulated-ledger.journal");
        Files.writeString(journal, "{\"version\":1,\"network\":\"REGTEST\",\"generation\":0,\"balanceMsat\":1}\n");

        SimulatedLightning atm = atm();

        assertThat(atm.balance().available())
                .as("a new ledger, with the starting balance")
                .isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(Files.readString(journal)).contains("\"balanceMsat\":1");
    }

    // ---------------------------------------------------------------- failures and concurrency

    @Test
    void aChangeTheDatabaseRefusesChangesNothingInMemoryOrOnDisk() throws Exception {
        SimulatedLightning atm = atm();
        CreatedInvoice unpaid = atm.createInvoice(PRICE, EXPIRY, "issued before the database refused");
        CreatedInvoice customer = customerInvoice(PRICE);
        List<String> tables = List.of("wallet", "invoice", "payment");
        try (Connection c = sql();
                Statement s = c.createStatement()) {
            // every write now fails inside the database, as a full disk would make it: rows it has stay
            for (String table : tables)
                s.execute("ALTER TABLE " + table + " ADD CONSTRAINT refuse_" + table + " CHECK (1 = 0) NOCHECK");
        }

        assertThatThrownBy(() -> atm.createInvoice(PRICE, EXPIRY, "not issued"))
                .isInstanceOf(UnableToCreateInvoice.class)
                .extracting(e -> ((LightningBackendException) e).kind())
                .isEqualTo(LightningBackendException.Kind.UNAVAILABLE);
        assertThatThrownBy(() -> atm.payInvoice(unpaid.paymentHash())).isInstanceOf(UncheckedIOException.class);
        PaymentOutcome outcome = atm.pay(request(customer, GENEROUS_FEE));
        assertThat(outcome).isInstanceOf(PaymentOutcome.Failed.class);
        assertThat(((PaymentOutcome.Failed) outcome).reason()).isEqualTo(PaymentFailure.REFUSED);
        assertThat(atm.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(atm.invoiceStatus(unpaid.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assertThat(atm.paymentStatus(customer.paymentHash())).isEqualTo(new OutgoingStatus.NotFound());
        assertThat(count("SELECT COUNT(*) FROM invoice")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM payment")).isZero();
        assertThat(count("SELECT balance_msat FROM wallet"))
                .isEqualTo(FUNDS.toMilliSatoshi().msat());

        try (Connection c = sql();
                Statement s = c.createStatement()) {
            for (String table : tables) s.execute("ALTER TABLE " + table + " DROP CONSTRAINT refuse_" + table);
        }
        assertThat(atm.pay(request(customer, GENEROUS_FEE))).isInstanceOf(PaymentOutcome.Succeeded.class);
        MilliSatoshi balance = atm.balance().available();
        SimulatedLightning reopened = reopened();
        assertThat(reopened.balance().available())
                .isEqualTo(balance)
                .isEqualTo(FUNDS.toMilliSatoshi()
                        .minus(PRICE.toMilliSatoshi())
                        .minus(SimulatedLightning.feeFor(PRICE.toMilliSatoshi())));
        assertThat(reopened.invoiceStatus(unpaid.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
    }

    @Test
    void concurrentPaymentsOfOneInvoiceDebitItOnceAndSoDoesTheDatabase() throws Exception {
        SimulatedLightning atm = atm();
        CreatedInvoice customer = customerInvoice(PRICE);
        CreatedInvoice own = atm.createInvoice(PRICE, EXPIRY, "paid by the operator, many times at once");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PaymentOutcome>> payments = new ArrayList<>();
        List<Future<Result>> operatorPayments = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<PaymentOutcome> pay = () -> {
                start.await();
                return atm.pay(request(customer, GENEROUS_FEE));
            };
            Callable<Result> payFromOutside = () -> {
                start.await();
                return atm.payInvoice(own.paymentHash());
            };
            payments.add(pool.submit(pay));
            operatorPayments.add(pool.submit(payFromOutside));
        }
        start.countDown();

        int firstPayments = 0;
        for (Future<PaymentOutcome> f : payments) {
            PaymentOutcome.Succeeded succeeded = (PaymentOutcome.Succeeded) f.get();
            if (!succeeded.alreadyPaid()) firstPayments++;
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : operatorPayments) results.add(f.get());

        assertThat(firstPayments).isEqualTo(1);
        assertThat(results).containsOnlyOnce(Result.PAID).containsOnly(Result.PAID, Result.ALREADY_PAID);
        MilliSatoshi expected = FUNDS.plus(PRICE)
                .minus(PRICE)
                .toMilliSatoshi()
                .minus(SimulatedLightning.feeFor(PRICE.toMilliSatoshi()));
        assertThat(atm.balance().available()).isEqualTo(expected);
        assertThat(reopened().balance().available()).as("after a restart").isEqualTo(expected);
    }

    @Test
    void tenThousandInvoicesAreIssuedInWellUnderAFewSeconds() throws Exception {
        SimulatedLightning atm = atm();
        List<PaymentHash> issued = new ArrayList<>();

        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++)
            issued.add(atm.createInvoice(PRICE, EXPIRY, "invoice " + i).paymentHash());
        long millis = (System.nanoTime() - start) / 1_000_000;

        // a figure to read, not to assert on: machines differ, a CI runner most of all
        System.out.printf(
                "10,000 invoices issued in %d ms (%.0f per second), database %d bytes%n",
                millis, 10_000 * 1000.0 / Math.max(1, millis), Files.size(database()));
        assertThat(count("SELECT COUNT(*) FROM invoice")).isEqualTo(10_000);
        SimulatedLightning reopened = reopened();
        assertThat(issued)
                .allSatisfy(hash -> assertThat(reopened.invoiceStatus(hash)).isEqualTo(InvoiceStatus.PENDING));
    }
}
