package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.Settings;

/**
 * Two server instances sharing one PostgreSQL database, as an operator scales out: each
 * background job runs on one of them at a time, and the other takes it over when that one stops.
 * H2 files cannot be opened by two servers, so this needs PostgreSQL: the base URL in
 * {@value #URL_VARIABLE}; without it the test is skipped, or fails under {@code CI=true}.
 *
 * <p>The two use the simulated backend in data folders of their own (its ledger is a file per
 * folder), so the test watches the leases in the database rather than payments.
 */
class TwoInstancesTest {
    private static final String URL_VARIABLE = "LNTELLER_TEST_POSTGRES_URL";
    private static final Set<String> JOBS = Set.of("invoice-monitor", "purchase-monitor", "send-reconciler");
    /** JOB_LEASE_MIN_MS below: with 100 ms intervals, every job's lease. */
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    private String baseUrl;
    private String schema;
    private String url;
    private LntellerServer a;
    private LntellerServer b;

    private record Lease(String holder, Instant expiresAt) {}

    @BeforeEach
    void createSchema() throws SQLException {
        baseUrl = requireBaseUrl();
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        schema = "lnteller_test_" + HexFormat.of().formatHex(random);
        execute("CREATE SCHEMA " + schema);
        url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @AfterEach
    void stopAndDropSchema() throws SQLException {
        if (a != null) a.close();
        if (b != null) b.close();
        if (schema != null) execute("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void eachJobRunsOnOneInstanceAndTheOtherTakesOverWhenItStops() throws Exception {
        a = start(dirA);
        b = start(dirB);
        Thread.sleep(1_500);

        // Both running: every job has one holder, one of the two, renewing its lease every pass.
        Map<String, Lease> first = leases();
        assertThat(first.keySet()).isEqualTo(JOBS);
        assertThat(first.values())
                .extracting(Lease::holder)
                .allMatch(h -> h.equals(a.jobHolder()) || h.equals(b.jobHolder()));
        Map<String, Lease> last = first;
        for (int sample = 0; sample < 5; sample++) {
            Thread.sleep(300);
            Map<String, Lease> now = leases();
            for (String job : JOBS) {
                assertThat(now.get(job).holder())
                        .as("holder of %s, sample %d", job, sample)
                        .isEqualTo(first.get(job).holder());
                assertThat(now.get(job).expiresAt())
                        .as("lease of %s renewed", job)
                        .isAfter(last.get(job).expiresAt());
            }
            last = now;
        }

        // The instance running the invoice monitor stops; the other runs every job from then on.
        boolean aHeld = first.get("invoice-monitor").holder().equals(a.jobHolder());
        LntellerServer stopping = aHeld ? a : b;
        String survivor = (aHeld ? b : a).jobHolder();
        stopping.close();
        Instant stopped = Instant.now();
        if (aHeld) a = null;
        else b = null;
        Duration tookOver = awaitHeldBy(survivor, JOBS, stopped.plus(LEASE).plusSeconds(2));
        assertThat(tookOver)
                .as("a stopped instance releases its jobs, no one waits for the lease")
                .isLessThan(LEASE);
        Thread.sleep(300);
        assertThat(leases().values()).extracting(Lease::holder).containsOnly(survivor);

        // An instance that dies cannot release: its job waits for the lease to run out, no longer.
        Instant dies = Instant.now();
        String dead = "crashed-host/" + java.util.UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement s =
                        c.prepareStatement("UPDATE job_leases SET holder = ?, expires_at = ? WHERE job = ?")) {
            s.setString(1, dead);
            s.setObject(2, OffsetDateTime.ofInstant(dies.plusSeconds(2), ZoneOffset.UTC));
            s.setString(3, "send-reconciler");
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        Thread.sleep(1_000);
        assertThat(leases().get("send-reconciler").holder())
                .as("a running lease is not taken")
                .isEqualTo(dead);
        awaitHeldBy(survivor, Set.of("send-reconciler"), dies.plusSeconds(4));
        assertThat(Instant.now()).isAfterOrEqualTo(dies.plusSeconds(2));
    }

    private LntellerServer start(Path dataDir) {
        Map<String, String> env = new HashMap<>(Map.of(
                "LNTELLER_DATA_DIR",
                dataDir.toString(),
                "HTTP_PORT",
                "0",
                "ADMIN_TOKEN",
                ServerHarness.ADMIN_TOKEN,
                "LNTELLER_DB_URL",
                url,
                "MONITOR_INTERVAL_MS",
                "100",
                "RECONCILE_INTERVAL_MS",
                "100",
                "JOB_LEASE_MIN_MS",
                Long.toString(LEASE.toMillis()),
                "ATM_PURCHASE_ENABLED",
                "true",
                "MACHINE_PORT",
                "off"));
        return LntellerServer.start(
                Config.from(Settings.of(env)),
                Clock.systemUTC(),
                new SecureRandom(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Polls until {@code holder} holds every one of {@code jobs}; returns how long that took from now. */
    private Duration awaitHeldBy(String holder, Set<String> jobs, Instant deadline) throws Exception {
        Instant from = Instant.now();
        while (true) {
            Map<String, Lease> now = leases();
            if (jobs.stream()
                    .allMatch(j -> now.containsKey(j) && now.get(j).holder().equals(holder))) {
                return Duration.between(from, Instant.now());
            }
            if (Instant.now().isAfter(deadline)) {
                Assertions.fail("by " + deadline + " " + holder + " did not hold " + jobs + ": " + now);
            }
            Thread.sleep(50);
        }
    }

    private Map<String, Lease> leases() throws SQLException {
        Map<String, Lease> leases = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT job, holder, expires_at FROM job_leases")) {
            while (rs.next()) {
                leases.put(
                        rs.getString("job"),
                        new Lease(
                                rs.getString("holder"),
                                rs.getObject("expires_at", OffsetDateTime.class).toInstant()));
            }
        }
        return leases;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(baseUrl);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The rule of adapter-jdbc's PostgreSQL tests: the base URL, or a skipped (locally) or failed (CI) test. */
    private static String requireBaseUrl() {
        Optional<String> url = Optional.ofNullable(System.getenv(URL_VARIABLE))
                .map(String::trim)
                .filter(u -> !u.isEmpty());
        if (url.isPresent()) return url.get();
        String missing = "two instances need a shared PostgreSQL: set " + URL_VARIABLE
                + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)";
        if ("true".equalsIgnoreCase(System.getenv("CI")))
            Assertions.fail(missing + "; CI=true, so it may not be skipped");
        Assumptions.abort(missing + "; skipped");
        throw new AssertionError("unreachable: abort throws");
    }
}
