package org.lnteller.app.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain("adm_first");
    }

    @Test
    void processesStartingAtOnceAllReadTheOneSecretThatLanded() throws Exception {
        Path file = dir.resolve("purchase-secret");
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<PrivateFiles.Secret>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<PrivateFiles.Secret> task = () -> PrivateFiles.readOrCreate(file, () -> "secret-" + made.incrementAndGet());
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
}
