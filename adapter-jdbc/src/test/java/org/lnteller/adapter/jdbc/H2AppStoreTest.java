package org.lnteller.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.AppStoreContract;

/** The AppStore contract on H2 (PostgreSQL mode), a new database file per test. */
class H2AppStoreTest extends AppStoreContract {
    @TempDir
    Path dir;

    @Override
    protected AppStore newStore() {
        return closeAfterEach(JdbcStores.open(JdbcStores.h2FileUrl(dir.resolve("lnteller"))))
                .apps();
    }
}
