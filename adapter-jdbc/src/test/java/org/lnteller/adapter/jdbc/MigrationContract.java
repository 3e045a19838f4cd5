package org.lnteller.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schema migrates from empty on each database, and opening it again changes nothing. */
abstract class MigrationContract {
    private static final List<String> TABLES = List.of(
            "transactions",
            "tx_bills",
            "tx_dispense_lines",
            "tx_actions",
            "apps",
            "app_cassettes",
            "purchases",
            "cassette_withdrawals",
            "job_leases",
            "config_versions");
    /** Every migration in src/main/resources/db/migration, in order. */
    private static final List<String> VERSIONS = List.of("1", "2", "3", "4", "5", "6", "8");

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A URL of a fresh, empty database (or schema). */
    abstract String newDatabaseUrl() throws Exception;

    final <C extends AutoCloseable> C closeAfterEach(C resource) {
        opened.add(resource);
        return resource;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
    }

    @Test
    void anEmptyDatabaseIsMigratedAndASecondOpenIsANoOp() throws Exception {
        String url = newDatabaseUrl();

        try (JdbcStores first = JdbcStores.open(url)) {
            assertThat(first.migrationsExecuted()).isEqualTo(VERSIONS.size());
        }
        try (JdbcStores second = JdbcStores.open(url)) {
            assertThat(second.migrationsExecuted()).isZero();
        }

        try (Connection c = DriverManager.getConnection(url)) {
            for (String table : TABLES) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table).isZero();
                }
            }
            try (ResultSet rs = c.createStatement()
                    .executeQuery(
                            "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
                List<String> applied = new ArrayList<>();
                while (rs.next()) {
                    assertThat(rs.getBoolean("success"))
                            .as("migration " + rs.getString("version"))
                            .isTrue();
                    applied.add(rs.getString("version"));
                }
                assertThat(applied).isEqualTo(VERSIONS);
            }
        }
    }
}
