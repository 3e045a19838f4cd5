package org.lnteller.app.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.app.files.PrivateFiles;
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
import org.lnteller.codec.Network;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.SimulatedPayments.Result;

/** The simulated wallet's ledger on disk: a journal of changes, replayed on open and compacted. */
class SimulatedLedgerJournalTest {
    private static final Satoshi FUNDS = Satoshi.of(5_000_000);
    private static final Satoshi LARGEST_ROUTABLE = Satoshi.of(1_500_000);
    private static final Satoshi PRICE = Satoshi.of(10_000);
    private static final Duration EXPIRY = Duration.ofMinutes(10);
    private static final MilliSatoshi GENEROUS_FEE = Satoshi.of(10_000).toMilliSatoshi();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T12:00:00Z"));
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private Path atmDir() {
        return temp.resolve("atm");
    }

    private Path journal() {
        return atmDir().resolve(SimulatedLightning.LEDGER_FILE);
    }

    private Path snapshot() {
        return atmDir().resolve(SimulatedLightning.LEDGER_SNAPSHOT_FILE);
    }

    private SimulatedLightning atm() {
        return atm(LedgerStore.Options.DEFAULT);
    }

    private SimulatedLightning atm(LedgerStore.Options options) {
        return SimulatedLightning.open(atmDir(), Network.REGTEST, clock, new SecureRandom(), FUNDS, LARGEST_ROUTABLE, options);
    }

    private static LedgerStore.Options compactingAfter(long changes) {
        return new LedgerStore.Options(changes, Long.MAX_VALUE, LedgerJournal.Opener.FILE);
    }

    private CreatedInvoice customerInvoice(Satoshi amount) {
        return SimulatedLightning.open(temp.resolve("customer"), Network.REGTEST, clock, new SecureRandom(), Satoshi.ZERO,
                LARGEST_ROUTABLE).createInvoice(amount, EXPIRY, "cash-in");
    }

    private static PaymentRequest request(CreatedInvoice invoice, MilliSatoshi maxFee) {
        return new PaymentRequest(Bolt11.decode(invoice.bolt11()), Optional.empty(), maxFee);
    }

    private List<String> journalLines() throws IOException {
        return Files.readAllLines(journal(), StandardCharsets.UTF_8);
    }

    /**
     * Every kind of change, and what a wallet that made them must show. {@link #assertShows} checks
     * a wallet against it, so that the one opened after a restart is held to the same figures.
     */
    private record History(CreatedInvoice paidByOperator, CreatedInvoice pending, CreatedInvoice paidToItself,
                           CreatedInvoice paidToCustomer, CreatedInvoice refused, MilliSatoshi feeToItself,
                           MilliSatoshi feeToCustomer, MilliSatoshi balance, int changes) {}

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
        MilliSatoshi balance = FUNDS.plus(PRICE).minus(Satoshi.of(20_000)).toMilliSatoshi()
                .minus(toItself.fee()).minus(toCustomer.fee());
        assertThat(atm.balance().available()).isEqualTo(balance);
        // 3 issued, 1 paid by the operator, 1 paid to itself, 1 paid out, 1 refused
        return new History(paidByOperator, pending, paidToItself, paidToCustomer, refused, toItself.fee(),
                toCustomer.fee(), balance, 7);
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
                .hasValueSatisfying(p -> assertThat(p.paymentHash()).isEqualTo(history.paidToItself().paymentHash()));
        assertThat(wallet.paymentStatus(history.paidToCustomer().paymentHash()))
                .isEqualTo(new OutgoingStatus.Succeeded(Optional.empty(), history.feeToCustomer()));
        assertThat(wallet.paymentStatus(history.refused().paymentHash())).isInstanceOf(OutgoingStatus.Failed.class);
        assertThat(wallet.paymentStatus(history.pending().paymentHash())).isEqualTo(new OutgoingStatus.NotFound());
    }

    // ---------------------------------------------------------------- the journal

    @Test
    void everyChangeIsOneCompactLineAndTheJournalSurvivesAReopenExactly() throws Exception {
        SimulatedLightning before = atm();
        History history = makeEveryKindOfChange(before);

        List<String> lines = journalLines();
        assertThat(lines).as("the header and one line per change").hasSize(1 + history.changes());
        for (String line : lines) assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
        assertThat(Files.exists(snapshot())).as("a new wallet has no snapshot before its first compaction").isFalse();

        SimulatedLightning after = atm();

        assertShows(after, history);
        assertThat(after.payInvoice(history.paidByOperator().paymentHash())).isEqualTo(Result.ALREADY_PAID);
        assertThat(after.pay(request(history.paidToCustomer(), GENEROUS_FEE)))
                .isEqualTo(new PaymentOutcome.Succeeded(Optional.empty(), history.feeToCustomer(), true));
        assertThat(after.payInvoice(history.pending().paymentHash())).isEqualTo(Result.PAID);
        assertThat(atm().balance().available()).isEqualTo(history.balance().plus(Satoshi.of(7_000).toMilliSatoshi()));
        assumeThat(PrivateFiles.supportsPosix(atmDir())).as("a file system with POSIX permissions").isTrue();
        assertThat(Files.getPosixFilePermissions(journal())).as("it holds preimages").isEqualTo(PrivateFiles.OWNER_ONLY);
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextChangeStartsALineOfItsOwn() throws Exception {
        SimulatedLightning before = atm();
        History history = makeEveryKindOfChange(before);
        CreatedInvoice lost = before.createInvoice(PRICE, EXPIRY, "its line will be torn");
        List<String> lines = journalLines();
        String last = lines.get(lines.size() - 1);
        // as a crash in the middle of the append would leave it: the line without its end and newline
        Files.writeString(journal(), String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                + last.substring(0, last.length() / 2), StandardCharsets.UTF_8);

        SimulatedLightning after = atm();

        assertShows(after, history);
        assertThat(after.invoiceStatus(lost.paymentHash())).as("never confirmed, so never made").isEqualTo(InvoiceStatus.NOT_FOUND);
        CreatedInvoice next = after.createInvoice(PRICE, EXPIRY, "after the crash");
        SimulatedLightning again = atm();
        assertShows(again, history);
        assertThat(again.invoiceStatus(next.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assertThat(journalLines()).hasSize(1 + history.changes() + 1);
    }

    @Test
    void aDamagedLineBeforeTheLastStopsTheWalletFromOpening() throws Exception {
        makeEveryKindOfChange(atm());
        List<String> lines = new ArrayList<>(journalLines());
        int paid = 0;
        while (!lines.get(paid).contains("\"PAID\"")) paid++;
        assertThat(paid).as("not the last line, which could be torn").isLessThan(lines.size() - 1);
        lines.set(paid, lines.get(paid).replace("\"PAID\"", "\"PAYED\""));
        Files.write(journal(), lines, StandardCharsets.UTF_8);

        assertThatThrownBy(this::atm).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SimulatedLightning.LEDGER_FILE).hasMessageContaining("line " + (paid + 1))
                .hasMessageContaining("PAYED");
    }

    @Test
    void aJournalThatDisagreesWithItsBalanceStopsTheWalletFromOpening() throws Exception {
        SimulatedLightning atm = atm();
        CreatedInvoice invoice = atm.createInvoice(PRICE, EXPIRY, "cash-out");
        atm.payInvoice(invoice.paymentHash());
        String credited = Long.toString(FUNDS.plus(PRICE).toMilliSatoshi().msat());
        Files.writeString(journal(), Files.readString(journal()).replace("\"balanceMsat\":" + credited,
                "\"balanceMsat\":" + credited + "0"));

        assertThatThrownBy(this::atm).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SimulatedLightning.LEDGER_FILE).hasMessageContaining(invoice.paymentHash().hex());
    }

    // ---------------------------------------------------------------- compaction and older folders

    @Test
    void compactionOnOpenKeepsEverythingAndShrinksTheJournal() throws Exception {
        History history = makeEveryKindOfChange(atm());
        long longJournal = Files.size(journal());

        SimulatedLightning compacted = atm(compactingAfter(history.changes() - 1));

        assertShows(compacted, history);
        assertThat(Files.size(journal())).isLessThan(longJournal / 10);
        assertThat(journalLines()).as("only the header").hasSize(1);
        assertThat(JSON.readTree(snapshot().toFile()).get("version").asInt()).isEqualTo(LedgerFile.VERSION);
        CreatedInvoice afterwards = compacted.createInvoice(PRICE, EXPIRY, "after the compaction");
        SimulatedLightning reopened = atm(compactingAfter(history.changes() - 1));
        assertShows(reopened, history);
        assertThat(reopened.invoiceStatus(afterwards.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assumeThat(PrivateFiles.supportsPosix(atmDir())).as("a file system with POSIX permissions").isTrue();
        assertThat(Files.getPosixFilePermissions(snapshot())).isEqualTo(PrivateFiles.OWNER_ONLY);
    }

    @Test
    void aCompactionCutShortAfterItsSnapshotCountsNothingTwice() throws Exception {
        History history = makeEveryKindOfChange(atm());
        byte[] journalBeforeCompaction = Files.readAllBytes(journal());
        atm(compactingAfter(1));
        // the crash between the two renames: the new snapshot, and still the journal it already holds
        Files.write(journal(), journalBeforeCompaction);

        SimulatedLightning reopened = atm();

        assertShows(reopened, history);
        assertThat(journalLines()).as("the stale journal was replaced").hasSize(1);
        assertShows(atm(), history);
    }

    @Test
    void aMissingJournalBesideASnapshotStopsTheWalletFromOpening() throws Exception {
        makeEveryKindOfChange(atm());
        atm(compactingAfter(1));
        Files.delete(journal());

        assertThatThrownBy(this::atm).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SimulatedLightning.LEDGER_FILE).hasMessageContaining("missing");
    }

    @Test
    void aDataFolderWrittenInTheSnapshotOnlyFormatStillOpens() throws Exception {
        Preimage paid = preimage();
        Preimage pending = preimage();
        PaymentHash paidOut = preimage().paymentHash();
        PaymentHash refused = preimage().paymentHash();
        // as the server wrote it before the journal: the whole ledger, pretty-printed, version 1
        String oldLedger = """
                {
                  "version" : 1,
                  "network" : "REGTEST",
                  "balanceMsat" : 4989000000,
                  "invoices" : [ {
                    "paymentHash" : "%s",
                    "bolt11" : "lnbcrt100u1paid",
                    "amountMsat" : 10000000,
                    "expiresAt" : "2024-05-01T12:10:00Z",
                    "preimage" : "%s",
                    "status" : "PAID",
                    "paidAt" : "2024-05-01T12:01:00Z"
                  }, {
                    "paymentHash" : "%s",
                    "bolt11" : "lnbcrt100u1pending",
                    "amountMsat" : 10000000,
                    "expiresAt" : "2024-05-01T12:10:00Z",
                    "preimage" : "%s",
                    "status" : "PENDING"
                  } ],
                  "payments" : [ {
                    "paymentHash" : "%s",
                    "status" : "SUCCEEDED",
                    "amountMsat" : 20000000,
                    "feeMsat" : 21000,
                    "at" : "2024-05-01T12:02:00Z"
                  }, {
                    "paymentHash" : "%s",
                    "status" : "FAILED",
                    "reason" : "NO_ROUTE",
                    "message" : "no route within the fee limit",
                    "at" : "2024-05-01T12:03:00Z"
                  } ]
                }
                """.formatted(paid.paymentHash().hex(), paid.hex(), pending.paymentHash().hex(), pending.hex(),
                paidOut.hex(), refused.hex());
        Files.createDirectories(atmDir());
        Files.writeString(snapshot(), oldLedger);

        SimulatedLightning atm = atm();

        assertThat(atm.balance().available()).isEqualTo(MilliSatoshi.of(4_989_000_000L));
        assertThat(atm.invoiceStatus(paid.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(atm.invoiceStatus(pending.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assertThat(atm.paymentStatus(paidOut)).isEqualTo(new OutgoingStatus.Succeeded(Optional.empty(), MilliSatoshi.of(21_000)));
        assertThat(atm.paymentStatus(refused)).isEqualTo(new OutgoingStatus.Failed("no route within the fee limit"));
        assertThat(JSON.readTree(snapshot().toFile()).get("version").asInt())
                .as("rewritten, so that a server without the journal refuses it instead of losing its changes")
                .isEqualTo(LedgerFile.VERSION);
        assertThat(atm.payInvoice(pending.paymentHash())).isEqualTo(Result.PAID);
        SimulatedLightning reopened = atm();
        assertThat(reopened.balance().available()).isEqualTo(MilliSatoshi.of(4_999_000_000L));
        assertThat(reopened.invoiceStatus(pending.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(reopened.invoiceStatus(paid.paymentHash())).isEqualTo(InvoiceStatus.PAID);
    }

    private static Preimage preimage() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Preimage.of(bytes);
    }

    // ---------------------------------------------------------------- failures and concurrency

    @Test
    void aChangeTheDiskRefusesChangesNothingInMemoryOrOnDisk() throws Exception {
        AtomicBoolean diskFull = new AtomicBoolean();
        LedgerJournal.Opener failing = file -> new RandomAccessFile(file.toFile(), "rw") {
            @Override
            public void write(byte[] b) throws IOException {
                if (!diskFull.get()) {
                    super.write(b);
                    return;
                }
                // half a line reaches the file before the disk fills up
                super.write(b, 0, b.length / 2);
                throw new IOException("No space left on device");
            }
        };
        SimulatedLightning atm = atm(new LedgerStore.Options(10_000, Long.MAX_VALUE, failing));
        CreatedInvoice unpaid = atm.createInvoice(PRICE, EXPIRY, "issued before the disk filled up");
        CreatedInvoice customer = customerInvoice(PRICE);
        long journalSize = Files.size(journal());

        diskFull.set(true);

        assertThatThrownBy(() -> atm.createInvoice(PRICE, EXPIRY, "not issued"))
                .isInstanceOf(UnableToCreateInvoice.class)
                .extracting(e -> ((LightningBackendException) e).kind()).isEqualTo(LightningBackendException.Kind.UNAVAILABLE);
        assertThatThrownBy(() -> atm.payInvoice(unpaid.paymentHash())).isInstanceOf(UncheckedIOException.class);
        PaymentOutcome outcome = atm.pay(request(customer, GENEROUS_FEE));
        assertThat(outcome).isInstanceOf(PaymentOutcome.Failed.class);
        assertThat(((PaymentOutcome.Failed) outcome).reason()).isEqualTo(PaymentFailure.REFUSED);
        assertThat(atm.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(atm.invoiceStatus(unpaid.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assertThat(atm.paymentStatus(customer.paymentHash())).isEqualTo(new OutgoingStatus.NotFound());
        assertThat(Files.size(journal())).as("the half lines were cut off again").isEqualTo(journalSize);

        diskFull.set(false);
        assertThat(atm.pay(request(customer, GENEROUS_FEE))).isInstanceOf(PaymentOutcome.Succeeded.class);
        SimulatedLightning reopened = atm();
        assertThat(reopened.balance().available()).isEqualTo(atm.balance().available())
                .isEqualTo(FUNDS.toMilliSatoshi().minus(PRICE.toMilliSatoshi()).minus(SimulatedLightning.feeFor(PRICE.toMilliSatoshi())));
        assertThat(reopened.invoiceStatus(unpaid.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
    }

    @Test
    void concurrentPaymentsOfOneInvoiceDebitItOnceAndSoDoesTheJournal() throws Exception {
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
        MilliSatoshi expected = FUNDS.plus(PRICE).minus(PRICE).toMilliSatoshi().minus(SimulatedLightning.feeFor(PRICE.toMilliSatoshi()));
        assertThat(atm.balance().available()).isEqualTo(expected);
        assertThat(atm().balance().available()).as("after a reopen").isEqualTo(expected);
    }

    @Test
    void tenThousandInvoicesAreIssuedInWellUnderAFewSeconds() throws Exception {
        SimulatedLightning atm = atm();
        List<PaymentHash> issued = new ArrayList<>();

        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) issued.add(atm.createInvoice(PRICE, EXPIRY, "invoice " + i).paymentHash());
        long millis = (System.nanoTime() - start) / 1_000_000;

        // a figure to read, not to assert on: machines differ, a CI runner most of all
        System.out.printf("10,000 invoices issued in %d ms (%.0f per second), journal %d bytes%n", millis,
                10_000 * 1000.0 / Math.max(1, millis), Files.size(journal()));
        assertThat(journalLines()).hasSize(10_001);
        SimulatedLightning reopened = atm();
        assertThat(issued).allSatisfy(hash -> assertThat(reopened.invoiceStatus(hash)).isEqualTo(InvoiceStatus.PENDING));
    }
}
