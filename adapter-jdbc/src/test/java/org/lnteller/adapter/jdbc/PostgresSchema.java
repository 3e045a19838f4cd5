package org.lnteller.adapter.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A freshly created PostgreSQL schema with a unique name, so test runs never see each other's
 * rows; closing it drops it with everything in it.
 *
 * <p>The one place that decides whether PostgreSQL tests run: they need the base URL in
 * {@value #URL_VARIABLE} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 * Without it they are skipped, unless {@code CI=true}, where a skipped database test would hide a
 * broken build, so they fail. Register {@link Required} on a test class to apply the rule once.
 */
final class PostgresSchema implements AutoCloseable {
    static final String URL_VARIABLE = "LNTELLER_TEST_POSTGRES_URL";

    private final String baseUrl;
    private final String name;

    private PostgresSchema(String baseUrl, String name) {
        this.baseUrl = baseUrl;
        this.name = name;
    }

    private static final String MISSING =
            "PostgreSQL tests need " + URL_VARIABLE + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)";

    /** Applies the rule above: the base URL, or a skipped (locally) or failed (CI) test. */
    static String requireBaseUrl() {
        Optional<String> url = configuredUrl();
        if (url.isPresent()) return url.get();
        if (underCi()) Assertions.fail(MISSING + "; CI=true, so they may not be skipped");
        Assumptions.abort(MISSING + "; skipped");
        throw new AssertionError("unreachable: abort throws");
    }

    private static Optional<String> configuredUrl() {
        return Optional.ofNullable(System.getenv(URL_VARIABLE))
                .map(String::trim)
                .filter(u -> !u.isEmpty());
    }

    private static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Creates a new schema named {@code lnteller_test_<random>}. */
    static PostgresSchema create() throws SQLException {
        String baseUrl = requireBaseUrl();
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        PostgresSchema schema =
                new PostgresSchema(baseUrl, "lnteller_test_" + HexFormat.of().formatHex(random));
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    String name() {
        return name;
    }

    /** The base URL with this schema as the connections' current schema (search_path). */
    String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + name + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(baseUrl);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Skips a whole test class, reporting why, when PostgreSQL is not configured; under CI it lets
     * the tests run, and each fails in {@link #create()} with the same message.
     */
    static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (configuredUrl().isPresent()) return ConditionEvaluationResult.enabled(URL_VARIABLE + " is set");
            if (underCi()) return ConditionEvaluationResult.enabled("CI=true: PostgreSQL tests may not be skipped");
            return ConditionEvaluationResult.disabled(MISSING + "; skipped");
        }
    }
}
