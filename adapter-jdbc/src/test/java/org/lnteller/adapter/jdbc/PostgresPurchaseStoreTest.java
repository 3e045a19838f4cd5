package org.lnteller.adapter.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;
import org.lnteller.ports.store.PurchaseStore;
import org.lnteller.ports.store.PurchaseStoreContract;

/** The PurchaseStore contract on PostgreSQL, a new schema per test; see {@link PostgresSchema} for when it runs. */
@ExtendWith(PostgresSchema.Required.class)
class PostgresPurchaseStoreTest extends PurchaseStoreContract {
    @Override
    protected PurchaseStore newStore() throws Exception {
        PostgresSchema schema = closeAfterEach(PostgresSchema.create());
        return closeAfterEach(JdbcStores.open(schema.url())).purchases();
    }
}
