package org.lnteller.ports.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link JobLeases} in memory, faithful to {@link JobLeasesContract}. Thread-safe: every method
 * holds this object's monitor, so racing callers see one another's leases.
 */
public final class InMemoryJobLeases implements JobLeases {
    private record Lease(String holder, Instant expiresAt) {}

    private final Map<String, Lease> leases = new HashMap<>();

    @Override
    public synchronized boolean tryAcquire(String job, String holder, Instant now, Duration lease) {
        Objects.requireNonNull(now, "now");
        requireName(job, "job");
        requireName(holder, "holder");
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("a lease must last, not " + lease);
        Lease current = leases.get(job);
        boolean free = current == null || !current.expiresAt().isAfter(now);
        if (!free && !current.holder().equals(holder)) return false;
        leases.put(job, new Lease(holder, now.plus(lease)));
        return true;
    }

    @Override
    public synchronized void release(String job, String holder) {
        requireName(job, "job");
        requireName(holder, "holder");
        Lease current = leases.get(job);
        if (current != null && current.holder().equals(holder)) leases.remove(job);
    }

    /** The same limits as the database's VARCHAR(100) columns. */
    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException(what + " must be 1 to 100 characters, not '" + name + "'");
        }
    }
}
