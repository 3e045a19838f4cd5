package org.lnteller.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.store.ConfigVersions;
import org.lnteller.ports.store.ConfigVersionsContract;

/** The ConfigVersions contract on H2 (PostgreSQL mode), a new database file per test. */
class H2ConfigVersionsTest extends ConfigVersionsContract {
    @TempDir
    Path dir;

    @Override
    protected ConfigVersions newVersions() {
        return closeAfterEach(JdbcStores.open(url())).configVersions();
    }

    private String url() {
        return JdbcStores.h2FileUrl(dir.resolve("lnteller"));
    }

    @Test
    void versionsSurviveARestart() {
        versions.versionOf("app:atm-1", "a".repeat(64));
        versions.versionOf("app:atm-1", "b".repeat(64));

        try (JdbcStores reopened = JdbcStores.open(url())) {
            assertThat(reopened.configVersions().versionOf("app:atm-1", "b".repeat(64)))
                    .isEqualTo(2);
            assertThat(reopened.configVersions().versionOf("app:atm-1", "a".repeat(64)))
                    .isEqualTo(3);
        }
    }
}
