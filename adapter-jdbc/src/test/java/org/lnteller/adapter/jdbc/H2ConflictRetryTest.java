package org.lnteller.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2ConflictRetryTest extends ConflictRetryContract {
    @TempDir
    Path dir;

    @Override
    String newDatabaseUrl() {
        return JdbcStores.h2FileUrl(dir.resolve("lnteller"));
    }

    @Override
    String countWaitingSessionsSql() {
        return "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL";
    }
}
