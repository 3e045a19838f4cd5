package org.lnteller.core.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.Network;
import org.lnteller.core.cashin.CashInService;
import org.lnteller.core.cashin.CashInSettings;
import org.lnteller.core.monitor.InvoiceMonitor;
import org.lnteller.core.pricing.PricePolicy;
import org.lnteller.core.pricing.PriceService;
import org.lnteller.ports.lightning.InMemoryLightningBackend;
import org.lnteller.ports.lightning.InMemoryLightningBackend.Operation;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.rates.FixedExchangeRates;
import org.lnteller.ports.store.InMemoryAppStore;
import org.lnteller.ports.store.InMemoryTransactionStore;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.DispenseReport;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.PostResult;

class MachineServiceTest {
    private static final AppId ATM = AppId.of("atm-1");
    private static final TxId ID = TxId.of("tx-1");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final InMemoryLightningBackend lightning = new InMemoryLightningBackend(clock, new Random(7));
    private final InMemoryTransactionStore transactions = new InMemoryTransactionStore();
    private final InMemoryAppStore apps = new InMemoryAppStore();
    private final FixedExchangeRates rates = FixedExchangeRates.of(clock, "USD", "50000");
    private final ExecutorService payments = Executors.newCachedThreadPool();
    /** These tests scan invoices only; an LNURL would be a mistake in the test. */
    private static final LnurlService NO_LNURL = new LnurlService() {
        @Override
        public PayRequest payRequest(URI url) {
            throw new LnurlException(LnurlException.Kind.UNREACHABLE, "no LNURL in these tests");
        }

        @Override
        public String requestInvoice(PayRequest request, MilliSatoshi amount) {
            throw new LnurlException(LnurlException.Kind.UNREACHABLE, "no LNURL in these tests");
        }
    };

    private MachineService service(PricePolicy.CashOutPriceCheck check) {
        PricePolicy policy = new PricePolicy(
                List.of(Currency.getInstance("USD")),
                new BigDecimal("5"),
                new BigDecimal("5"),
                FiatAmount.ofMajor("USD", "0"),
                Satoshi.of(2_000_000),
                check);
        PriceService prices = new PriceService(rates, policy, clock);
        CashInService cashIns = new CashInService(
                transactions, lightning, NO_LNURL, prices, CashInSettings.defaults(Network.REGTEST), clock, payments);
        return new MachineService(
                transactions,
                apps,
                lightning,
                prices,
                cashIns,
                new MachineService.Settings(Duration.ofMinutes(30), check),
                clock);
    }

    private final MachineService machines = service(PricePolicy.CashOutPriceCheck.WARN);

    {
        apps.create(new App(
                ATM,
                "corner",
                "hash-1",
                Optional.empty(),
                AppStatus.ACTIVE,
                clock.instant(),
                Optional.empty(),
                List.of(
                        new Cassette(1, FiatAmount.ofMajor("USD", "20"), 10),
                        new Cassette(2, FiatAmount.ofMajor("USD", "5"), 10))));
    }

    /** $100 for 220,000 sats: above the server's cash-out minimum at 47,500 USD/BTC (210,527). */
    private static MachinePost cashOut(long version, boolean dispense) {
        return new MachinePost(
                ID,
                Direction.CASH_OUT,
                version,
                FiatAmount.ofMajor("USD", "100"),
                Satoshi.of(220_000),
                Optional.empty(),
                List.of(),
                dispense ? new MachineRequest.Dispense() : new MachineRequest.Nothing(),
                Pricing.NONE);
    }

    private static Transaction accepted(PostResult result) {
        assertThat(result).isInstanceOf(PostResult.Accepted.class);
        return ((PostResult.Accepted) result).transaction();
    }

    private static Rejection refused(PostResult result) {
        assertThat(result).isInstanceOf(PostResult.Refused.class);
        return ((PostResult.Refused) result).rejection();
    }

    private CashOutTransaction paidCashOut() {
        CashOutTransaction tx = (CashOutTransaction) accepted(machines.post(ATM, cashOut(6, false)));
        lightning.payFromOutside(tx.paymentHash());
        new InvoiceMonitor(transactions, lightning, clock, 10).runOnce();
        return tx;
    }

    @Test
    void theFirstCashOutPostIssuesAnInvoiceForExactlyTheSats() {
        CashOutTransaction tx = (CashOutTransaction) accepted(machines.post(ATM, cashOut(6, false)));
        assertThat(tx.wireStatus()).isEqualTo("notSeen");
        assertThat(tx.invoice().bolt11()).isNotBlank();
        assertThat(lightning.invoiceStatus(tx.paymentHash())).isNotNull();
        assertThat(tx.invoice().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(tx.priceFlagged()).isFalse();
    }

    @Test
    void aResentFirstPostIsAnsweredWithTheSameInvoiceAndIssuesNoOther() {
        Transaction first = accepted(machines.post(ATM, cashOut(6, false)));
        Transaction again = accepted(machines.post(ATM, cashOut(6, false)));
        assertThat(again).isEqualTo(first);
        assertThat(lightning.calls(Operation.CREATE_INVOICE)).isEqualTo(1);
    }

    @Test
    void aPaidCashOutProvisionsItsNotesOnceHoweverOftenTheMachineAsks() {
        paidCashOut();
        CashOutTransaction dispensing = (CashOutTransaction) accepted(machines.post(ATM, cashOut(7, true)));
        assertThat(dispensing.notes())
                .extracting(DispenseLine::cassette, DispenseLine::provisioned)
                .containsExactly(tuple(1, 5), tuple(2, 0));
        CashOutTransaction again = (CashOutTransaction) accepted(machines.post(ATM, cashOut(7, true)));
        assertThat(again.notes()).isEqualTo(dispensing.notes());
        assertThat(apps.find(ATM).orElseThrow().cassettes())
                .extracting(Cassette::count)
                .containsExactly(5, 10);
    }

    /** A confirmed $100 cash-out of 220,000 sats under the given cassettes, asked to dispense. */
    private CashOutTransaction dispensedWith(List<Cassette> cassettes) {
        apps.updateCassettes(ATM, c -> cassettes);
        paidCashOut();
        return (CashOutTransaction) accepted(machines.post(ATM, cashOut(7, true)));
    }

    private static MachinePost confirmation(long version, List<DispenseReport> reports) {
        return new MachinePost(
                ID,
                Direction.CASH_OUT,
                version,
                FiatAmount.ofMajor("USD", "100"),
                Satoshi.of(220_000),
                Optional.empty(),
                List.of(),
                new MachineRequest.DispenseReported(reports),
                Pricing.NONE);
    }

    private static DispenseReport named(int position, int cassette, int dispensed, int rejected) {
        return new DispenseReport(
                position, OptionalInt.of(cassette), OptionalInt.of(dispensed), OptionalInt.of(rejected));
    }

    private static Cassette cassette(int position, String denomination, int count) {
        return new Cassette(position, FiatAmount.ofMajor("USD", denomination), count);
    }

    @Test
    void theDispenseAnswerForCassettes20And50ListsBothInOrderWithTheTwentiesAtZero() {
        CashOutTransaction tx = dispensedWith(List.of(cassette(1, "20", 10), cassette(2, "50", 10)));

        assertThat(tx.notes())
                .extracting(
                        DispenseLine::cassette,
                        l -> l.denomination().toMajor().intValueExact(),
                        DispenseLine::provisioned)
                .containsExactly(tuple(1, 20, 0), tuple(2, 50, 2));
    }

    @Test
    void theDispenseAnswerForCassettes50And20ListsBothInOrderWithTheTwentiesAtZero() {
        CashOutTransaction tx = dispensedWith(List.of(cassette(1, "50", 10), cassette(2, "20", 10)));

        assertThat(tx.notes())
                .extracting(
                        DispenseLine::cassette,
                        l -> l.denomination().toMajor().intValueExact(),
                        DispenseLine::provisioned)
                .containsExactly(tuple(1, 50, 2), tuple(2, 20, 0));
    }

    @Test
    void theDispenseAnswerFollowsTheAppsCassetteOrderNotTheOrderTheyWereEntered() {
        CashOutTransaction tx = dispensedWith(List.of(cassette(2, "20", 10), cassette(1, "50", 10)));

        assertThat(tx.notes())
                .extracting(DispenseLine::cassette, DispenseLine::provisioned)
                .containsExactly(tuple(1, 2), tuple(2, 0));
    }

    @Test
    void aConfirmedDispenseRecordsTheMachinesCountsByNameAndReturnsWhatNeverLeftTheCassette() {
        dispensedWith(List.of(cassette(1, "20", 10), cassette(2, "50", 10)));
        assertThat(apps.find(ATM).orElseThrow().cassettes())
                .extracting(Cassette::count)
                .containsExactly(10, 8);

        // a partial dispense: one 50 out, none rejected, the second never picked; reported in the other order
        CashOutTransaction tx = (CashOutTransaction) accepted(machines.post(
                ATM, confirmation(8, List.of(named(1, 2, 1, 0), named(2, 1, 0, 0)))));

        assertThat(tx.state().dispenseReported()).isTrue();
        assertThat(tx.notes())
                .extracting(
                        DispenseLine::cassette,
                        DispenseLine::provisioned,
                        DispenseLine::dispensed,
                        DispenseLine::rejected)
                .containsExactly(
                        tuple(1, 0, OptionalInt.of(0), OptionalInt.of(0)),
                        tuple(2, 2, OptionalInt.of(1), OptionalInt.of(0)));
        assertThat(apps.find(ATM).orElseThrow().cassettes())
                .extracting(Cassette::count)
                .containsExactly(10, 9);
        // a re-sent confirmation changes nothing, the cassettes included
        accepted(machines.post(ATM, confirmation(8, List.of(named(1, 2, 1, 0), named(2, 1, 0, 0)))));
        assertThat(apps.find(ATM).orElseThrow().cassettes())
                .extracting(Cassette::count)
                .containsExactly(10, 9);
    }

    @Test
    void rejectedNotesLeftTheCassetteForTheRejectBinAndAreNotReturned() {
        dispensedWith(List.of(cassette(1, "20", 10), cassette(2, "50", 10)));

        accepted(machines.post(ATM, confirmation(8, List.of(named(1, 1, 0, 0), named(2, 2, 2, 1)))));

        // provisioned 2, dispensed 2 and rejected 1: a third note came out
        assertThat(apps.find(ATM).orElseThrow().cassettes())
                .extracting(Cassette::count)
                .containsExactly(10, 7);
    }

    @Test
    void aReportWithoutNamesIsReadByPosition() {
        dispensedWith(List.of(cassette(1, "20", 10), cassette(2, "50", 10)));
        List<DispenseReport> unnamed = List.of(
                new DispenseReport(1, OptionalInt.empty(), OptionalInt.of(0), OptionalInt.of(0)),
                new DispenseReport(2, OptionalInt.empty(), OptionalInt.of(2), OptionalInt.of(0)));

        CashOutTransaction tx = (CashOutTransaction) accepted(machines.post(ATM, confirmation(8, unnamed)));

        assertThat(tx.notes())
                .extracting(DispenseLine::dispensed)
                .containsExactly(OptionalInt.of(0), OptionalInt.of(2));
        assertThat(apps.find(ATM).orElseThrow().cassettes())
                .extracting(Cassette::count)
                .containsExactly(10, 8);
    }

    @Test
    void aFailedDispenseIsRecordedAsReportedEvenThoughItDoesNotAddUpToTheFiat() {
        dispensedWith(List.of(cassette(1, "20", 10), cassette(2, "50", 10)));

        CashOutTransaction tx = (CashOutTransaction) accepted(machines.post(
                ATM, confirmation(8, List.of(named(1, 1, 0, 0), named(2, 2, 0, 0)))));

        assertThat(tx.state().dispenseReported()).isTrue();
        assertThat(tx.notes())
                .extracting(DispenseLine::dispensed)
                .containsExactly(OptionalInt.of(0), OptionalInt.of(0));
        assertThat(transactions.actions(ID))
                .anySatisfy(a -> assertThat(a.kind()).isEqualTo("dispense-short"));
        assertThat(apps.find(ATM).orElseThrow().cassettes())
                .extracting(Cassette::count)
                .containsExactly(10, 10);
    }

    @Test
    void aMachinesCashOutRoundedDownTo100SatsIsNotPriceFlagged() {
        // $100 at 47,500 USD/BTC is 210,527 sats (rounded up); the machine writes 0.002105 BTC
        MachinePost rounded = new MachinePost(
                ID,
                Direction.CASH_OUT,
                1,
                FiatAmount.ofMajor("USD", "100"),
                Satoshi.of(210_500),
                Optional.empty(),
                List.of(),
                new MachineRequest.Nothing(),
                Pricing.NONE);

        assertThat(((CashOutTransaction) accepted(
                                service(PricePolicy.CashOutPriceCheck.ENFORCE).post(ATM, rounded)))
                        .priceFlagged())
                .isFalse();
    }

    @Test
    void theCashOutPriceToleranceIsOnePercentPlusOneRoundingStep() {
        // $100 at 50,000 / 1.05 is 210,000; less 1 % is 207,900, less 100 is 207,800
        MachinePost justInside = new MachinePost(
                ID,
                Direction.CASH_OUT,
                1,
                FiatAmount.ofMajor("USD", "100"),
                Satoshi.of(207_800),
                Optional.empty(),
                List.of(),
                new MachineRequest.Nothing(),
                Pricing.NONE);
        MachinePost justOutside = new MachinePost(
                TxId.of("tx-2"),
                Direction.CASH_OUT,
                1,
                FiatAmount.ofMajor("USD", "100"),
                Satoshi.of(207_799),
                Optional.empty(),
                List.of(),
                new MachineRequest.Nothing(),
                Pricing.NONE);
        MachineService enforcing = service(PricePolicy.CashOutPriceCheck.ENFORCE);

        assertThat(accepted(enforcing.post(ATM, justInside))).isNotNull();
        assertThat(refused(enforcing.post(ATM, justOutside))).isInstanceOf(Rejection.PriceRefused.class);
    }

    @Test
    void cassettesThatCannotMakeTheAmountAnswerOutOfNotes() {
        apps.updateCassettes(ATM, c -> List.of(new Cassette(1, FiatAmount.ofMajor("USD", "50"), 1)));
        paidCashOut();
        assertThat(refused(machines.post(ATM, cashOut(7, true)))).isInstanceOf(Rejection.OutOfNotes.class);
    }

    @Test
    void dispensingAnUnpaidCashOutIsRefused() {
        accepted(machines.post(ATM, cashOut(6, false)));
        assertThat(refused(machines.post(ATM, cashOut(7, true)))).isEqualTo(new Rejection.NotConfirmed("notSeen"));
    }

    @Test
    void aCashOutQuotedBelowTheServersPriceIsFlaggedUnderWarnAndRefusedUnderEnforce() {
        MachinePost cheap = new MachinePost(
                ID,
                Direction.CASH_OUT,
                1,
                FiatAmount.ofMajor("USD", "10000"),
                Satoshi.of(546_448),
                Optional.empty(),
                List.of(),
                new MachineRequest.Nothing(),
                Pricing.NONE);
        assertThat(((CashOutTransaction) accepted(machines.post(ATM, cheap))).priceFlagged())
                .isTrue();

        MachinePost other = new MachinePost(
                TxId.of("tx-2"),
                Direction.CASH_OUT,
                1,
                cheap.fiat(),
                cheap.cryptoAtoms(),
                Optional.empty(),
                List.of(),
                new MachineRequest.Nothing(),
                Pricing.NONE);
        int invoices = lightning.calls(Operation.CREATE_INVOICE);
        assertThat(refused(service(PricePolicy.CashOutPriceCheck.ENFORCE).post(ATM, other)))
                .isInstanceOf(Rejection.PriceRefused.class);
        assertThat(lightning.calls(Operation.CREATE_INVOICE)).isEqualTo(invoices);
    }

    @Test
    void withoutARateTheWarnCheckStillIssuesTheInvoice() {
        rates.remove(Currency.getInstance("USD"));
        assertThat(((CashOutTransaction) accepted(machines.post(ATM, cashOut(6, false)))).priceFlagged())
                .isFalse();
    }

    @Test
    void anotherAppsTransactionIsNotFoundForReadingOrPosting() {
        accepted(machines.post(ATM, cashOut(6, false)));
        AppId other = AppId.of("atm-2");
        assertThat(machines.find(other, ID)).isEmpty();
        assertThat(machines.find(ATM, ID)).isPresent();
        assertThat(refused(machines.post(other, cashOut(7, false)))).isInstanceOf(Rejection.NotFound.class);
    }

    @Test
    void aCashInWithAnUnreadableDestinationIsRefusedBeforeAnyBillIsStored() {
        MachinePost post = new MachinePost(
                TxId.of("in-1"),
                Direction.CASH_IN,
                4,
                FiatAmount.ofMajor("USD", "20"),
                Satoshi.of(38_000),
                Optional.of("lnbcrt1customer"),
                List.of(new Bill(FiatAmount.ofMajor("USD", "20"))),
                new MachineRequest.Nothing(),
                Pricing.NONE);
        assertThat(refused(machines.post(ATM, post))).isInstanceOf(Rejection.InvalidDestination.class);
        assertThat(transactions.find(TxId.of("in-1"))).isEmpty();
    }

    @AfterEach
    void stopPayments() {
        payments.shutdownNow();
    }

    @Test
    void aFirstPostWithoutAmountsIsRefusedBeforeAnyInvoiceIsIssued() {
        MachinePost zero = new MachinePost(
                ID,
                Direction.CASH_OUT,
                1,
                FiatAmount.ofMajor("USD", "100"),
                Satoshi.ZERO,
                Optional.empty(),
                List.of(),
                new MachineRequest.Nothing(),
                Pricing.NONE);
        assertThat(refused(machines.post(ATM, zero))).isInstanceOf(Rejection.InvalidAmount.class);
        assertThat(lightning.calls(Operation.CREATE_INVOICE)).isZero();
    }
}
