package org.lnteller.adapter.jdbc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.lnteller.ports.store.AlreadyExists;
import org.lnteller.ports.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stores' work in database transactions at SERIALIZABLE, the pool's isolation level
 * ({@link JdbcStores} sets it on every connection once): writes are retried on conflict; reads
 * see a row and its child rows in one snapshot. No transaction reads or changes the level: with
 * PostgreSQL's driver each such call is a round trip of its own ({@code SHOW} / {@code SET}), and
 * JDBI's per-transaction level costs five of them around every transaction.
 *
 * <p>Failures of the database become {@link StoreException} ({@link AlreadyExists} for a unique
 * key); exceptions thrown by the work itself (a rule's refusal, {@link IllegalArgumentException},
 * {@link org.lnteller.ports.store.NotFound}) reach the caller unchanged, after the rollback.
 */
final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final Jdbi jdbi;
    private final Retry retry;
    private final AtomicLong conflicts = new AtomicLong();

    Database(Jdbi jdbi, Retry retry) {
        this.jdbi = jdbi;
        this.retry = retry;
    }

    /** See {@link #write(String, HandleCallback, Predicate)}; retries conflicts only. */
    <T> T write(String operation, HandleCallback<T, RuntimeException> work) {
        return write(operation, work, failure -> false);
    }

    /**
     * Runs {@code work} in a (SERIALIZABLE) transaction and commits it. When the database refuses
     * it for a conflict with a concurrent transaction (or {@code alsoRetry} accepts the failure),
     * runs it again from the start, up to the retry policy's bound.
     *
     * @param operation what is being done, for messages ("change transaction abc")
     * @param work      must be safe to run again: it reads what it needs inside the transaction
     */
    <T> T write(String operation, HandleCallback<T, RuntimeException> work, Predicate<Throwable> alsoRetry) {
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try {
                return jdbi.inTransaction(work);
            } catch (JdbiException failure) {
                boolean retryable = SqlErrors.isConflict(failure) || alsoRetry.test(failure);
                if (!retryable) throw translate(operation, failure);
                conflicts.incrementAndGet();
                if (attempt >= retry.maxAttempts()) {
                    throw new StoreException(
                            operation + ": gave up after " + attempt
                                    + " attempts that conflicted with concurrent writers",
                            failure);
                }
                log.debug("{}: attempt {} conflicted with a concurrent writer, retrying", operation, attempt);
                pause(operation, attempt, Duration.ofNanos(System.nanoTime() - started), failure);
            }
        }
    }

    /** Runs {@code work} in a transaction (one snapshot), without retries. */
    <T> T read(String operation, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (JdbiException failure) {
            throw translate(operation, failure);
        }
    }

    /** How many attempts were refused for a conflict and retried (or given up) since start. */
    long conflicts() {
        return conflicts.get();
    }

    private void pause(String operation, int attempt, Duration took, JdbiException failure) {
        try {
            retry.pauseAfter(attempt, took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StoreException interrupted = new StoreException(operation + ": interrupted while waiting to retry", e);
            interrupted.addSuppressed(failure);
            throw interrupted;
        }
    }

    private static StoreException translate(String operation, JdbiException failure) {
        String reason =
                SqlErrors.sqlException(failure).map(Throwable::getMessage).orElse(failure.getMessage());
        if (SqlErrors.isUniqueViolation(failure)) {
            AlreadyExists exists = new AlreadyExists(operation + ": a record with that key exists (" + reason + ")");
            exists.initCause(failure);
            return exists;
        }
        return new StoreException(operation + " failed: " + reason, failure);
    }
}
