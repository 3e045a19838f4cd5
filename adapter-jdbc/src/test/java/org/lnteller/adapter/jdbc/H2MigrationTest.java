package org.lnteller.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2MigrationTest extends MigrationContract {
    @TempDir
    Path dir;

    @Override
    String newDatabaseUrl() {
        return JdbcStores.h2FileUrl(dir.resolve("lnteller"));
    }
}
