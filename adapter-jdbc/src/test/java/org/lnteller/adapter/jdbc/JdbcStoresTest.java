package org.lnteller.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.store.StoreException;
import org.slf4j.LoggerFactory;

/** The entry point: which URLs it takes, what it logs, how it fails. */
class JdbcStoresTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultUrlIsAnH2FileUnderDataInPostgresMode() {
        assertThat(JdbcStores.DEFAULT_H2_URL)
                .startsWith("jdbc:h2:file:./data/")
                .contains("MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH", "WRITE_DELAY=0");
        assertThat(JdbcStores.h2FileUrl(dir.resolve("x")))
                .isEqualTo(
                        "jdbc:h2:file:" + dir.resolve("x").toAbsolutePath()
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=4");
    }

    @Test
    void anH2DatabaseWritesEveryCommitToItsFileAtOnceSoAKilledProcessLosesNothingItAnswered() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("y").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        assertThat(H2Settings.durable(url)).contains(";WRITE_DELAY=0");
        assertThat(H2Settings.durable(url + ";WRITE_DELAY=100"))
                .as("an operator's own choice stands")
                .contains("WRITE_DELAY=100")
                .doesNotContain("WRITE_DELAY=0");
        assertThat(H2Settings.durable("jdbc:postgresql://db/x")).isEqualTo("jdbc:postgresql://db/x");
        try (JdbcStores stores = JdbcStores.open(url);
                java.sql.Connection c = java.sql.DriverManager.getConnection(H2Settings.durable(url));
                java.sql.ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("0");
        }
    }

    @Test
    void h2NeitherClosesItselfAtExitNorWritesATraceFileBesideTheDatabase() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("z").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        assertThat(H2Settings.durable(url)).contains(";DB_CLOSE_ON_EXIT=FALSE", ";TRACE_LEVEL_FILE=4");
        assertThat(H2Settings.durable(url + ";DB_CLOSE_ON_EXIT=TRUE"))
                .as("an operator's own choice stands")
                .doesNotContain("DB_CLOSE_ON_EXIT=FALSE");
        try (JdbcStores stores = JdbcStores.open(url);
                java.sql.Connection c = java.sql.DriverManager.getConnection(H2Settings.durable(url))) {
            // an error H2 would write to <name>.trace.db at its default trace level
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(java.sql.SQLException.class);
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".trace.db"));
        }
    }

    @Test
    void passwordsNeverAppearInMessagesOrLogs() {
        assertThat(JdbcStores.redact("jdbc:postgresql://db:5432/x?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/x?user=app&password=***&ssl=true");
        assertThat(JdbcStores.redact("jdbc:postgresql://app:s3cret@db/x")).isEqualTo("jdbc:postgresql://app:***@db/x");
        assertThat(new JdbcStores.Config("jdbc:h2:mem:x", Optional.of("sa"), Optional.of("s3cret"), 4).toString())
                .doesNotContain("s3cret")
                .contains("password=***");

        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(JdbcStores.class);
        logger.addAppender(logged);
        try (JdbcStores stores =
                JdbcStores.open(JdbcStores.h2FileUrl(dir.resolve("db")) + ";USER=sa;PASSWORD=s3cret")) {
            assertThat(logged.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).startsWith("Opened H2").contains("PASSWORD=***"))
                    .noneSatisfy(line -> assertThat(line).contains("s3cret"));
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void flywayKnowsTheH2ReleaseItMigratesSoItWarnsOfNoUntestedVersion() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger flyway = (Logger) LoggerFactory.getLogger("org.flywaydb");
        ch.qos.logback.classic.Level level = flyway.getLevel();
        // INFO too, so that the test sees Flyway speak at all: what it says about the database is at INFO and WARN
        flyway.setLevel(ch.qos.logback.classic.Level.INFO);
        flyway.addAppender(logged);
        try (JdbcStores stores = JdbcStores.open(JdbcStores.h2FileUrl(dir.resolve("flyway")))) {
            assertThat(logged.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .isNotEmpty()
                    .noneSatisfy(line -> assertThat(line).containsIgnoringCase("upgrade recommended"));
        } finally {
            flyway.detachAppender(logged);
            flyway.setLevel(level);
        }
    }

    @Test
    void onlyH2AndPostgresUrlsAreAccepted() {
        assertThatThrownBy(() -> JdbcStores.open("jdbc:mysql://localhost/x?password=s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void anUnreachableDatabaseIsAStoreExceptionWithoutThePassword() {
        assertThatThrownBy(() ->
                        JdbcStores.open("jdbc:postgresql://127.0.0.1:1/none?user=x&password=s3cret&connectTimeout=2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("s3cret");
    }
}
