package org.lnteller.app.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSecretIsCreatedOwnerOnlyOnceAndReadBackAfterwards() throws Exception {
        Path file = dir.resolve("data/admin-token");
        PrivateFiles.Secret first = PrivateFiles.readOrCreate(file, () -> "adm_first");
        PrivateFiles.Secret again = PrivateFiles.readOrCreate(file, () -> "adm_second");

        assertThat(first).isEqualTo(new PrivateFiles.Secret("adm_first", true));
        assertThat(again).isEqualTo(new PrivateFiles.Secret("adm_first", false));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain("adm_first");
    }

    @Test
    void processesStartingAtOnceAllReadTheOneSecretThatLanded() throws Exception {
        Path file = dir.resolve("purchase-secret");
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<PrivateFiles.Secret>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<PrivateFiles.Secret> task =
                    () -> PrivateFiles.readOrCreate(file, () -> "secret-" + made.incrementAndGet());
            results.add(pool.submit(task));
        }
        List<String> values = new ArrayList<>();
        int created = 0;
        for (Future<PrivateFiles.Secret> r : results) {
            values.add(r.get().value());
            if (r.get().created()) created++;
        }
        pool.shutdown();
        assertThat(values).containsOnly(Files.readString(file).strip());
        assertThat(created).isEqualTo(1);
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("purchase-secret");
        }
    }

    /**
     * A heap buffer handed to a FileChannel whole is copied through a temporary direct buffer of
     * its size, which the JDK keeps cached per thread for as long as the thread lives: a 4 MB file
     * written from each of many server threads then holds 4 MB of direct memory per thread. The
     * JVM reports that memory as the "direct" buffer pool, so the test reads the pool while the
     * writing threads are still alive. Written in chunks, it grows by a few kilobytes per thread.
     */
    @Test
    void aLargeFileWrittenFromManyThreadsArrivesWholeWithoutADirectBufferOfItsSizePerThread() throws Exception {
        int threads = 8;
        byte[][] contents = new byte[threads][];
        for (int t = 0; t < threads; t++) {
            contents[t] = new byte[4 * 1024 * 1024 + t];
            new Random(t).nextBytes(contents[t]);
        }
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .findFirst()
                .orElseThrow();
        long directBefore = direct.getMemoryUsed();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch written = new CountDownLatch(threads);
        CountDownLatch measured = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int which = t;
            writers.add(pool.submit(() -> {
                PrivateFiles.writeAtomically(dir.resolve("ledger-" + which + ".json"), contents[which]);
                written.countDown();
                // alive until measured: a thread's cached buffers are freed when it ends
                measured.await();
                return null;
            }));
        }
        written.await();
        long grown = direct.getMemoryUsed() - directBefore;
        measured.countDown();
        for (Future<?> w : writers) w.get();
        pool.shutdown();

        for (int t = 0; t < threads; t++) {
            assertThat(Files.readAllBytes(dir.resolve("ledger-" + t + ".json"))).isEqualTo(contents[t]);
        }
        assertThat(grown).as("direct memory held by the writing threads").isLessThan(1024 * 1024);
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .as("no temporary file left")
                    .hasSize(threads);
        }
    }
}
