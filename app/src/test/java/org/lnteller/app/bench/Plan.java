package org.lnteller.app.bench;

import java.time.Duration;

/**
 * What a run does.
 *
 * @param machines          machines running lifecycles at once (each its own app token)
 * @param duration          how long machines start new lifecycles; the ones under way then finish
 * @param pollMs            a waiting machine's status poll interval (Lamassu: 1000)
 * @param cashOutShare      the share of lifecycles that are cash-outs, 0..1
 * @param payDelayMs        how long after the invoice is shown the customer's wallet pays it
 * @param cashInThinkMs     between the post with the stacked bills and the post with send
 * @param lifecycleTimeout  a lifecycle not complete by then is an error
 * @param capacity          the measured part of the POST /tx capacity phase (0 skips it)
 * @param capacityWarmup    its unmeasured start, so that a cold JIT is not what is measured
 * @param seed              amounts and the cash-out / cash-in draw
 */
record Plan(
        int machines,
        Duration duration,
        long pollMs,
        double cashOutShare,
        long payDelayMs,
        long cashInThinkMs,
        Duration lifecycleTimeout,
        Duration capacity,
        Duration capacityWarmup,
        long seed) {
    Plan {
        if (machines < 1 || machines > 5_000)
            throw new IllegalArgumentException("machines must be 1..5000, not " + machines);
        if (duration.isNegative() || duration.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException("duration must be 0..2h, not " + duration);
        }
        if (pollMs < 10 || pollMs > 60_000)
            throw new IllegalArgumentException("poll interval must be 10..60000 ms, not " + pollMs);
        if (cashOutShare < 0 || cashOutShare > 1)
            throw new IllegalArgumentException("cash-out share must be 0..1, not " + cashOutShare);
        if (payDelayMs < 0 || payDelayMs > 600_000)
            throw new IllegalArgumentException("pay delay must be 0..600000 ms");
        if (cashInThinkMs < 0 || cashInThinkMs > 600_000)
            throw new IllegalArgumentException("cash-in think time must be 0..600000 ms");
    }

    static Plan defaults() {
        return new Plan(
                200,
                Duration.ofSeconds(60),
                1000,
                0.7,
                3000,
                2000,
                Duration.ofSeconds(60),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                9);
    }
}
