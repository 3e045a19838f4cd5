package org.lnteller.adapter.simulated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.lnteller.codec.Network;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.SimulatedPayments.Result;

/**
 * Not a test: a figure to compare ledger stores by. createInvoice + payInvoice pairs per second
 * from 8 threads, on a wallet whose ledger already holds 20,000 invoices (the size at which the
 * load benchmark's profile once showed a whole-file rewrite dominating).
 *
 * <p>The 20,000 invoices are seeded straight into the wallet's database in one batch. Run with
 * {@code java -cp <test-classes>:<classes>:<deps> ...SimulatedLightningThroughput [seconds]}.
 */
public final class SimulatedLightningThroughput {
    private static final int SEEDED_INVOICES = 20_000;
    private static final int THREADS = 8;

    private SimulatedLightningThroughput() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("ledger-throughput");
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        Path walletDir = dir.resolve("atm");

        // one real invoice, so that the seeded ones have a realistic size
        String bolt11;
        try (SimulatedLightning template = SimulatedLightning.open(
                walletDir, Network.REGTEST, clock, random, Satoshi.of(5_000_000), Satoshi.of(1_500_000))) {
            bolt11 = template.createInvoice(Satoshi.of(10_000), Duration.ofHours(1), "cash-out 10000 sat")
                    .bolt11();
        }
        OffsetDateTime expiresAt = OffsetDateTime.ofInstant(clock.instant().plus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(LedgerDatabase.urlOf(walletDir), "", "");
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO invoice (payment_hash, bolt11, amount_msat, expires_at, "
                                + "preimage, paid_at) VALUES (?, ?, 10000000, ?, ?, ?)")) {
            for (int i = 0; i < SEEDED_INVOICES; i++) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                Preimage preimage = Preimage.of(bytes);
                insert.setString(1, preimage.paymentHash().hex());
                insert.setString(2, bolt11);
                insert.setObject(3, expiresAt);
                insert.setString(4, preimage.hex());
                insert.setObject(5, i % 2 == 0 ? OffsetDateTime.now(ZoneOffset.UTC) : null);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        System.out.printf(
                "seeded database: %d invoices, %d bytes%n",
                SEEDED_INVOICES, Files.size(walletDir.resolve(SimulatedLightning.LEDGER_FILE)));

        long openStart = System.nanoTime();
        SimulatedLightning wallet = SimulatedLightning.open(
                walletDir, Network.REGTEST, clock, random, Satoshi.of(1), Satoshi.of(1_500_000));
        System.out.printf("open: %d ms%n", (System.nanoTime() - openStart) / 1_000_000);

        AtomicLong pairs = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    CreatedInvoice invoice = wallet.createInvoice(Satoshi.of(10_000), Duration.ofHours(1), "cash-out");
                    if (wallet.payInvoice(invoice.paymentHash()) != Result.PAID) {
                        throw new IllegalStateException("not paid: " + invoice.paymentHash());
                    }
                    pairs.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> w : workers) w.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf(
                "%d threads, %d seeded invoices: %d pairs in %.1f s = %.1f createInvoice+payInvoice pairs/s%n",
                THREADS, SEEDED_INVOICES, pairs.get(), elapsed, pairs.get() / elapsed);
        listFiles(walletDir);
        wallet.close();
        long reopenStart = System.nanoTime();
        SimulatedLightning.open(walletDir, Network.REGTEST, clock, random, Satoshi.of(1), Satoshi.of(1_500_000))
                .close();
        System.out.printf("reopen (reads the whole ledger): %d ms%n", (System.nanoTime() - reopenStart) / 1_000_000);
        listFiles(walletDir);
    }

    private static void listFiles(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            files.sorted()
                    .forEach(f -> System.out.println(
                            "  " + f.getFileName() + " " + f.toFile().length() + " bytes"));
        }
    }
}
