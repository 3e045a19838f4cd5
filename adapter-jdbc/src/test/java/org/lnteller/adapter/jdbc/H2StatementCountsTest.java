package org.lnteller.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.ports.store.TransactionFixtures.action;
import static org.lnteller.ports.store.TransactionFixtures.cashIn;
import static org.lnteller.ports.store.TransactionFixtures.cashOut;
import static org.lnteller.ports.store.TransactionFixtures.txId;
import static org.lnteller.ports.store.TransactionFixtures.usd;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.jdbc.StatementCounts.Kind;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.store.TransactionFixtures.CashInBuilder;
import org.lnteller.ports.store.TransactionFixtures.CashOutBuilder;
import org.lnteller.ports.tx.CashOutState;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;

/** The statement counter sees every statement the stores send, by kind, batches and transaction calls too. */
class H2StatementCountsTest {
    @TempDir
    Path dir;

    private JdbcStores stores;

    @BeforeEach
    void open() {
        stores = JdbcStores.open(JdbcStores.h2FileUrl(dir.resolve("lnteller")));
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void theMigrationAtOpenIsNotCounted() {
        assertThat(snapshot().total()).isZero();
        assertThat(stores.statements().executions()).isZero();
    }

    @Test
    void aNewTransactionIsOneLockingReadOneInsertAndOneBatchOfLogEntries() {
        Figures before = snapshot();
        stores.transactions()
                .change(txId(1), current -> Decision.write(cashIn(txId(1)).build(), action("created"), null));
        Figures spent = snapshot().minus(before);

        assertThat(spent.of(Kind.SELECT)).isEqualTo(1);
        assertThat(spent.of(Kind.INSERT)).isEqualTo(2);
        assertThat(spent.of(Kind.UPDATE)).isZero();
        assertThat(spent.of(Kind.DELETE)).isZero();
        assertThat(spent.executions).isEqualTo(3);
        assertThat(spent.transactionCalls).as("the commit alone").isEqualTo(1);
    }

    @Test
    void aBatchOfRowsCountsEachRowAsAStatementAndTheBatchAsOneExecution() {
        Figures before = snapshot();
        stores.transactions()
                .change(
                        txId(1),
                        current -> Decision.write(
                                cashIn(txId(1)).build(), List.of(action("one"), action("two"), action("three")), null));
        Figures spent = snapshot().minus(before);

        assertThat(spent.of(Kind.INSERT)).as("the row and three log entries").isEqualTo(4);
        assertThat(spent.executions).as("the lock, the insert and one batch").isEqualTo(3);
    }

    @Test
    void aStackedBillReadsTheRowAndItsBillsAndWritesTheRowTheNewBillAndTheLog() {
        CashInBuilder tx = cashIn(txId(1));
        stores.transactions().change(txId(1), current -> Decision.write(tx.build(), action("created"), null));
        tx.addBill(usd(2000)).txVersion(2);
        stores.transactions().change(txId(1), current -> Decision.write(tx.build(), action("bill"), null));

        Figures before = snapshot();
        tx.addBill(usd(500)).txVersion(3);
        stores.transactions().change(txId(1), current -> Decision.write(tx.build(), action("bill"), null));
        Figures spent = snapshot().minus(before);

        assertThat(spent.of(Kind.SELECT)).as("the row, then its bills").isEqualTo(2);
        assertThat(spent.of(Kind.UPDATE)).isEqualTo(1);
        assertThat(spent.of(Kind.INSERT))
                .as("the one new bill and the log entry")
                .isEqualTo(2);
        assertThat(spent.of(Kind.DELETE)).as("the stored bills stay").isZero();
    }

    @Test
    void aFindIsOneReadOfTheRowAndOneOfItsChildren() {
        stores.transactions()
                .change(
                        txId(1),
                        current ->
                                Decision.write(cashIn(txId(1)).addBill(usd(100)).build(), action("created"), null));

        Figures before = snapshot();
        assertThat(stores.transactions().find(txId(1))).isPresent();
        Figures spent = snapshot().minus(before);

        assertThat(spent.of(Kind.SELECT)).isEqualTo(2);
        assertThat(spent.total()).isEqualTo(2);
        assertThat(spent.transactionCalls)
                .as("its commit, and no isolation level read or set per transaction")
                .isEqualTo(1);
    }

    @Test
    void aCashOutAwaitingPaymentIsFoundWithOneQueryAsItCannotHaveDispenseLinesYet() {
        stores.transactions()
                .change(txId(2), current -> Decision.write(cashOut(txId(2)).build(), action("created"), null));

        Figures before = snapshot();
        assertThat(stores.transactions().find(txId(2))).isPresent();
        Figures spent = snapshot().minus(before);

        assertThat(spent.of(Kind.SELECT)).isEqualTo(1);
        assertThat(spent.total()).isEqualTo(1);
    }

    @Test
    void theMachinesDispenseReportUpdatesTheChangedLinesInOneBatchWithoutRewritingThem() {
        CashOutBuilder tx = cashOut(txId(3))
                .state(new CashOutState.Dispensing(List.of(
                        new DispenseLine(1, usd(2000), 2, OptionalInt.empty(), OptionalInt.empty()),
                        new DispenseLine(2, usd(500), 0, OptionalInt.empty(), OptionalInt.empty()))));
        stores.transactions().change(txId(3), current -> Decision.write(tx.build(), action("provisioned"), null));
        CashOutTransaction reported = tx.txVersion(2)
                .state(new CashOutState.Dispensed(List.of(
                        new DispenseLine(1, usd(2000), 2, OptionalInt.of(2), OptionalInt.of(0)),
                        new DispenseLine(2, usd(500), 0, OptionalInt.empty(), OptionalInt.empty()))))
                .build();

        Figures before = snapshot();
        stores.transactions().change(txId(3), current -> Decision.write(reported, action("dispensed"), null));
        Figures spent = snapshot().minus(before);

        assertThat(spent.of(Kind.DELETE)).isZero();
        assertThat(spent.of(Kind.UPDATE))
                .as("the row and the one line that changed")
                .isEqualTo(2);
        assertThat(spent.of(Kind.INSERT)).as("the log entry").isEqualTo(1);
        assertThat(spent.of(Kind.SELECT)).as("the row and its lines").isEqualTo(2);
        assertThat(stores.transactions().find(txId(3))).contains(reported);
    }

    private Figures snapshot() {
        StatementCounts counts = stores.statements();
        Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) byKind.put(kind, counts.statements(kind));
        return new Figures(byKind, counts.executions(), counts.transactionCalls());
    }

    private record Figures(Map<Kind, Long> byKind, long executions, long transactionCalls) {
        long of(Kind kind) {
            return byKind.get(kind);
        }

        long total() {
            return byKind.values().stream().mapToLong(Long::longValue).sum();
        }

        Figures minus(Figures before) {
            Map<Kind, Long> diff = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) diff.put(kind, of(kind) - before.of(kind));
            return new Figures(diff, executions - before.executions, transactionCalls - before.transactionCalls);
        }
    }
}
