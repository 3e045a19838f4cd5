package org.lnteller.ports.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Time-limited leases on background jobs, so that of several server instances sharing one
 * database only one runs a job at a time, and another takes over when that one dies.
 *
 * <p>A lease names a job ({@code "invoice-monitor"}) and a holder (an id unique to one server
 * process) and lasts until an instant; it is free from that instant on. Instants come from the
 * caller's clock, so the instances' clocks must agree to well within a lease; the store may keep
 * them to the microsecond only. A lease bounds how long a dead holder blocks the job, and a
 * holder whose pass outlasts its lease may find another instance running the job too: leases keep
 * jobs from running twice in the normal case, they are not a substitute for jobs that are safe
 * to repeat.
 *
 * <p>Threading: safe for concurrent use, also across server instances sharing a database; racing
 * callers are serialised, so at any instant at most one holder holds a job.
 * Failures: {@link StoreException} and its subclasses; nothing is written on a failure.
 */
public interface JobLeases {

    /**
     * Takes or renews the lease of {@code job} for {@code holder}, until {@code now + lease}: when
     * no one holds it, when its lease expired ({@code expiresAt <= now}), or when {@code holder}
     * already holds it (a renewal, which may also shorten it). Otherwise changes nothing. Calling
     * it again with the same arguments changes nothing more.
     *
     * @param job    the job's name, at most 100 characters
     * @param holder who asks, at most 100 characters
     * @param lease  how long the lease lasts from {@code now}, positive
     * @return whether {@code holder} holds the lease now
     * @throws IllegalArgumentException when a name is blank or too long, or the lease not positive
     */
    boolean tryAcquire(String job, String holder, Instant now, Duration lease);

    /**
     * Gives up the lease of {@code job} when {@code holder} holds it, so that another holder may
     * take it at once; otherwise (someone else holds it, or no one) does nothing. Idempotent.
     *
     * @throws IllegalArgumentException when a name is blank or too long
     */
    void release(String job, String holder);
}
