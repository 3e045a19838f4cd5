package org.lnteller.adapter.jdbc;

import static org.lnteller.ports.store.TransactionFixtures.action;
import static org.lnteller.ports.store.TransactionFixtures.cashOut;
import static org.lnteller.ports.store.TransactionFixtures.usd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.store.TransactionFixtures.CashOutBuilder;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.CashOutState;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;

/**
 * Throughput of the database stores, not a test: how many cash-outs per second go through their
 * life (create, then three updates: invoice paid, dispense with notes, dispense confirmed), each
 * step one {@link TransactionStore#change} with its log entry, on H2 (a temp file) and on
 * PostgreSQL when {@value PostgresSchema#URL_VARIABLE} is set, with 1, 4 and 8 threads.
 *
 * <pre>
 * mvn -B -q -pl adapter-jdbc test-compile exec:java [-Dexec.args=N]   (N transactions per run, default 2000)
 * </pre>
 */
public final class StoreBenchmark {
    private static final int[] THREADS = {1, 4, 8};

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("lnteller-bench");
        try {
            run("H2", JdbcStores.h2FileUrl(dir.resolve("bench")), n);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String pg = System.getenv(PostgresSchema.URL_VARIABLE);
        if (pg == null || pg.isBlank()) {
            System.out.println("PostgreSQL: skipped, set " + PostgresSchema.URL_VARIABLE + " to include it");
            return;
        }
        try (PostgresSchema schema = PostgresSchema.create()) {
            run("PostgreSQL", schema.url(), n);
        }
    }

    private static void run(String name, String url, int n) throws Exception {
        try (JdbcStores stores = JdbcStores.open(
                new JdbcStores.Config(url, java.util.Optional.empty(), java.util.Optional.empty(), 16))) {
            TransactionStore store = stores.transactions();
            lifecycles(store, Math.min(n, 500), 4); // warm-up: JIT, pool, caches
            for (int threads : THREADS) {
                long conflictsBefore = stores.conflicts();
                long started = System.nanoTime();
                lifecycles(store, n, threads);
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(
                        "%-10s threads=%d  %6d tx in %6.2f s  = %7.0f tx/s (%7.0f changes/s, %d conflicts retried)%n",
                        name, threads, n, seconds, n / seconds, 4 * n / seconds, stores.conflicts() - conflictsBefore);
            }
        }
    }

    /** {@code n} cash-out lifecycles spread over {@code threads} threads. */
    private static void lifecycles(TransactionStore store, int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = n / threads + (t < n % threads ? 1 : 0);
                work.add(pool.submit(() -> {
                    // random UUIDs, as machines send them: sequential ids would all land on one index
                    // page, where PostgreSQL's predicate locks turn neighbours into conflicts
                    for (int i = 0; i < share; i++)
                        lifecycle(store, TxId.of(UUID.randomUUID().toString()));
                    return null;
                }));
            }
            for (Future<?> f : work) f.get();
        } finally {
            pool.shutdown();
        }
    }

    private static void lifecycle(TransactionStore store, TxId id) {
        CashOutTransaction created = cashOut(id).build();
        store.change(id, c -> Decision.write(created, action("created"), null));
        store.change(
                id,
                c -> Decision.write(
                        ((CashOutTransaction) c.orElseThrow()).withState(new CashOutState.Paid(), created.createdAt()),
                        action("invoice-paid"),
                        null));
        store.change(
                id,
                c -> Decision.write(
                        CashOutBuilder.from((CashOutTransaction) c.orElseThrow())
                                .txVersion(2)
                                .state(new CashOutState.Dispensing(List.of(
                                        new DispenseLine(1, usd(2000), 2, OptionalInt.empty(), OptionalInt.empty()),
                                        new DispenseLine(2, usd(1000), 1, OptionalInt.empty(), OptionalInt.empty()))))
                                .build(),
                        action("dispense"),
                        null));
        store.change(
                id,
                c -> Decision.write(
                        CashOutBuilder.from((CashOutTransaction) c.orElseThrow())
                                .txVersion(3)
                                .state(new CashOutState.Dispensed(List.of(
                                        new DispenseLine(1, usd(2000), 2, OptionalInt.of(2), OptionalInt.of(0)),
                                        new DispenseLine(2, usd(1000), 1, OptionalInt.of(1), OptionalInt.of(0)))))
                                .build(),
                        action("dispensed"),
                        null));
    }
}
