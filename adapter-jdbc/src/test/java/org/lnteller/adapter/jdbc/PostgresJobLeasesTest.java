package org.lnteller.adapter.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;
import org.lnteller.ports.store.JobLeases;
import org.lnteller.ports.store.JobLeasesContract;

/** The JobLeases contract on PostgreSQL, a new schema per test; see {@link PostgresSchema} for when it runs. */
@ExtendWith(PostgresSchema.Required.class)
class PostgresJobLeasesTest extends JobLeasesContract {
    @Override
    protected JobLeases newLeases() throws Exception {
        PostgresSchema schema = closeAfterEach(PostgresSchema.create());
        return closeAfterEach(JdbcStores.open(schema.url())).jobLeases();
    }
}
