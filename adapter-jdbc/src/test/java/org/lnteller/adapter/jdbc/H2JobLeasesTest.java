package org.lnteller.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.store.JobLeases;
import org.lnteller.ports.store.JobLeasesContract;

/** The JobLeases contract on H2 (PostgreSQL mode), a new database file per test. */
class H2JobLeasesTest extends JobLeasesContract {
    @TempDir
    Path dir;

    @Override
    protected JobLeases newLeases() {
        return closeAfterEach(JdbcStores.open(JdbcStores.h2FileUrl(dir.resolve("lnteller"))))
                .jobLeases();
    }
}
