package org.lnteller.adapter.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.codec.Network;
import org.lnteller.codec.bech32.Bech32;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.FeeProbe;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.lightning.UnableToCreateInvoice;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.SimulatedPayments.Result;

/** What the simulated wallet adds to the port's contract: its files, its rules of payment, its node. */
class SimulatedWalletTest {
    private static final Satoshi FUNDS = Satoshi.of(5_000_000);
    private static final Satoshi LARGEST_ROUTABLE = Satoshi.of(1_500_000);
    private static final Satoshi PRICE = Satoshi.of(10_000);
    private static final Duration EXPIRY = Duration.ofMinutes(10);
    private static final MilliSatoshi GENEROUS_FEE = Satoshi.of(10_000).toMilliSatoshi();

    @TempDir
    Path temp;

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T12:00:00Z"));
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    /** Every wallet a test opened, closed after it (each has a database open). */
    private final List<SimulatedLightning> opened = new ArrayList<>();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
        opened.forEach(SimulatedLightning::close);
    }

    private SimulatedLightning kept(SimulatedLightning wallet) {
        opened.add(wallet);
        return wallet;
    }

    private Path atmDir() {
        return temp.resolve("atm");
    }

    private SimulatedLightning atm() {
        return atm(FUNDS);
    }

    private SimulatedLightning atm(Satoshi startingBalance) {
        return kept(SimulatedLightning.open(
                atmDir(), Network.REGTEST, clock, new SecureRandom(), startingBalance, LARGEST_ROUTABLE));
    }

    private SimulatedLightning customer(Network network) {
        return kept(SimulatedLightning.open(
                temp.resolve("customer-" + network.name()),
                network,
                clock,
                new SecureRandom(),
                Satoshi.ZERO,
                LARGEST_ROUTABLE));
    }

    private CreatedInvoice customerInvoice(Satoshi amount) {
        return customer(Network.REGTEST).createInvoice(amount, EXPIRY, "cash-in");
    }

    private static PaymentRequest request(CreatedInvoice invoice, MilliSatoshi maxFee) {
        return new PaymentRequest(Bolt11.decode(invoice.bolt11()), Optional.empty(), maxFee);
    }

    private static PaymentOutcome.Failed failed(PaymentOutcome outcome, PaymentFailure reason) {
        assertThat(outcome).isInstanceOf(PaymentOutcome.Failed.class);
        PaymentOutcome.Failed failed = (PaymentOutcome.Failed) outcome;
        assertThat(failed.reason()).as(failed.message()).isEqualTo(reason);
        return failed;
    }

    /** A hash no wallet issued. */
    private static PaymentHash randomHash() {
        byte[] preimage = new byte[32];
        new SecureRandom().nextBytes(preimage);
        return Preimage.of(preimage).paymentHash();
    }

    private static MilliSatoshi afterPaying(Satoshi funds, Satoshi amount) {
        MilliSatoshi msat = amount.toMilliSatoshi();
        return funds.toMilliSatoshi().minus(msat).minus(SimulatedLightning.feeFor(msat));
    }

    // ---------------------------------------------------------------- the invoice and the node

    @Test
    void anInvoiceDecodesToThisNodesNetworkAmountHashAndPayee() {
        SimulatedLightning atm = atm();

        CreatedInvoice created = atm.createInvoice(PRICE, EXPIRY, "cash-out 10000 sat");

        Bolt11Invoice decoded = Bolt11.decode(created.bolt11());
        assertThat(decoded.network()).isEqualTo(Network.REGTEST);
        assertThat(created.bolt11()).startsWith("lnbcrt100u1");
        assertThat(decoded.amountMsat()).hasValue(PRICE.toMilliSatoshi().msat());
        assertThat(PaymentHash.of(decoded.paymentHash().toArray())).isEqualTo(created.paymentHash());
        assertThat(decoded.payee())
                .isEqualTo(Bolt11.nodeIdOf(SimulatedLightningTest.keyOf(atmDir())))
                .isEqualTo(atm.nodeId());
        assertThat(decoded.timestamp()).isEqualTo(clock.instant());
        assertThat(decoded.expiresAt()).isEqualTo(clock.instant().plus(EXPIRY)).isEqualTo(created.expiresAt());
        assertThat(decoded.description()).contains("cash-out 10000 sat");
        assertThat(decoded.paymentSecret().size()).isEqualTo(32);
        assertThat(decoded.features()).contains(8, 14);
    }

    @Test
    void anInvoiceCarriesNoPayeeFieldAsLndWritesThemAndItsPayeeIsRecovered() {
        SimulatedLightning atm = atm();

        CreatedInvoice created = atm.createInvoice(PRICE, EXPIRY, "cash-out 10000 sat");

        assertThat(fieldTags(created.bolt11()))
                .contains('s', 'p', 'd', 'x', '9')
                .doesNotContain('n');
        assertThat(Bolt11.decode(created.bolt11()).payee()).isEqualTo(atm.nodeId());
    }

    /** The tag letters of an invoice's tagged fields, in order. */
    static List<Character> fieldTags(String bolt11) {
        byte[] w = org.lnteller.codec.bech32.Bech32.decode(bolt11).words();
        List<Character> tags = new ArrayList<>();
        int end = w.length - 104; // the signature's words
        for (int pos = 7; pos + 3 <= end; ) { // after the 35-bit timestamp
            tags.add("qpzry9x8gf2tvdw0s3jn54khce6mua7l".charAt(w[pos])); // bech32's alphabet
            pos += 3 + ((w[pos + 1] << 5) | w[pos + 2]);
        }
        return tags;
    }

    @Test
    void theNodeKeyIsTheOwnersAloneAndTheSameAfterAReopen() throws Exception {
        SimulatedLightning first = atm();
        CreatedInvoice issuedBefore = first.createInvoice(PRICE, EXPIRY, "before the restart");
        Path keyFile = atmDir().resolve(SimulatedLightning.KEY_FILE);
        String keyText = Files.readString(keyFile);

        SimulatedLightning reopened = atm();

        assertThat(reopened.nodeId()).isEqualTo(first.nodeId());
        assertThat(Files.readString(keyFile)).isEqualTo(keyText);
        assertThat(keyText.strip()).matches("[0-9a-f]{64}");
        assertThat(Bolt11.decode(issuedBefore.bolt11()).payee()).isEqualTo(reopened.nodeId());
        assumeThat(OwnerOnlyFiles.supportsPosix(atmDir()))
                .as("a file system with POSIX permissions")
                .isTrue();
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(OwnerOnlyFiles.OWNER_ONLY);
        assertThat(Files.getPosixFilePermissions(atmDir().resolve(SimulatedLightning.LEDGER_FILE)))
                .as("the ledger holds preimages")
                .isEqualTo(OwnerOnlyFiles.OWNER_ONLY);
    }

    @Test
    void twoNodesHaveTwoKeys() {
        assertThat(customer(Network.REGTEST).nodeId()).isNotEqualTo(atm().nodeId());
    }

    @Test
    void theNodeKeyNeverShowsInToString() {
        SimulatedLightning atm = atm();
        String key = HexFormat.of().formatHex(SimulatedLightningTest.keyOf(atmDir()));

        assertThat(atm.toString()).contains(atm.nodeId().hex()).doesNotContainIgnoringCase(key);
    }

    @Test
    void aDamagedKeyFileStopsTheWalletFromOpeningWithoutShowingItsContent() throws Exception {
        Files.createDirectories(atmDir());
        Files.writeString(atmDir().resolve(SimulatedLightning.KEY_FILE), "00ff-not-a-key");

        assertThatThrownBy(this::atm)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SimulatedLightning.KEY_FILE)
                .hasMessageNotContaining("00ff");
    }

    @Test
    void anInvoiceForNothingOrPayableForLessThanASecondIsNotIssued() {
        SimulatedLightning atm = atm();

        assertThatThrownBy(() -> atm.createInvoice(Satoshi.ZERO, EXPIRY, "nothing"))
                .isInstanceOf(UnableToCreateInvoice.class)
                .extracting(e -> ((LightningBackendException) e).kind())
                .isEqualTo(LightningBackendException.Kind.INVALID_INPUT);
        assertThatThrownBy(() -> atm.createInvoice(PRICE, Duration.ofMillis(999), "too short"))
                .isInstanceOf(UnableToCreateInvoice.class)
                .extracting(e -> ((LightningBackendException) e).kind())
                .isEqualTo(LightningBackendException.Kind.INVALID_INPUT);
        assertThat(atm.invoiceStatus(randomHash())).isEqualTo(InvoiceStatus.NOT_FOUND);
    }

    // ---------------------------------------------------------------- the ledger

    @Test
    void aReopenedWalletKeepsItsInvoicesPaymentsAndBalance() {
        SimulatedLightning before = atm();
        CreatedInvoice paid = before.createInvoice(PRICE, EXPIRY, "paid before the restart");
        CreatedInvoice unpaid = before.createInvoice(PRICE, EXPIRY, "unpaid");
        assertThat(before.payInvoice(paid.paymentHash())).isEqualTo(Result.PAID);
        CreatedInvoice customer = customerInvoice(Satoshi.of(20_000));
        PaymentOutcome.Succeeded sent = (PaymentOutcome.Succeeded) before.pay(request(customer, GENEROUS_FEE));
        MilliSatoshi balance = before.balance().available();
        before.close();

        SimulatedLightning after = atm(Satoshi.of(1));

        assertThat(after.balance().available())
                .as("the saved balance, not a new starting one")
                .isEqualTo(balance)
                .isEqualTo(FUNDS.plus(PRICE)
                        .toMilliSatoshi()
                        .minus(Satoshi.of(20_000).toMilliSatoshi())
                        .minus(sent.fee()));
        assertThat(after.invoiceStatus(paid.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(after.invoiceStatus(unpaid.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assertThat(after.payInvoice(paid.paymentHash())).isEqualTo(Result.ALREADY_PAID);
        assertThat(after.paymentStatus(customer.paymentHash()))
                .isEqualTo(new OutgoingStatus.Succeeded(Optional.empty(), sent.fee()));
        assertThat(after.pay(request(customer, GENEROUS_FEE)))
                .isEqualTo(new PaymentOutcome.Succeeded(Optional.empty(), sent.fee(), true));
        assertThat(after.payInvoice(unpaid.paymentHash()))
                .as("still payable after the restart")
                .isEqualTo(Result.PAID);
    }

    @Test
    void everyChangeIsCommittedAtOnceWithNoTemporaryFileLeftBehind() throws Exception {
        SimulatedLightning atm = atm();
        CreatedInvoice invoice = atm.createInvoice(PRICE, EXPIRY, "cash-out");
        atm.payInvoice(invoice.paymentHash());

        // another connection sees only what the wallet committed
        try (Connection c = DriverManager.getConnection(LedgerDatabase.urlOf(atmDir()), "", "");
                PreparedStatement q = c.prepareStatement(
                        "SELECT paid_at IS NOT NULL, balance_msat FROM invoice, wallet WHERE payment_hash = ?")) {
            q.setString(1, invoice.paymentHash().hex());
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("the invoice is in the database").isTrue();
                assertThat(rs.getBoolean(1)).as("paid").isTrue();
                assertThat(rs.getLong(2))
                        .isEqualTo(FUNDS.plus(PRICE).toMilliSatoshi().msat());
            }
        }
        try (var files = Files.list(atmDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(SimulatedLightning.KEY_FILE, SimulatedLightning.LEDGER_FILE);
        }
    }

    @Test
    void aLedgerOfAnotherNetworkIsNotOpened() {
        atm();

        assertThatThrownBy(() -> SimulatedLightning.open(
                        atmDir(), Network.TESTNET, clock, new SecureRandom(), FUNDS, LARGEST_ROUTABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("regtest")
                .hasMessageContaining("testnet");
    }

    @Test
    void aDamagedLedgerStopsTheWalletFromOpening() throws Exception {
        atm().close();
        Files.writeString(atmDir().resolve(SimulatedLightning.LEDGER_FILE), "{\"version\": 1, \"balanceMsat\": ");

        assertThatThrownBy(this::atm)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SimulatedLightning.LEDGER_FILE);
    }

    // ---------------------------------------------------------------- incoming, by the operator

    @Test
    void theOperatorPaysAnInvoiceOnceAndNeverAfterItExpired() {
        SimulatedLightning atm = atm();
        CreatedInvoice paid = atm.createInvoice(PRICE, EXPIRY, "paid");
        CreatedInvoice late = atm.createInvoice(PRICE, EXPIRY, "too late");

        assertThat(atm.payInvoice(paid.paymentHash())).isEqualTo(Result.PAID);
        assertThat(atm.payInvoice(paid.paymentHash())).isEqualTo(Result.ALREADY_PAID);
        clock.advance(EXPIRY.plusSeconds(1));
        assertThat(atm.payInvoice(late.paymentHash())).isEqualTo(Result.EXPIRED);
        assertThat(atm.payInvoice(paid.paymentHash())).as("paid stays paid").isEqualTo(Result.ALREADY_PAID);
        assertThat(atm.invoiceStatus(paid.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(atm.payInvoice(randomHash())).isEqualTo(Result.NOT_FOUND);
        assertThat(atm.balance().available()).isEqualTo(FUNDS.plus(PRICE).toMilliSatoshi());
    }

    @Test
    void anInvoiceIsPayableUpToItsLastSecond() {
        SimulatedLightning atm = atm();
        CreatedInvoice invoice = atm.createInvoice(PRICE, EXPIRY, "cash-out");

        clock.advance(EXPIRY);

        assertThat(atm.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PENDING);
        assertThat(atm.payInvoice(invoice.paymentHash())).isEqualTo(Result.PAID);
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() throws Exception {
        SimulatedLightning atm = atm();
        List<InvoiceUpdate> heard = new CopyOnWriteArrayList<>();
        List<InvoiceUpdate> stillListening = new CopyOnWriteArrayList<>();
        AutoCloseable subscription = atm.subscribeInvoiceUpdates(heard::add).orElseThrow();
        atm.subscribeInvoiceUpdates(stillListening::add);
        CreatedInvoice first = atm.createInvoice(PRICE, EXPIRY, "first");
        CreatedInvoice second = atm.createInvoice(PRICE, EXPIRY, "second");
        atm.payInvoice(first.paymentHash());

        subscription.close();
        atm.payInvoice(second.paymentHash());

        assertThat(heard).containsExactly(new InvoiceUpdate(first.paymentHash(), InvoiceStatus.PAID));
        assertThat(stillListening)
                .containsExactly(
                        new InvoiceUpdate(first.paymentHash(), InvoiceStatus.PAID),
                        new InvoiceUpdate(second.paymentHash(), InvoiceStatus.PAID));
    }

    @Test
    void aFailingListenerDoesNotUndoThePayment() {
        SimulatedLightning atm = atm();
        atm.subscribeInvoiceUpdates(update -> {
            throw new IllegalStateException("listener bug");
        });
        CreatedInvoice invoice = atm.createInvoice(PRICE, EXPIRY, "cash-out");

        assertThat(atm.payInvoice(invoice.paymentHash())).isEqualTo(Result.PAID);
        assertThat(atm.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PAID);
    }

    // ---------------------------------------------------------------- outgoing

    @Test
    void aRegtestWalletRefusesATestnetInvoiceAsInvalid() {
        SimulatedLightning atm = atm();
        CreatedInvoice testnet = customer(Network.TESTNET).createInvoice(PRICE, EXPIRY, "on testnet");

        PaymentOutcome outcome = atm.pay(request(testnet, GENEROUS_FEE));

        assertThat(failed(outcome, PaymentFailure.INVALID_INVOICE).message())
                .isEqualTo("invoice is for testnet, this wallet is on regtest");
        assertThat(atm.probeFee(testnet.bolt11(), Optional.empty()))
                .isEqualTo(new FeeProbe.Unroutable(
                        PaymentFailure.INVALID_INVOICE, "invoice is for testnet, this wallet is on regtest"));
        assertThat(atm.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
    }

    @Test
    void anInvoiceNamingItsPayeeWithAnAlteredAmountFailsItsSignatureAndIsRefused() {
        SimulatedLightning atm = atm();
        // a wallet that writes the n field (this one does not: without n an altered invoice recovers another payee)
        Preimage preimage = Preimage.of(HexFormat.of().parseHex("07".repeat(32)));
        String named = Bolt11.encode(
                InvoiceDraft.builder(
                                Network.REGTEST,
                                ByteVector.of(preimage.paymentHash().bytes()),
                                clock.instant())
                        .amountMsat(PRICE.toMilliSatoshi().msat())
                        .paymentSecret(ByteVector.of(new byte[32]))
                        .description("cash-in")
                        .expiry(EXPIRY)
                        .includePayeeField(true)
                        .build(),
                HexFormat.of().parseHex("11".repeat(32)));
        Bech32.Decoded parts = Bech32.decode(named);
        assertThat(parts.hrp()).isEqualTo("lnbcrt100u");
        // a valid checksum over an altered amount: only the signature can tell
        String tampered = Bech32.encode("lnbcrt1u", parts.words(), Bech32.Variant.BECH32);
        assertThatThrownBy(() -> Bolt11.decode(tampered))
                .isInstanceOf(InvalidInvoice.class)
                .extracting(e -> ((InvalidInvoice) e).reason())
                .isEqualTo(InvalidInvoice.Reason.BAD_SIGNATURE);

        assertThat(atm.probeFee(tampered, Optional.empty())).isInstanceOf(FeeProbe.Unroutable.class);
        assertThat(atm.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(atm.paymentStatus(preimage.paymentHash())).isInstanceOf(OutgoingStatus.NotFound.class);
    }

    @Test
    void anInvoiceWithAChangedCharacterIsRefused() {
        SimulatedLightning atm = atm();
        CreatedInvoice customer = customerInvoice(PRICE);
        char[] text = customer.bolt11().toCharArray();
        int i = text.length - 20;
        text[i] = text[i] == 'q' ? 'p' : 'q';

        assertThatThrownBy(() -> Bolt11.decode(new String(text))).isInstanceOf(InvalidInvoice.class);
        assertThat(atm.probeFee(new String(text), Optional.empty()))
                .isInstanceOfSatisfying(
                        FeeProbe.Unroutable.class,
                        u -> assertThat(u.reason()).isEqualTo(PaymentFailure.INVALID_INVOICE));
        assertThat(atm.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
    }

    @Test
    void concurrentPaysOfOneInvoiceDebitOnce() throws Exception {
        SimulatedLightning atm = atm();
        CreatedInvoice customer = customerInvoice(PRICE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PaymentOutcome>> attempts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            attempts.add(pool.submit(() -> {
                start.await();
                return atm.pay(request(customer, GENEROUS_FEE));
            }));
        }

        start.countDown();

        List<PaymentOutcome> outcomes = new ArrayList<>();
        for (Future<PaymentOutcome> attempt : attempts) outcomes.add(attempt.get(30, TimeUnit.SECONDS));
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(PaymentOutcome.Succeeded.class));
        assertThat(outcomes)
                .filteredOn(o -> !((PaymentOutcome.Succeeded) o).alreadyPaid())
                .hasSize(1);
        assertThat(atm.balance().available()).isEqualTo(afterPaying(FUNDS, PRICE));
    }

    @Test
    void routeProbesFindNoRouteAboveTheLargestRoutableAmount() {
        SimulatedLightning atm = atm();
        CreatedInvoice small = customerInvoice(Satoshi.of(200_000));
        CreatedInvoice large = customerInvoice(Satoshi.of(1_000_000));
        CreatedInvoice tooLarge = customerInvoice(Satoshi.of(2_000_000));

        assertThat(atm.probeFee(small.bolt11(), Optional.empty()))
                .isEqualTo(new FeeProbe.Routable(MilliSatoshi.of(201_000)));
        assertThat(atm.probeFee(large.bolt11(), Optional.empty()))
                .isEqualTo(new FeeProbe.Routable(MilliSatoshi.of(1_001_000)));
        FeeProbe probe = atm.probeFee(tooLarge.bolt11(), Optional.empty());
        assertThat(probe).isInstanceOf(FeeProbe.Unroutable.class);
        assertThat(((FeeProbe.Unroutable) probe).reason()).isEqualTo(PaymentFailure.NO_ROUTE);
        assertThat(((FeeProbe.Unroutable) probe).message()).contains("1500000 sat");
    }

    @Test
    void aPaymentAboveTheLargestRoutableAmountFindsNoRouteEvenWithTheFunds() {
        SimulatedLightning atm = atm();
        CreatedInvoice tooLarge = customerInvoice(Satoshi.of(2_000_000));

        failed(atm.pay(request(tooLarge, GENEROUS_FEE.plus(GENEROUS_FEE))), PaymentFailure.NO_ROUTE);

        assertThat(atm.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(atm.paymentStatus(tooLarge.paymentHash())).isInstanceOf(OutgoingStatus.Failed.class);
    }

    @Test
    void theFeeIsOneSatoshiPlusATenthOfAPercentRoundedUp() {
        assertThat(SimulatedLightning.feeFor(MilliSatoshi.of(10_000_000))).isEqualTo(MilliSatoshi.of(11_000));
        assertThat(SimulatedLightning.feeFor(MilliSatoshi.of(1))).isEqualTo(MilliSatoshi.of(1_001));
        assertThat(SimulatedLightning.feeFor(MilliSatoshi.of(1_001))).isEqualTo(MilliSatoshi.of(1_002));
    }

    @Test
    void aFeeAboveTheLimitFindsNoRouteAndDebitsNothing() {
        SimulatedLightning atm = atm();
        CreatedInvoice customer = customerInvoice(PRICE);

        PaymentOutcome outcome = atm.pay(request(customer, MilliSatoshi.of(10_999)));

        failed(outcome, PaymentFailure.NO_ROUTE);
        assertThat(atm.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
        assertThat(atm.pay(request(customer, MilliSatoshi.of(11_000)))).isInstanceOf(PaymentOutcome.Succeeded.class);
    }

    @Test
    void anExpiredInvoiceIsNotPaidAndTheRefusalIsRecorded() {
        SimulatedLightning atm = atm();
        CreatedInvoice customer = customerInvoice(PRICE);
        clock.advance(EXPIRY.plusSeconds(1));

        failed(atm.pay(request(customer, GENEROUS_FEE)), PaymentFailure.INVOICE_EXPIRED);

        assertThat(atm.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Failed.class);
        assertThat(((FeeProbe.Unroutable) atm.probeFee(customer.bolt11(), Optional.empty())).reason())
                .isEqualTo(PaymentFailure.INVOICE_EXPIRED);
        assertThat(atm.balance().available()).isEqualTo(FUNDS.toMilliSatoshi());
    }

    @Test
    void anAmountOtherThanTheInvoicesIsRefused() {
        SimulatedLightning atm = atm();
        CreatedInvoice customer = customerInvoice(PRICE);

        PaymentOutcome outcome = atm.pay(new PaymentRequest(
                Bolt11.decode(customer.bolt11()),
                Optional.of(PRICE.plus(Satoshi.of(1)).toMilliSatoshi()),
                GENEROUS_FEE));

        failed(outcome, PaymentFailure.AMOUNT_INVALID);
        assertThat(atm.pay(new PaymentRequest(
                        Bolt11.decode(customer.bolt11()), Optional.of(PRICE.toMilliSatoshi()), GENEROUS_FEE)))
                .as("the invoice's own amount may be given")
                .isInstanceOf(PaymentOutcome.Succeeded.class);
    }

    @Test
    void aPaymentRefusedForItsBalanceSucceedsOnceFundsArrive() {
        SimulatedLightning atm = atm(Satoshi.of(1_000));
        CreatedInvoice customer = customerInvoice(PRICE);
        failed(atm.pay(request(customer, GENEROUS_FEE)), PaymentFailure.INSUFFICIENT_BALANCE);
        assertThat(atm.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Failed.class);
        CreatedInvoice topUp = atm.createInvoice(Satoshi.of(20_000), EXPIRY, "top-up");
        atm.payInvoice(topUp.paymentHash());

        PaymentOutcome outcome = atm.pay(request(customer, GENEROUS_FEE));

        assertThat(outcome).isInstanceOf(PaymentOutcome.Succeeded.class);
        assertThat(((PaymentOutcome.Succeeded) outcome).alreadyPaid()).isFalse();
        assertThat(atm.balance().available()).isEqualTo(afterPaying(Satoshi.of(21_000), PRICE));
        assertThat(atm.paymentStatus(customer.paymentHash())).isInstanceOf(OutgoingStatus.Succeeded.class);
    }

    @Test
    void payingItsOwnInvoiceSettlesItInsideTheWalletWithItsPreimage() {
        SimulatedLightning atm = atm();
        List<InvoiceUpdate> heard = new CopyOnWriteArrayList<>();
        atm.subscribeInvoiceUpdates(heard::add);
        CreatedInvoice own = atm.createInvoice(PRICE, EXPIRY, "to myself");

        PaymentOutcome outcome = atm.pay(request(own, GENEROUS_FEE));

        assertThat(outcome).isInstanceOf(PaymentOutcome.Succeeded.class);
        PaymentOutcome.Succeeded paid = (PaymentOutcome.Succeeded) outcome;
        assertThat(paid.preimage())
                .hasValueSatisfying(p -> assertThat(p.paymentHash()).isEqualTo(own.paymentHash()));
        assertThat(atm.invoiceStatus(own.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        assertThat(atm.balance().available())
                .as("out and back in, less the fee")
                .isEqualTo(FUNDS.toMilliSatoshi().minus(paid.fee()));
        assertThat(heard).containsExactly(new InvoiceUpdate(own.paymentHash(), InvoiceStatus.PAID));
        assertThat(atm.payInvoice(own.paymentHash())).isEqualTo(Result.ALREADY_PAID);
    }

    @Test
    void anOwnInvoiceTheCustomerAlreadyPaidIsNotPaidAgain() {
        SimulatedLightning atm = atm();
        CreatedInvoice own = atm.createInvoice(PRICE, EXPIRY, "cash-out");
        atm.payInvoice(own.paymentHash());

        failed(atm.pay(request(own, GENEROUS_FEE)), PaymentFailure.REFUSED);

        assertThat(atm.balance().available()).isEqualTo(FUNDS.plus(PRICE).toMilliSatoshi());
    }
}
