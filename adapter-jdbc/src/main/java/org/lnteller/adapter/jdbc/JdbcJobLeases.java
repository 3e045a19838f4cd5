package org.lnteller.adapter.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.store.JobLeases;

/**
 * {@link JobLeases} on the {@code job_leases} table, one row per job. Instants are kept to the
 * microsecond, like every time in the store.
 */
final class JdbcJobLeases implements JobLeases {
    private record Lease(String holder, Instant expiresAt) {}

    private final Database db;

    JdbcJobLeases(Database db) {
        this.db = db;
    }

    @Override
    public boolean tryAcquire(String job, String holder, Instant now, Duration lease) {
        Objects.requireNonNull(now, "now");
        requireName(job, "job");
        requireName(holder, "holder");
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("a lease must last, not " + lease);
        Instant at = Sql.stored(now);
        Instant until = now.plus(lease);
        // Two instances that find no row both insert one; the primary key refuses the later
        // (PostgreSQL may report it as a serialization failure instead). Either way the loser runs
        // again, now reads the winner's row and answers false, as if it had come second.
        return db.write(
                "take the lease of job " + job,
                handle -> {
                    Optional<Lease> current = handle.createQuery(
                                    "SELECT holder, expires_at FROM job_leases WHERE job = :job FOR UPDATE")
                            .bind("job", job)
                            .map((rs, ctx) -> new Lease(rs.getString("holder"), Sql.instant(rs, "expires_at")))
                            .findOne();
                    if (current.isEmpty()) {
                        handle.createUpdate(
                                        "INSERT INTO job_leases (job, holder, expires_at) VALUES (:job, :holder, :expires_at)")
                                .bind("job", job)
                                .bind("holder", holder)
                                .bind("expires_at", Sql.timestamp(until))
                                .execute();
                        return true;
                    }
                    boolean running = current.get().expiresAt().isAfter(at);
                    if (running && !current.get().holder().equals(holder)) return false;
                    handle.createUpdate(
                                    "UPDATE job_leases SET holder = :holder, expires_at = :expires_at WHERE job = :job")
                            .bind("job", job)
                            .bind("holder", holder)
                            .bind("expires_at", Sql.timestamp(until))
                            .execute();
                    return true;
                },
                SqlErrors::isUniqueViolation);
    }

    @Override
    public void release(String job, String holder) {
        requireName(job, "job");
        requireName(holder, "holder");
        db.write(
                "release the lease of job " + job,
                handle -> handle.createUpdate("DELETE FROM job_leases WHERE job = :job AND holder = :holder")
                        .bind("job", job)
                        .bind("holder", holder)
                        .execute());
    }

    /** What the VARCHAR(100) columns hold; checked here so that a bad name is a caller's error, not a StoreException. */
    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException(what + " must be 1 to 100 characters, not '" + name + "'");
        }
    }
}
