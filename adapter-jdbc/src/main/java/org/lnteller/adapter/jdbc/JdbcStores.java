package org.lnteller.adapter.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.ConfigVersions;
import org.lnteller.ports.store.DeviceStore;
import org.lnteller.ports.store.JobLeases;
import org.lnteller.ports.store.PurchaseStore;
import org.lnteller.ports.store.StoreException;
import org.lnteller.ports.store.TransactionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database stores: {@link TransactionStore}, {@link AppStore}, {@link PurchaseStore}, the
 * background jobs' {@link JobLeases} and the machines' {@link ConfigVersions}, over one connection
 * pool. {@link #open} migrates the schema (Flyway, {@code db/migration}) before it returns;
 * {@link #close()} closes the pool.
 *
 * <p>The JDBC URL alone selects the database: H2 ({@code jdbc:h2:...}, in PostgreSQL mode, see
 * {@link #DEFAULT_H2_URL}) for one machine, PostgreSQL ({@code jdbc:postgresql:...}) for
 * production and for several server instances sharing one database. Every state change runs in a
 * SERIALIZABLE transaction; a conflict with a concurrent writer is retried inside the store (up to
 * 20 attempts with jittered exponential backoff), then surfaces as {@link StoreException}.
 *
 * <p>Instants are kept to the microsecond; finer parts are truncated. Amounts are integers
 * (sats, fiat minor units); nothing is stored as a float.
 *
 * <p>Thread-safe. The stores it hands out stay usable until it is closed.
 */
public final class JdbcStores implements AutoCloseable {
    /** The embedded default: an H2 file under ./data, in the PostgreSQL mode the schema is written for. */
    public static final String DEFAULT_H2_URL = "jdbc:h2:file:./data/lnteller;" + H2Settings.SETTINGS;

    private static final Logger log = LoggerFactory.getLogger(JdbcStores.class);
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):[^/@]*@");

    private final HikariDataSource dataSource;
    private final Database database;
    private final int migrationsExecuted;
    private final TransactionStore transactions;
    private final AppStore apps;
    private final PurchaseStore purchases;
    private final JobLeases jobLeases;
    private final ConfigVersions configVersions;
    private final DeviceStore devices;
    private final StatementCounts statements;

    /**
     * Where to connect. {@code user} and {@code password} may be empty when the URL carries them
     * (or the database trusts the connection); {@link #toString()} never shows the password.
     *
     * @param maximumPoolSize connections in the pool, at least 1
     */
    public record Config(String url, Optional<String> user, Optional<String> password, int maximumPoolSize) {
        public static final int DEFAULT_POOL_SIZE = 10;

        public Config {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException(
                        "database URL must start with jdbc:h2: or jdbc:postgresql:, not " + redact(url));
            }
            if (maximumPoolSize < 1) throw new IllegalArgumentException("the pool needs at least one connection");
        }

        /** The URL alone, with the default pool size. */
        public static Config of(String url) {
            return new Config(url, Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE);
        }

        @Override
        public String toString() {
            return "Config[url=" + redact(url) + ", user=" + user.orElse("") + ", password="
                    + (password.isPresent() ? "***" : "") + ", maximumPoolSize=" + maximumPoolSize + "]";
        }
    }

    private JdbcStores(
            HikariDataSource dataSource, Database database, StatementCounts statements, int migrationsExecuted) {
        this.dataSource = dataSource;
        this.statements = statements;
        this.database = database;
        this.migrationsExecuted = migrationsExecuted;
        this.transactions = new JdbcTransactionStore(database);
        this.apps = new JdbcAppStore(database);
        this.purchases = new JdbcPurchaseStore(database);
        this.jobLeases = new JdbcJobLeases(database);
        this.configVersions = new JdbcConfigVersions(database);
        this.devices = new JdbcDeviceStore(database);
    }

    /** Opens {@code jdbcUrl} with the default pool size; see {@link #open(Config)}. */
    public static JdbcStores open(String jdbcUrl) {
        return open(Config.of(jdbcUrl));
    }

    /**
     * Connects, migrates the schema to the latest version (a no-op when it is current), and logs
     * which database it opened.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static JdbcStores open(Config config) {
        return open(config, Retry.DEFAULT);
    }

    static JdbcStores open(Config config, Retry retry) {
        String where = redact(config.url());
        reach(config, where);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari(config));
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + where + ": " + e.getMessage(), e);
        }
        try {
            MigrateResult migration = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            log.info(
                    "Opened {} at {}: schema version {}, {} migration(s) applied now",
                    product(dataSource),
                    where,
                    migration.targetSchemaVersion == null
                            ? migration.initialSchemaVersion
                            : migration.targetSchemaVersion,
                    migration.migrationsExecuted);
            // counted from here on: the stores' statements, not the migration's
            StatementCounts statements = new StatementCounts();
            return new JdbcStores(
                    dataSource,
                    new Database(Jdbi.create(new CountingDataSource(dataSource, statements)), retry),
                    statements,
                    migration.migrationsExecuted);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate the database at " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * One plain connection before the pool: an unreachable or refusing database is reported once, as
     * the driver's own reason, instead of through the pool's start-up failure (which the pool also
     * logs, stack trace and all).
     */
    private static void reach(Config config, String where) {
        Properties credentials = new Properties();
        config.user().ifPresent(user -> credentials.setProperty("user", user));
        config.password().ifPresent(password -> credentials.setProperty("password", password));
        try (Connection probe = DriverManager.getConnection(H2Settings.durable(config.url()), credentials)) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to " + where + ": " + redact(String.valueOf(e.getMessage())), e);
        }
    }

    /** The H2 URL, in the mode the schema is written for, of a database file at {@code file} (no extension). */
    public static String h2FileUrl(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";" + H2Settings.SETTINGS;
    }

    public TransactionStore transactions() {
        return transactions;
    }

    public AppStore apps() {
        return apps;
    }

    public PurchaseStore purchases() {
        return purchases;
    }

    /** Which server instance runs each background job, when several share this database. */
    public JobLeases jobLeases() {
        return jobLeases;
    }

    /** The version numbers of the configurations sent to Lamassu machines. */
    public ConfigVersions configVersions() {
        return configVersions;
    }

    /** The paired Lamassu machines, their pending pairings and their log lines. */
    public DeviceStore devices() {
        return devices;
    }

    /** What the stores sent to the database since open, by kind: for {@code /metrics} and the benchmark. */
    public StatementCounts statements() {
        return statements;
    }

    /** How many migrations {@link #open} ran: 0 when the schema was already current. */
    int migrationsExecuted() {
        return migrationsExecuted;
    }

    /** How many database transactions were refused for a conflict and retried since open. */
    long conflicts() {
        return database.conflicts();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariConfig hikari(Config config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(H2Settings.durable(config.url()));
        config.user().ifPresent(hikari::setUsername);
        config.password().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(config.maximumPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maximumPoolSize()));
        hikari.setPoolName("lnteller-db");
        // every transaction runs at this level (Database): set once per connection, never per transaction
        hikari.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
        return hikari;
    }

    private static String product(HikariDataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            return "database";
        }
    }

    /** The URL without passwords, for logs and messages. */
    static String redact(String url) {
        return USER_INFO
                .matcher(PASSWORD_PARAMETER.matcher(url).replaceAll("$1***"))
                .replaceAll("//$1:***@");
    }
}
