package org.lnteller.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.ports.store.TransactionFixtures.action;
import static org.lnteller.ports.store.TransactionFixtures.cashIn;
import static org.lnteller.ports.store.TransactionFixtures.txId;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.store.StoreException;
import org.lnteller.ports.store.TransactionFixtures.CashInBuilder;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.Transaction;

/**
 * Conflicts staged step by step on a real database, so that the retry inside the store is shown
 * to happen (not merely allowed): one writer holds the row while another waits for it.
 */
abstract class ConflictRetryContract {
    private static final TxId ID = txId(1);
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    /** A URL of a fresh, empty database (or schema). */
    abstract String newDatabaseUrl() throws Exception;

    /** The SQL that counts sessions waiting for a lock held by another session. */
    abstract String countWaitingSessionsSql();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
    }

    @Test
    void aWriterThatWaitedForAConcurrentCommitDecidesAgainOnTheCommittedState() throws Exception {
        String url = newDatabaseUrl();
        JdbcStores stores = open(url, Retry.DEFAULT);
        TransactionStore store = stores.transactions();
        store.change(ID, c -> Decision.write(cashIn(ID).txVersion(1).build(), action("created"), null));
        List<Long> versionsSeenByTheWaiter = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> waiter = holdTheRowWhile(
                store,
                url,
                () -> store.change(ID, c -> {
                    versionsSeenByTheWaiter.add(c.orElseThrow().txVersion());
                    return Decision.write(next(c), action("waiter"), null);
                }));

        waiter.get(30, TimeUnit.SECONDS);
        assertThat(stores.conflicts()).isPositive();
        assertThat(versionsSeenByTheWaiter).last().isEqualTo(2L);
        assertThat(store.find(ID).orElseThrow().txVersion()).isEqualTo(3);
        assertThat(store.actions(ID)).extracting(Action::kind).containsExactly("created", "holder", "waiter");
    }

    @Test
    void aConflictThatOutlastsTheRetriesIsAStoreExceptionAndWritesNothing() throws Exception {
        String url = newDatabaseUrl();
        JdbcStores stores = open(url, new Retry(1, Duration.ofMillis(1), Duration.ofMillis(1)));
        TransactionStore store = stores.transactions();
        store.change(ID, c -> Decision.write(cashIn(ID).txVersion(1).build(), action("created"), null));

        CompletableFuture<Void> waiter = holdTheRowWhile(
                store, url, () -> store.change(ID, c -> Decision.write(next(c), action("waiter"), null)));

        assertThatThrownBy(() -> waiter.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreException.class)
                .cause()
                .hasMessageContaining("gave up after 1 attempts");
        assertThat(store.find(ID).orElseThrow().txVersion()).isEqualTo(2);
        assertThat(store.actions(ID)).extracting(Action::kind).containsExactly("created", "holder");
    }

    @Test
    void whenTwoWritersCreateOneIdTheLoserDecidesAgainOnTheWinnersRow() throws Exception {
        JdbcStores stores = open(newDatabaseUrl(), Retry.DEFAULT);
        TransactionStore store = stores.transactions();
        CountDownLatch loserHasRead = new CountDownLatch(1);
        CountDownLatch winnerCommitted = new CountDownLatch(1);
        List<Optional<Transaction>> seenByLoser = new CopyOnWriteArrayList<>();

        CompletableFuture<String> loser = CompletableFuture.supplyAsync(() -> store.change(ID, c -> {
            seenByLoser.add(c);
            if (c.isPresent()) return Decision.noChange("found the winner's row");
            loserHasRead.countDown();
            await(winnerCommitted);
            return Decision.write(cashIn(ID).txVersion(9).build(), action("loser"), "created it");
        }));
        await(loserHasRead);
        store.change(ID, c -> Decision.write(cashIn(ID).txVersion(1).build(), action("winner"), null));
        winnerCommitted.countDown();

        assertThat(loser.get(30, TimeUnit.SECONDS)).isEqualTo("found the winner's row");
        assertThat(seenByLoser).hasSize(2);
        assertThat(seenByLoser.get(0)).isEmpty();
        assertThat(seenByLoser.get(1).orElseThrow().txVersion()).isEqualTo(1);
        assertThat(store.actions(ID)).extracting(Action::kind).containsExactly("winner");
    }

    /**
     * Runs a "holder" change that bumps the version and, while it holds the row, starts
     * {@code waiterWork} on another thread; the holder commits once the database reports a session
     * waiting for its lock. Returns the waiter's completion.
     */
    private CompletableFuture<Void> holdTheRowWhile(TransactionStore store, String url, Runnable waiterWork) {
        AtomicReference<CompletableFuture<Void>> waiter = new AtomicReference<>();
        store.change(ID, c -> {
            if (waiter.get() == null) {
                waiter.set(CompletableFuture.runAsync(waiterWork));
                awaitAWaitingSession(url);
            }
            return Decision.write(next(c), action("holder"), null);
        });
        return waiter.get();
    }

    private void awaitAWaitingSession(String url) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = DriverManager.getConnection(url)) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = c.createStatement().executeQuery(countWaitingSessionsSql())) {
                    rs.next();
                    if (rs.getLong(1) > 0) return;
                }
                Thread.sleep(5);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot watch the database's locks", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("the second writer never waited for the row lock");
    }

    private static CashInTransaction next(Optional<Transaction> current) {
        CashInTransaction tx = (CashInTransaction) current.orElseThrow();
        return CashInBuilder.from(tx).txVersion(tx.txVersion() + 1).build();
    }

    private JdbcStores open(String url, Retry retry) {
        JdbcStores stores = JdbcStores.open(JdbcStores.Config.of(url), retry);
        opened.add(stores);
        return stores;
    }

    /** Registers something to close after the test, after everything opened later. */
    final <C extends AutoCloseable> C closeAfterEach(C resource) {
        opened.add(resource);
        return resource;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("timed out waiting for the other writer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
