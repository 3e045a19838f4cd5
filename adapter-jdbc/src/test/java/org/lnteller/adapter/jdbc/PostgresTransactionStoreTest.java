package org.lnteller.adapter.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.store.TransactionStoreContract;

/** The TransactionStore contract on PostgreSQL, a new schema per test; see {@link PostgresSchema} for when it runs. */
@ExtendWith(PostgresSchema.Required.class)
class PostgresTransactionStoreTest extends TransactionStoreContract {
    @Override
    protected TransactionStore newStore() throws Exception {
        PostgresSchema schema = closeAfterEach(PostgresSchema.create());
        return closeAfterEach(JdbcStores.open(schema.url())).transactions();
    }
}
