package org.lnteller.ports.store;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.ports.store.TransactionFixtures.APP;
import static org.lnteller.ports.store.TransactionFixtures.action;
import static org.lnteller.ports.store.TransactionFixtures.at;
import static org.lnteller.ports.store.TransactionFixtures.cashIn;
import static org.lnteller.ports.store.TransactionFixtures.cashInWithEverything;
import static org.lnteller.ports.store.TransactionFixtures.cashOut;
import static org.lnteller.ports.store.TransactionFixtures.cashOutWithEverything;
import static org.lnteller.ports.store.TransactionFixtures.paymentHash;
import static org.lnteller.ports.store.TransactionFixtures.preimage;
import static org.lnteller.ports.store.TransactionFixtures.txId;
import static org.lnteller.ports.store.TransactionFixtures.usd;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.TransactionFixtures.CashInBuilder;
import org.lnteller.ports.store.TransactionFixtures.CashOutBuilder;
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
 * What every {@link TransactionStore} must do. An implementation's test extends this class and
 * implements {@link #newStore()}; resources it opens are registered with
 * {@link #closeAfterEach(AutoCloseable)}.
 */
public abstract class TransactionStoreContract extends StoreContractSupport {

    /** The store under test. */
    protected TransactionStore store;

    /** A fresh, empty store. Called before each test. */
    protected abstract TransactionStore newStore() throws Exception;

    @BeforeEach
    protected final void openStore() throws Exception {
        store = newStore();
        if (store instanceof AutoCloseable closeable) closeAfterEach(closeable);
    }

    /** Writes {@code tx} whatever is stored under its id, logging one "put" entry. */
    protected final void put(Transaction tx) {
        store.change(tx.id(), current -> Decision.write(tx, action("put"), null));
    }

    // --- finding ------------------------------------------------------------------------------

    @Test
    void anUnknownTransactionIsNotThere() {
        assertThat(store.find(txId(1))).isEmpty();
        assertThat(store.findByPaymentHash(paymentHash("nobody"))).isEmpty();
        assertThat(store.actions(txId(1))).isEmpty();
    }

    @Test
    void aNewTransactionIsDecidedFromNothingAndThenFound() {
        CashInTransaction tx = cashIn(txId(1)).build();
        AtomicReference<Optional<Transaction>> seen = new AtomicReference<>();

        String result = store.change(tx.id(), current -> {
            seen.set(current);
            return Decision.write(tx, action("created"), "created it");
        });

        assertThat(result).isEqualTo("created it");
        assertThat(seen.get()).isEmpty();
        assertThat(store.find(tx.id())).contains(tx);
    }

    @Test
    void theNextChangeIsDecidedFromTheStoredState() {
        CashInTransaction first = cashIn(txId(1)).build();
        put(first);
        AtomicReference<Optional<Transaction>> seen = new AtomicReference<>();

        store.change(first.id(), current -> {
            seen.set(current);
            return Decision.write(CashInBuilder.from(first).txVersion(2).build(), action("posted"), null);
        });

        assertThat(seen.get()).contains(first);
        assertThat(store.find(first.id()).orElseThrow().txVersion()).isEqualTo(2);
    }

    // --- every field round-trips ----------------------------------------------------------------

    @Test
    void aCashInKeepsEveryField() {
        CashInTransaction tx = cashInWithEverything(txId(1));
        put(tx);

        Transaction found = store.find(tx.id()).orElseThrow();

        assertThat(found).isInstanceOf(CashInTransaction.class).isEqualTo(tx);
        // BigDecimal.equals compares scale too; spelled out because it is the part stores lose.
        assertThat(found.pricing().rawTickerPrice()).contains(new BigDecimal("61234.50"));
        assertThat(found.pricing().commissionPercentage().orElseThrow().scale()).isEqualTo(3);
        assertThat(((CashInTransaction) found).bills()).hasSize(4);
        assertThat(found.cryptoCode()).isEqualTo("LN");
    }

    @Test
    void aCashInWithNothingOptionalKeepsItsEmptyParts() {
        CashInTransaction tx = cashIn(txId(1)).toAddress("").build();
        put(tx);

        CashInTransaction found = (CashInTransaction) store.find(tx.id()).orElseThrow();

        assertThat(found).isEqualTo(tx);
        assertThat(found.pricing()).isEqualTo(Pricing.NONE);
        assertThat(found.paymentHash()).isEmpty();
        // no fee, no preimage: a cash-in still collecting has none to keep
        assertThat(found.payment()).isEqualTo(new CashInPayment.Collecting());
        assertThat(found.error()).isEmpty();
        assertThat(found.bills()).isEmpty();
        assertThat(found.lastPost()).isEmpty();
    }

    @Test
    void aCashOutKeepsEveryField() {
        CashOutTransaction tx = cashOutWithEverything(txId(1));
        put(tx);

        Transaction found = store.find(tx.id()).orElseThrow();

        assertThat(found).isInstanceOf(CashOutTransaction.class).isEqualTo(tx);
        assertThat(((CashOutTransaction) found).notes())
                .extracting(DispenseLine::dispensed)
                .containsExactly(OptionalInt.of(4), OptionalInt.of(2), OptionalInt.empty());
    }

    @Test
    void aCashOutWithNothingOptionalKeepsItsEmptyParts() {
        CashOutTransaction tx = cashOut(txId(1)).build();
        put(tx);

        CashOutTransaction found = (CashOutTransaction) store.find(tx.id()).orElseThrow();

        assertThat(found).isEqualTo(tx);
        assertThat(found.notes()).isEmpty();
        assertThat(found.error()).isEmpty();
        assertThat(found.pricing()).isEqualTo(Pricing.NONE);
    }

    @Test
    void everyStatusOfBothDirectionsIsKept() {
        int n = 0;
        for (CashInStatus status : CashInStatus.values()) {
            CashInTransaction tx = cashIn(txId(++n)).status(status).build();
            put(tx);
            assertThat(store.find(tx.id())).contains(tx);
        }
        for (CashOutStatus status : CashOutStatus.values()) {
            CashOutTransaction tx = cashOut(txId(++n)).status(status).build();
            put(tx);
            assertThat(store.find(tx.id())).contains(tx);
        }
    }

    @Test
    void everyStageOfACashInPaymentIsKeptWithExactlyItsData() {
        TxError error = new TxError("noRoute", "no route");
        List<CashInPayment> stages = List.of(
                new CashInPayment.Collecting(),
                new CashInPayment.SendRequested(),
                new CashInPayment.InFlight(paymentHash("a")),
                new CashInPayment.Paid(paymentHash("b"), Optional.of(preimage("b")), Satoshi.of(7)),
                new CashInPayment.Paid(paymentHash("c"), Optional.empty(), Satoshi.ZERO),
                new CashInPayment.Failed(Optional.of(paymentHash("d")), error),
                new CashInPayment.Failed(Optional.empty(), error),
                new CashInPayment.Refunded(Optional.of(paymentHash("e")), error),
                new CashInPayment.Refunded(Optional.empty(), error),
                new CashInPayment.Cancelled(false),
                new CashInPayment.Cancelled(true));
        int n = 0;
        for (CashInPayment stage : stages) {
            CashInTransaction tx = cashIn(txId(++n)).payment(stage).build();
            put(tx);
            assertThat(store.find(tx.id())).as(stage.toString()).contains(tx);
        }
    }

    @Test
    void everyStageOfACashOutIsKeptWithExactlyItsData() {
        List<DispenseLine> plan = List.of(
                new DispenseLine(1, usd(2000), 2, OptionalInt.empty(), OptionalInt.empty()),
                new DispenseLine(2, usd(1000), 0, OptionalInt.empty(), OptionalInt.empty()));
        List<DispenseLine> counts = List.of(
                new DispenseLine(1, usd(2000), 2, OptionalInt.of(1), OptionalInt.of(1)),
                new DispenseLine(2, usd(1000), 0, OptionalInt.empty(), OptionalInt.empty()));
        List<CashOutState> stages = List.of(
                new CashOutState.AwaitingPayment(),
                new CashOutState.Expired(),
                new CashOutState.Paid(),
                new CashOutState.DispenseRequested(),
                new CashOutState.Dispensing(plan),
                new CashOutState.Dispensed(counts),
                new CashOutState.Dispensed(List.of()));
        int n = 0;
        for (CashOutState stage : stages) {
            CashOutTransaction tx = cashOut(txId(++n)).state(stage).build();
            put(tx);
            assertThat(store.find(tx.id())).as(stage.toString()).contains(tx);
        }
    }

    @Test
    void amountsAreKeptExactlyUpToTheLimitsOfTheirTypes() {
        CashInTransaction yen = cashIn(txId(1))
                .fiat(FiatAmount.ofMinor("JPY", Long.MAX_VALUE))
                .cryptoAtoms(Satoshi.MAX_SUPPLY)
                .payment(new CashInPayment.Paid(paymentHash("yen"), Optional.empty(), Satoshi.of(Long.MAX_VALUE)))
                .bills(List.of(new Bill(FiatAmount.ofMinor("JPY", 10_000))))
                .pricing(new Pricing(
                        Optional.of(new BigDecimal("1.0E+7")),
                        Optional.of(new BigDecimal("-2.5")),
                        Optional.of(FiatAmount.ofMinor("BHD", 1)),
                        Optional.of(FiatAmount.ofMinor("JPY", 0))))
                .build();
        CashOutTransaction dinar = cashOut(txId(2))
                .fiat(FiatAmount.ofMinor("BHD", 123_456))
                .cryptoAtoms(Satoshi.ZERO)
                .state(new CashOutState.Dispensed(List.of(new DispenseLine(
                        1,
                        FiatAmount.ofMinor("BHD", 20_000),
                        Integer.MAX_VALUE,
                        OptionalInt.of(0),
                        OptionalInt.of(Integer.MAX_VALUE)))))
                .build();
        put(yen);
        put(dinar);

        assertThat(store.find(yen.id())).contains(yen);
        assertThat(store.find(dinar.id())).contains(dinar);
    }

    @Test
    void instantsAreKeptToTheMicrosecond() {
        CashOutTransaction tx = cashOut(txId(1))
                .createdAt(java.time.Instant.parse("1999-12-31T23:59:59.999999Z"))
                .updatedAt(java.time.Instant.parse("2100-01-01T00:00:00.000001Z"))
                .invoice(new CashOutTransaction.Invoice(
                        "lnbc1x", paymentHash("x"), java.time.Instant.parse("2030-06-15T08:30:00.000010Z")))
                .build();
        put(tx);

        assertThat(store.find(tx.id())).contains(tx);
    }

    // --- replacing state ----------------------------------------------------------------------

    @Test
    void aWriteReplacesTheStoredStateAndCanClearItsOptionalParts() {
        CashInTransaction everything = cashInWithEverything(txId(1));
        put(everything);
        CashInTransaction bare = cashIn(txId(1)).txVersion(8).build();

        put(bare);

        assertThat(store.find(txId(1))).contains(bare);
        assertThat(store.findByPaymentHash(everything.paymentHash().orElseThrow()))
                .isEmpty();
    }

    @Test
    void billsStackedOneAtATimeAreKeptInTheOrderTheyCame() {
        CashInBuilder tx = cashIn(txId(1));
        put(tx.build());
        for (long cents : new long[] {2000, 500, 2000, 100, 500}) {
            put(tx.addBill(usd(cents)).txVersion(tx.build().txVersion() + 1).build());
        }

        CashInTransaction found = (CashInTransaction) store.find(txId(1)).orElseThrow();

        assertThat(found.bills())
                .extracting(b -> b.denomination().minor())
                .containsExactly(2000L, 500L, 2000L, 100L, 500L);
        assertThat(found.txVersion()).isEqualTo(6);
    }

    @Test
    void billsThatAreNotAPrefixOfTheStoredOnesReplaceThem() {
        put(cashIn(txId(1))
                .bills(List.of(new Bill(usd(100)), new Bill(usd(500)), new Bill(usd(2000))))
                .build());
        CashInTransaction fewer =
                cashIn(txId(1)).bills(List.of(new Bill(usd(500)))).build();

        put(fewer);

        assertThat(store.find(txId(1))).contains(fewer);
    }

    @Test
    void dispenseLinesAreReplacedWhenTheMachineReportsWhatItDispensed() {
        CashOutBuilder tx = cashOut(txId(1))
                .state(new CashOutState.Dispensing(List.of(
                        new DispenseLine(1, usd(2000), 2, OptionalInt.empty(), OptionalInt.empty()),
                        new DispenseLine(2, usd(500), 1, OptionalInt.empty(), OptionalInt.empty()))));
        put(tx.build());
        CashOutTransaction confirmed = tx.state(new CashOutState.Dispensed(List.of(
                        new DispenseLine(1, usd(2000), 2, OptionalInt.of(2), OptionalInt.of(0)),
                        new DispenseLine(2, usd(500), 1, OptionalInt.of(0), OptionalInt.of(1)))))
                .build();

        put(confirmed);

        assertThat(store.find(txId(1))).contains(confirmed);
    }

    @Test
    void aWriteThatOnlyMovesTheVersionKeepsBillsAndNotes() {
        CashInTransaction in = cashInWithEverything(txId(1));
        CashOutTransaction out = cashOutWithEverything(txId(2));
        put(in);
        put(out);

        put(CashInBuilder.from(in).txVersion(in.txVersion() + 1).build());
        put(CashOutBuilder.from(out).txVersion(out.txVersion() + 1).build());

        assertThat(((CashInTransaction) store.find(in.id()).orElseThrow()).bills())
                .isEqualTo(in.bills());
        assertThat(((CashOutTransaction) store.find(out.id()).orElseThrow()).notes())
                .isEqualTo(out.notes());
    }

    // --- decisions that write nothing, or must not be written ------------------------------------

    @Test
    void aDecisionThatWritesNothingLeavesTheStoreAsItWas() {
        CashInTransaction tx = cashInWithEverything(txId(1));
        put(tx);
        List<Action> logBefore = store.actions(tx.id());

        String result = store.change(tx.id(), current -> Decision.noChange("stale"));
        String nothing = store.change(txId(2), current -> Decision.noChange("unknown"));

        assertThat(result).isEqualTo("stale");
        assertThat(nothing).isEqualTo("unknown");
        assertThat(store.find(tx.id())).contains(tx);
        assertThat(store.actions(tx.id())).isEqualTo(logBefore);
        assertThat(store.find(txId(2))).isEmpty();
        assertThat(store.actions(txId(2))).isEmpty();
    }

    @Test
    void aDecisionToWriteAnotherTransactionIsAProgrammingError() {
        CashInTransaction existing = cashIn(txId(1)).build();
        put(existing);

        assertThatThrownBy(() -> store.change(
                        txId(1), c -> Decision.write(cashIn(txId(2)).build(), action("x"), null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.change(
                        txId(3), c -> Decision.write(cashOut(txId(4)).build(), action("x"), null)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.find(txId(1))).contains(existing);
        assertThat(store.actions(txId(1))).hasSize(1);
        assertThat(store.find(txId(2))).isEmpty();
        assertThat(store.find(txId(3))).isEmpty();
        assertThat(store.find(txId(4))).isEmpty();
    }

    @Test
    void aRuleThatThrowsWritesNothingAndItsExceptionReachesTheCaller() {
        CashInTransaction existing = cashIn(txId(1)).build();
        put(existing);

        assertThatThrownBy(() -> store.change(txId(1), c -> {
                    throw new IllegalStateException("the rule refused");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the rule refused");

        assertThat(store.find(txId(1))).contains(existing);
        assertThat(store.actions(txId(1))).hasSize(1);
    }

    // --- the action log -----------------------------------------------------------------------

    @Test
    void everyWriteAppendsItsLogEntriesInOrder() {
        CashInTransaction tx = cashIn(txId(1)).build();
        Action created = new Action(at(1), Actor.MACHINE, "created", "txVersion 1");
        Action bill = new Action(at(2), Actor.MACHINE, "bill-stacked", "20.00 USD");
        Action send = new Action(at(3), Actor.OPERATOR, "send-started", "by operator ann, ünïcødé");
        Action confirmed = new Action(at(4).plusNanos(1_000), Actor.RECONCILER, "send-confirmed", "");

        store.change(tx.id(), c -> Decision.write(tx, List.of(created, bill), null));
        store.change(
                tx.id(), c -> Decision.write(CashInBuilder.from(tx).txVersion(2).build(), send, null));
        store.change(tx.id(), c -> Decision.noChange(null));
        store.change(
                tx.id(), c -> Decision.write(CashInBuilder.from(tx).txVersion(3).build(), confirmed, null));

        assertThat(store.actions(tx.id())).containsExactly(created, bill, send, confirmed);
    }

    @Test
    void theLogOfOneTransactionHoldsNothingOfAnothers() {
        store.change(txId(1), c -> Decision.write(cashIn(txId(1)).build(), action("one"), null));
        store.change(txId(2), c -> Decision.write(cashOut(txId(2)).build(), action("two"), null));
        store.change(txId(1), c -> Decision.write(cashIn(txId(1)).txVersion(2).build(), action("one again"), null));

        assertThat(store.actions(txId(1))).extracting(Action::kind).containsExactly("one", "one again");
        assertThat(store.actions(txId(2))).extracting(Action::kind).containsExactly("two");
    }

    @Test
    void everyActorIsKeptInTheLog() {
        List<Action> entries = new ArrayList<>();
        for (Actor actor : Actor.values())
            entries.add(new Action(at(entries.size()), actor, "k" + entries.size(), actor.name()));
        store.change(txId(1), c -> Decision.write(cashIn(txId(1)).build(), entries, null));

        assertThat(store.actions(txId(1))).isEqualTo(entries);
    }

    // --- payment hashes -----------------------------------------------------------------------

    @Test
    void aPaymentHashFindsTheCashOutOrCashInThatCarriesIt() {
        CashOutTransaction out = cashOut(txId(1)).build();
        CashInTransaction in = cashIn(txId(2)).paymentHash(paymentHash("in")).build();
        CashInTransaction notPaying = cashIn(txId(3)).build();
        put(out);
        put(in);
        put(notPaying);

        assertThat(store.findByPaymentHash(out.paymentHash())).contains(out);
        assertThat(store.findByPaymentHash(paymentHash("in"))).contains(in);
        assertThat(store.findByPaymentHash(paymentHash("other"))).isEmpty();
    }

    @Test
    void aPaymentHashThatWasReplacedNoLongerFindsTheTransaction() {
        put(cashIn(txId(1)).paymentHash(paymentHash("first")).build());
        CashInTransaction rescanned =
                cashIn(txId(1)).txVersion(2).paymentHash(paymentHash("second")).build();

        put(rescanned);

        assertThat(store.findByPaymentHash(paymentHash("first"))).isEmpty();
        assertThat(store.findByPaymentHash(paymentHash("second"))).contains(rescanned);
    }

    @Test
    void twoTransactionsCannotShareAPaymentHash() {
        CashOutTransaction owner = cashOut(txId(1)).build();
        CashInTransaction other = cashIn(txId(3)).build();
        put(owner);
        put(other);

        assertThatThrownBy(() ->
                        put(cashIn(txId(2)).paymentHash(owner.paymentHash()).build()))
                .isInstanceOf(AlreadyExists.class);
        assertThatThrownBy(() -> put(CashInBuilder.from(other)
                        .paymentHash(owner.paymentHash())
                        .build()))
                .isInstanceOf(AlreadyExists.class);

        assertThat(store.find(txId(2))).isEmpty();
        assertThat(store.actions(txId(2))).isEmpty();
        assertThat(store.find(txId(3))).contains(other);
        assertThat(store.actions(txId(3))).hasSize(1);
        assertThat(store.findByPaymentHash(owner.paymentHash())).contains(owner);
    }

    // --- the monitor's and the reconciler's work lists -------------------------------------------

    @Test
    void unpaidCashOutsAreTheOnesNotSeenYetOldestFirst() {
        put(cashOut(txId(1)).at(at(30)).build());
        put(cashOut(txId(2)).at(at(10)).status(CashOutStatus.CONFIRMED).build());
        put(cashOut(txId(3)).at(at(20)).build());
        put(cashOut(txId(4)).at(at(5)).status(CashOutStatus.EXPIRED).build());
        put(cashIn(txId(5)).at(at(1)).build());
        put(cashOut(txId(7)).at(at(20)).build());
        put(cashOut(txId(6)).at(at(40)).updatedAt(at(0)).build());

        assertThat(store.unpaidCashOuts(10))
                .extracting(CashOutTransaction::id)
                .containsExactly(txId(3), txId(7), txId(1), txId(6));
    }

    @Test
    void unpaidCashOutsComeInBoundedBatches() {
        for (int i = 1; i <= 7; i++) put(cashOut(txId(i)).at(at(100 - i)).build());

        assertThat(store.unpaidCashOuts(3))
                .extracting(CashOutTransaction::id)
                .containsExactly(txId(7), txId(6), txId(5));
        assertThat(store.unpaidCashOuts(1)).extracting(CashOutTransaction::id).containsExactly(txId(7));
        assertThat(store.unpaidCashOuts(100)).hasSize(7);
    }

    @Test
    void theMonitorWalksEveryUnpaidCashOutPageByPageWithNoGapOrRepeat() {
        for (int i = 1; i <= 7; i++) put(cashOut(txId(i)).at(at(i % 3)).build());
        put(cashOut(txId(8)).at(at(1)).status(CashOutStatus.CONFIRMED).build());

        List<TxId> walked = new ArrayList<>();
        Optional<CashOutTransaction> after = Optional.empty();
        for (int pages = 0; pages < 10; pages++) {
            List<CashOutTransaction> page = store.unpaidCashOuts(2, after);
            if (page.isEmpty()) break;
            page.forEach(tx -> walked.add(tx.id()));
            after = Optional.of(page.get(page.size() - 1));
        }

        assertThat(walked)
                .containsExactlyElementsOf(store.unpaidCashOuts(100).stream()
                        .map(CashOutTransaction::id)
                        .toList());
        assertThat(walked).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void aCashOutLeavesTheMonitorsListOnceItsInvoiceIsPaid() {
        CashOutTransaction tx = cashOut(txId(1)).build();
        put(tx);
        assertThat(store.unpaidCashOuts(10)).containsExactly(tx);

        put(tx.withState(new CashOutState.Paid(), at(60)));

        assertThat(store.unpaidCashOuts(10)).isEmpty();
    }

    @Test
    void sendsToReconcileAreStartedPaymentsNotYetConfirmedOldestFirst() {
        put(cashIn(txId(1)).at(at(30)).paymentHash(paymentHash("1")).build());
        put(cashIn(txId(2)).at(at(10)).status(CashInStatus.CONFIRMED).build());
        put(cashIn(txId(3)).at(at(20)).paymentHash(paymentHash("3")).build());
        put(cashIn(txId(4)).at(at(5)).payment(new CashInPayment.SendRequested()).build());
        put(cashIn(txId(5)).at(at(6)).build());
        put(cashOut(txId(6)).at(at(1)).build());
        put(cashIn(txId(7)).at(at(25)).paymentHash(paymentHash("7")).build());
        put(cashIn(txId(8)).at(at(26)).status(CashInStatus.FAILED).build());

        assertThat(store.sendsToReconcile(10))
                .extracting(CashInTransaction::id)
                .containsExactly(txId(3), txId(7), txId(1));
    }

    @Test
    void sendsToReconcileComeInBoundedBatches() {
        for (int i = 1; i <= 6; i++)
            put(cashIn(txId(i))
                    .at(at(i))
                    .paymentHash(paymentHash(Integer.toString(i)))
                    .build());

        assertThat(store.sendsToReconcile(4))
                .extracting(CashInTransaction::id)
                .containsExactly(txId(1), txId(2), txId(3), txId(4));
    }

    // --- listing and paging for the admin API ----------------------------------------------------

    @Test
    void anEmptyStoreListsOneEmptyLastPage() {
        Page<Transaction> page = store.list(TransactionQuery.all(10));

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void theListingIsNewestFirstWithTiesBrokenById() {
        put(cashIn(txId(1)).at(at(10)).build());
        put(cashOut(txId(2)).at(at(30)).build());
        put(cashIn(txId(4)).at(at(20)).build());
        put(cashIn(txId(3)).at(at(20)).build());

        Page<Transaction> page = store.list(TransactionQuery.all(10));

        assertThat(page.items()).extracting(Transaction::id).containsExactly(txId(2), txId(4), txId(3), txId(1));
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void pagingVisitsEveryTransactionExactlyOnceInOrder() {
        List<Transaction> all = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            // three to a second, so that pages also break inside a run of equal created times
            Transaction tx = i % 2 == 0
                    ? cashIn(txId(i)).at(at(i / 3)).build()
                    : cashOut(txId(i)).at(at(i / 3)).build();
            put(tx);
            all.add(tx);
        }
        all.sort(Comparator.comparing(Transaction::createdAt)
                .thenComparing(t -> t.id().value())
                .reversed());

        List<Page<Transaction>> pages = allPages(TransactionQuery.all(4));

        assertThat(pages).hasSize(6);
        assertThat(pages)
                .allSatisfy(
                        p -> assertThat(p.items()).hasSizeLessThanOrEqualTo(4).isNotEmpty());
        assertThat(pages.subList(0, 5))
                .allSatisfy(p -> assertThat(p.nextCursor()).isPresent());
        assertThat(pages.stream().flatMap(p -> p.items().stream()).toList()).containsExactlyElementsOf(all);
    }

    @Test
    void aPageThatEndsWithTheLastTransactionHasNoCursor() {
        for (int i = 1; i <= 6; i++) put(cashIn(txId(i)).at(at(i)).build());

        Page<Transaction> first = store.list(TransactionQuery.all(3));
        Page<Transaction> second =
                store.list(TransactionQuery.all(3).after(first.nextCursor().orElseThrow()));

        assertThat(first.items()).extracting(Transaction::id).containsExactly(txId(6), txId(5), txId(4));
        assertThat(second.items()).extracting(Transaction::id).containsExactly(txId(3), txId(2), txId(1));
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void transactionsCreatedWhileSomeonePagesDoNotShiftTheNextPage() {
        for (int i = 1; i <= 6; i++) put(cashIn(txId(i)).at(at(i)).build());
        Page<Transaction> first = store.list(TransactionQuery.all(3));

        put(cashIn(txId(7)).at(at(7)).build());
        Page<Transaction> second =
                store.list(TransactionQuery.all(3).after(first.nextCursor().orElseThrow()));

        assertThat(second.items()).extracting(Transaction::id).containsExactly(txId(3), txId(2), txId(1));
    }

    @Test
    void listingsFilterByAppDirectionAndStatusAndPageWithinTheFilter() {
        AppId other = AppId.of("atm-2");
        for (int i = 1; i <= 12; i++) {
            AppId app = i % 3 == 0 ? other : APP;
            if (i % 2 == 0)
                put(cashIn(txId(i))
                        .appId(app)
                        .at(at(i))
                        .status(i % 4 == 0 ? CashInStatus.CONFIRMED : CashInStatus.PENDING)
                        .build());
            else
                put(cashOut(txId(i))
                        .appId(app)
                        .at(at(i))
                        .status(i % 5 == 0 ? CashOutStatus.CONFIRMED : CashOutStatus.NOT_SEEN)
                        .build());
        }

        assertThat(ids(new TransactionQuery(
                        Optional.of(other), Optional.empty(), Optional.empty(), 2, Optional.empty())))
                .containsExactly(txId(12), txId(9), txId(6), txId(3));
        assertThat(ids(new TransactionQuery(
                        Optional.empty(), Optional.of(Direction.CASH_OUT), Optional.empty(), 2, Optional.empty())))
                .containsExactly(txId(11), txId(9), txId(7), txId(5), txId(3), txId(1));
        assertThat(ids(new TransactionQuery(
                        Optional.empty(), Optional.empty(), Optional.of("confirmed"), 10, Optional.empty())))
                .containsExactly(txId(12), txId(8), txId(5), txId(4));
        assertThat(ids(new TransactionQuery(
                        Optional.of(APP),
                        Optional.of(Direction.CASH_IN),
                        Optional.of("confirmed"),
                        1,
                        Optional.empty())))
                .containsExactly(txId(8), txId(4));
        assertThat(ids(new TransactionQuery(
                        Optional.empty(), Optional.of(Direction.CASH_IN), Optional.of("notSeen"), 5, Optional.empty())))
                .isEmpty();
    }

    @Test
    void aCursorThisStoreDidNotIssueIsRefused() {
        put(cashIn(txId(1)).build());

        assertThatThrownBy(() -> store.list(TransactionQuery.all(5).after("not a cursor!")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- concurrency --------------------------------------------------------------------------

    @Test
    void racingCreatesOfOneIdCreateItOnce() throws Exception {
        CashInTransaction tx = cashIn(txId(1)).build();
        AtomicInteger decisions = new AtomicInteger();

        List<Boolean> created = Race.run(
                16,
                Race.times(
                        16,
                        () -> store.change(tx.id(), current -> {
                            decisions.incrementAndGet();
                            return current.isPresent()
                                    ? Decision.noChange(false)
                                    : Decision.write(tx, action("created"), true);
                        })));

        assertThat(created).containsOnlyOnce(true);
        assertThat(store.find(tx.id())).contains(tx);
        assertThat(store.actions(tx.id())).extracting(Action::kind).containsExactly("created");
        assertThat(decisions.get()).isGreaterThanOrEqualTo(16);
    }

    /** One machine post in the race: a version, and whether it asks to send. */
    private record Post(long version, boolean send) {}

    /** What the rule decided for one post. */
    private record Outcome(Post post, boolean applied, boolean sendGranted) {}

    /**
     * A test-local rule in the shape of the core's: a post is applied only when its version is
     * newer than the stored one, and a send is granted only when none was granted before.
     */
    private static TransactionChange<Outcome> machineRule(Post post) {
        return current -> {
            CashInTransaction tx =
                    (CashInTransaction) current.orElseThrow(() -> new IllegalStateException("raced tx exists"));
            boolean apply = post.version() > tx.txVersion();
            boolean grant = post.send() && tx.status() != CashInStatus.AUTHORIZED;
            if (!apply && !grant) return Decision.noChange(new Outcome(post, false, false));
            CashInBuilder next = CashInBuilder.from(tx);
            List<Action> log = new ArrayList<>();
            if (apply) {
                next.txVersion(post.version()).fiat(usd(post.version() * 100)).lastPost("v" + post.version());
                log.add(new Action(at(post.version()), Actor.MACHINE, "applied", Long.toString(post.version())));
            }
            if (grant) {
                next.paymentHash(paymentHash("raced"));
                log.add(new Action(at(post.version()), Actor.MACHINE, "send-granted", ""));
            }
            return Decision.write(next.build(), log, new Outcome(post, apply, grant));
        };
    }

    @Test
    void racingPostsWinOncePerVersionAndGrantTheSendExactlyOnce() throws Exception {
        TxId id = txId(1);
        store.change(id, c -> Decision.write(cashIn(id).txVersion(0).build(), action("created"), null));
        List<Post> posts = new ArrayList<>();
        for (int i = 0; i < 200; i++) posts.add(new Post(1 + i % 40, i % 9 == 4));
        Collections.shuffle(posts, new Random(42));
        List<Callable<Outcome>> tasks = new ArrayList<>();
        for (Post post : posts) tasks.add(() -> store.change(id, machineRule(post)));

        List<Outcome> outcomes = Race.run(16, tasks);

        Map<Long, Long> winsPerVersion = outcomes.stream()
                .filter(Outcome::applied)
                .collect(groupingBy(o -> o.post().version(), counting()));
        // A version can lose outright to a higher one that landed first; none may win twice.
        assertThat(winsPerVersion.values()).allMatch(wins -> wins == 1);
        assertThat(winsPerVersion).containsEntry(40L, 1L);
        assertThat(outcomes.stream().filter(Outcome::sendGranted).count()).isEqualTo(1);

        CashInTransaction row = (CashInTransaction) store.find(id).orElseThrow();
        assertThat(row.txVersion()).isEqualTo(40);
        assertThat(row.fiat()).isEqualTo(usd(4000));
        assertThat(row.lastPost()).isEqualTo("v40");
        assertThat(row.payment()).isEqualTo(new CashInPayment.InFlight(paymentHash("raced")));

        List<Action> log = store.actions(id);
        List<Long> appliedInLog = log.stream()
                .filter(a -> a.kind().equals("applied"))
                .map(a -> Long.parseLong(a.detail()))
                .toList();
        assertThat(appliedInLog)
                .containsExactlyElementsOf(
                        winsPerVersion.keySet().stream().sorted().toList());
        assertThat(new HashSet<>(appliedInLog)).hasSameSizeAs(appliedInLog);
        assertThat(appliedInLog).isSorted().last().isEqualTo(row.txVersion());
        assertThat(log).filteredOn(a -> a.kind().equals("send-granted")).hasSize(1);
        assertThat(log).hasSize(1 + appliedInLog.size() + 1);
    }

    @Test
    void racingChangesOfDifferentTransactionsLoseNoWrite() throws Exception {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 1; t <= 8; t++) {
            TxId id = txId(t);
            put(cashIn(id).txVersion(0).build());
            for (int i = 0; i < 10; i++) {
                tasks.add(() -> {
                    store.change(id, c -> {
                        CashInTransaction tx = (CashInTransaction) c.orElseThrow();
                        return Decision.write(
                                CashInBuilder.from(tx)
                                        .txVersion(tx.txVersion() + 1)
                                        .addBill(usd(100))
                                        .build(),
                                action("bill"),
                                null);
                    });
                    return null;
                });
            }
        }

        Race.run(16, tasks);

        for (int t = 1; t <= 8; t++) {
            CashInTransaction tx = (CashInTransaction) store.find(txId(t)).orElseThrow();
            assertThat(tx.txVersion()).isEqualTo(10);
            assertThat(tx.bills()).hasSize(10);
            assertThat(store.actions(txId(t))).hasSize(11);
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private List<Page<Transaction>> allPages(TransactionQuery query) {
        List<Page<Transaction>> pages = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        Page<Transaction> page = store.list(query);
        pages.add(page);
        while (page.nextCursor().isPresent()) {
            assertThat(cursors.add(page.nextCursor().get()))
                    .as("a cursor is never repeated")
                    .isTrue();
            assertThat(pages).as("paging ends").hasSizeLessThan(1000);
            page = store.list(query.after(page.nextCursor().get()));
            pages.add(page);
        }
        return pages;
    }

    private List<TxId> ids(TransactionQuery query) {
        return allPages(query).stream()
                .flatMap(p -> p.items().stream())
                .map(Transaction::id)
                .toList();
    }
}
