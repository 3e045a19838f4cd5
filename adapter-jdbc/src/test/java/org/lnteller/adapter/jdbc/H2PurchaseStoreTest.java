package org.lnteller.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.store.PurchaseStore;
import org.lnteller.ports.store.PurchaseStoreContract;

/** The PurchaseStore contract on H2 (PostgreSQL mode), a new database file per test. */
class H2PurchaseStoreTest extends PurchaseStoreContract {
    @TempDir
    Path dir;

    @Override
    protected PurchaseStore newStore() {
        return closeAfterEach(JdbcStores.open(JdbcStores.h2FileUrl(dir.resolve("lnteller"))))
                .purchases();
    }
}
