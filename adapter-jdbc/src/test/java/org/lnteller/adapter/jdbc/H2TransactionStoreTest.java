package org.lnteller.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.store.TransactionStoreContract;

/** The TransactionStore contract on H2 (PostgreSQL mode), a new database file per test. */
class H2TransactionStoreTest extends TransactionStoreContract {
    @TempDir
    Path dir;

    @Override
    protected TransactionStore newStore() {
        return closeAfterEach(JdbcStores.open(JdbcStores.h2FileUrl(dir.resolve("lnteller"))))
                .transactions();
    }
}
