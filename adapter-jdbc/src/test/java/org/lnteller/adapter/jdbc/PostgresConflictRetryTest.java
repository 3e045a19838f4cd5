package org.lnteller.adapter.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresSchema.Required.class)
class PostgresConflictRetryTest extends ConflictRetryContract {
    @Override
    String newDatabaseUrl() throws Exception {
        return closeAfterEach(PostgresSchema.create()).url();
    }

    @Override
    String countWaitingSessionsSql() {
        return "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
    }
}
