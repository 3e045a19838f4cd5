package org.lnteller.adapter.jdbc;

import java.sql.SQLException;
import java.util.Optional;

/** Reads what kind of failure a JDBC exception is, for PostgreSQL and H2 alike. */
final class SqlErrors {
    /** PostgreSQL and the SQL standard: serialization_failure. H2 also reports its deadlocks so. */
    private static final String SERIALIZATION_FAILURE = "40001";
    /** PostgreSQL: deadlock_detected. */
    private static final String DEADLOCK_DETECTED = "40P01";
    /** SQL standard class 23, unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    // H2 2.3 error codes (org.h2.api.ErrorCode), spelled out so that this class needs no H2 import.
    private static final int H2_DEADLOCK = 40001; // DEADLOCK_1
    private static final int H2_LOCK_TIMEOUT = 50200; // LOCK_TIMEOUT_1
    private static final int H2_CONCURRENT_UPDATE = 90131; // CONCURRENT_UPDATE_1
    private static final int H2_DUPLICATE_KEY = 23505; // DUPLICATE_KEY_1

    private SqlErrors() {}

    /**
     * True when the database refused the transaction because a concurrent one conflicted with it,
     * so that running it again on fresh data may succeed.
     */
    static boolean isConflict(Throwable failure) {
        return sqlException(failure)
                .map(e -> {
                    String state = e.getSQLState();
                    if (SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state)) return true;
                    if (isH2(e)) {
                        int code = e.getErrorCode();
                        return code == H2_DEADLOCK || code == H2_LOCK_TIMEOUT || code == H2_CONCURRENT_UPDATE;
                    }
                    return false;
                })
                .orElse(false);
    }

    /** True when a unique or primary key constraint refused a row. */
    static boolean isUniqueViolation(Throwable failure) {
        return sqlException(failure)
                .map(e -> UNIQUE_VIOLATION.equals(e.getSQLState()) || (isH2(e) && e.getErrorCode() == H2_DUPLICATE_KEY))
                .orElse(false);
    }

    /** The first SQLException in the cause chain, following SQLException's own chain too. */
    static Optional<SQLException> sqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                // Batch and wrapped failures carry the database's own error further down.
                for (SQLException next = e; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null) return Optional.of(next);
                }
                return Optional.of(e);
            }
            if (t.getCause() == t) break;
        }
        return Optional.empty();
    }

    private static boolean isH2(SQLException e) {
        return e.getClass().getName().startsWith("org.h2.");
    }
}
