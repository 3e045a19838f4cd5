package org.lnteller.adapter.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;
import org.lnteller.ports.store.DeviceStore;
import org.lnteller.ports.store.DeviceStoreContract;

/** The DeviceStore contract on PostgreSQL, a new schema per test; see {@link PostgresSchema} for when it runs. */
@ExtendWith(PostgresSchema.Required.class)
class PostgresDeviceStoreTest extends DeviceStoreContract {
    @Override
    protected DeviceStore newStore() throws Exception {
        PostgresSchema schema = closeAfterEach(PostgresSchema.create());
        return closeAfterEach(JdbcStores.open(schema.url())).devices();
    }
}
