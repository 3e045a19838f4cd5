package org.lnteller.adapter.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;
import org.lnteller.ports.store.ConfigVersions;
import org.lnteller.ports.store.ConfigVersionsContract;

/** The ConfigVersions contract on PostgreSQL, a new schema per test; see {@link PostgresSchema} for when it runs. */
@ExtendWith(PostgresSchema.Required.class)
class PostgresConfigVersionsTest extends ConfigVersionsContract {
    @Override
    protected ConfigVersions newVersions() throws Exception {
        PostgresSchema schema = closeAfterEach(PostgresSchema.create());
        return closeAfterEach(JdbcStores.open(schema.url())).configVersions();
    }
}
