package org.lnteller.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.store.DeviceStore;
import org.lnteller.ports.store.DeviceStoreContract;

/** The DeviceStore contract on H2 (PostgreSQL mode), a new database file per test. */
class H2DeviceStoreTest extends DeviceStoreContract {
    @TempDir
    Path dir;

    @Override
    protected DeviceStore newStore() {
        return closeAfterEach(JdbcStores.open(JdbcStores.h2FileUrl(dir.resolve("lnteller"))))
                .devices();
    }
}
