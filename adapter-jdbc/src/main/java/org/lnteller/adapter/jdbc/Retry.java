package org.lnteller.adapter.jdbc;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a conflicting database transaction is tried again: at most
 * {@code maxAttempts} attempts, sleeping between them a random time up to a ceiling that doubles
 * with every conflict ("full jitter"), so that racing writers spread out instead of colliding
 * again.
 *
 * <p>The ceiling starts at the longer of {@code firstCeiling} and the time the refused attempt
 * took: writers only succeed when they find the row unlocked, so the spacing they need grows with
 * how long each holds it, and a slow database (a busy CI disk) gets proportionally longer pauses.
 *
 * @param firstCeiling the longest sleep after the first conflict, at least
 * @param maxCeiling   the longest sleep ever
 */
record Retry(int maxAttempts, Duration firstCeiling, Duration maxCeiling) {
    /**
     * Enough for 16 threads racing on one row (the worst case the tests build); in production a
     * transaction sees at most a machine post racing the monitor.
     */
    static final Retry DEFAULT = new Retry(20, Duration.ofMillis(2), Duration.ofMillis(500));

    Retry {
        if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt");
    }

    /** Sleeps after failed attempt {@code attempt} (from 1), which took {@code took}. */
    void pauseAfter(int attempt, Duration took) throws InterruptedException {
        long baseMicros = Math.max(firstCeiling.toNanos(), took.toNanos()) / 1000;
        long ceilingMicros = Math.min(maxCeiling.toNanos() / 1000, baseMicros << Math.min(attempt - 1, 20));
        long micros = ThreadLocalRandom.current().nextLong(ceilingMicros + 1);
        Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
    }
}
