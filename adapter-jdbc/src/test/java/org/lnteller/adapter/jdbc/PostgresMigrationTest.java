package org.lnteller.adapter.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresSchema.Required.class)
class PostgresMigrationTest extends MigrationContract {
    @Override
    String newDatabaseUrl() throws Exception {
        return closeAfterEach(PostgresSchema.create()).url();
    }
}
