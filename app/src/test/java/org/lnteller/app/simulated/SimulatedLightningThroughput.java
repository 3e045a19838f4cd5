package org.lnteller.app.simulated;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.SimulatedPayments.Result;

/**
 * Not a test: a figure to compare ledger formats by. createInvoice + payInvoice pairs per second
 * from 8 threads, on a wallet whose ledger already holds 20,000 invoices (the size at which the
 * load benchmark's profile showed the whole-file rewrite dominating).
 *
 * <p>The 20,000 invoices are seeded as a version 1 ledger file (what the wallet wrote before the
 * journal, and what every version reads), because issuing them one by one through a wallet that
 * rewrites its whole ledger per change would take hours. Run with {@code java -cp <test-classes>:<classes>:<deps> ...SimulatedLightningThroughput [seconds]}.
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

        // one real invoice, so that the seeded ones have a realistic size
        SimulatedLightning template = SimulatedLightning.open(dir.resolve("template"), Network.REGTEST, clock, random,
                Satoshi.of(1), Satoshi.of(1_500_000));
        String bolt11 = template.createInvoice(Satoshi.of(10_000), Duration.ofHours(1), "cash-out 10000 sat").bolt11();
        List<Map<String, Object>> invoices = new ArrayList<>();
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        for (int i = 0; i < SEEDED_INVOICES; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            Preimage preimage = Preimage.of(bytes);
            Map<String, Object> invoice = new LinkedHashMap<>();
            invoice.put("paymentHash", preimage.paymentHash().hex());
            invoice.put("bolt11", bolt11);
            invoice.put("amountMsat", 10_000_000L);
            invoice.put("expiresAt", expiresAt.toString());
            invoice.put("preimage", preimage.hex());
            invoice.put("status", i % 2 == 0 ? "PAID" : "PENDING");
            if (i % 2 == 0) invoice.put("paidAt", clock.instant().toString());
            invoices.add(invoice);
        }
        Map<String, Object> ledger = new LinkedHashMap<>();
        ledger.put("version", 1);
        ledger.put("network", "REGTEST");
        ledger.put("balanceMsat", Satoshi.of(5_000_000).toMilliSatoshi().msat());
        ledger.put("invoices", invoices);
        ledger.put("payments", List.of());
        Path walletDir = dir.resolve("atm");
        Files.createDirectories(walletDir);
        Files.write(walletDir.resolve("simulated-ledger.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(ledger));
        System.out.printf("seeded snapshot: %d invoices, %d bytes%n", SEEDED_INVOICES,
                Files.size(walletDir.resolve("simulated-ledger.json")));

        long openStart = System.nanoTime();
        SimulatedLightning wallet = SimulatedLightning.open(walletDir, Network.REGTEST, clock, random,
                Satoshi.of(1), Satoshi.of(1_500_000));
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
        System.out.printf("%d threads, %d seeded invoices: %d pairs in %.1f s = %.1f createInvoice+payInvoice pairs/s%n",
                THREADS, SEEDED_INVOICES, pairs.get(), elapsed, pairs.get() / elapsed);
        listFiles(walletDir);
        long reopenStart = System.nanoTime();
        SimulatedLightning.open(walletDir, Network.REGTEST, clock, random, Satoshi.of(1), Satoshi.of(1_500_000));
        System.out.printf("reopen (replay, and compaction if the journal is long): %d ms%n",
                (System.nanoTime() - reopenStart) / 1_000_000);
        listFiles(walletDir);
    }

    private static void listFiles(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            files.sorted().forEach(f -> System.out.println("  " + f.getFileName() + " " + f.toFile().length() + " bytes"));
        }
    }
}
