package org.lnteller.app.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.store.JobLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background job as the scheduler runs it when several server instances share the database: a
 * pass runs only on the instance that holds the job's lease, and every pass renews it. The lease
 * lasts three intervals (at least {@link Leasing#minimum()}), so a holder that misses a pass or
 * two keeps its job, and a holder that died without releasing it hands it over once that runs
 * out. Never throws, so the scheduler keeps running it.
 *
 * <p>Runs on the scheduler's thread; {@link #release()} is meant for after the scheduler stopped.
 */
final class LeasedJob implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedJob.class);

    /**
     * What every job of one server instance shares.
     *
     * @param holder  this process's name in the leases, unique among the instances
     * @param minimum the shortest lease, however short a job's interval
     */
    record Leasing(JobLeases leases, String holder, Clock clock, Duration minimum) {
        Leasing {
            Objects.requireNonNull(leases, "leases");
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(clock, "clock");
            if (minimum.isNegative() || minimum.isZero())
                throw new IllegalArgumentException("the minimum lease must be positive");
        }

        /** The job named {@code job}, which runs {@code pass} every {@code interval} while this instance holds it. */
        LeasedJob job(String job, Duration interval, Runnable pass) {
            return new LeasedJob(this, job, interval, pass);
        }
    }

    private final Leasing leasing;
    private final String job;
    private final Duration interval;
    private final Duration lease;
    private final Runnable pass;
    /** What the last pass found, to log only the changes; null before the first. */
    private volatile @Nullable Boolean holding;

    private LeasedJob(Leasing leasing, String job, Duration interval, Runnable pass) {
        this.leasing = leasing;
        this.job = Objects.requireNonNull(job, "job");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.pass = Objects.requireNonNull(pass, "pass");
        Duration threeIntervals = interval.multipliedBy(3);
        this.lease = threeIntervals.compareTo(leasing.minimum()) > 0 ? threeIntervals : leasing.minimum();
    }

    /** How long after a pass this instance keeps the job. */
    Duration lease() {
        return lease;
    }

    /** How often the scheduler should run this. */
    Duration interval() {
        return interval;
    }

    /** One pass when this instance holds (or now takes) the lease; otherwise nothing. */
    @Override
    public void run() {
        try {
            boolean held = leasing.leases()
                    .tryAcquire(job, leasing.holder(), leasing.clock().instant(), lease);
            if (!Boolean.valueOf(held).equals(holding)) {
                if (held) LOG.info("{}: this instance ({}) runs it now, on a {} lease", job, leasing.holder(), lease);
                else LOG.info("{}: another instance runs it; this one ({}) stands by", job, leasing.holder());
            }
            holding = held;
            if (held) pass.run();
        } catch (RuntimeException e) {
            // The next pass tries again; a scheduled task that throws would never run again.
            LOG.error("{} pass failed", job, e);
        }
    }

    /**
     * Gives the job up when this instance holds it, so that another takes it over at its next pass
     * instead of after the lease. A failure is logged: the lease then runs out by itself.
     */
    void release() {
        try {
            leasing.leases().release(job, leasing.holder());
            holding = null;
        } catch (RuntimeException e) {
            LOG.warn(
                    "{}: lease not released ({}); another instance takes the job once it expires", job, e.getMessage());
        }
    }
}
