package org.lnteller.kiosk;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient a kiosk is with the server and the acceptor.
 *
 * @param requestTimeout one HTTP call (a probe or a send may take the server a few seconds: it
 *     probes routes and waits for the payment before it answers)
 * @param attempts how often a call that got no answer (timeout, refused or dropped connection, a
 *     502/503/504) is made in all; a post is re-sent unchanged, which the server answers as an
 *     exact repeat
 * @param retryDelay pause before each re-send
 * @param pollInterval pause between the status polls of a payment in flight
 * @param pollLimit how long a payment in flight is watched before the kiosk stops waiting
 * @param stackWait how long {@code send} waits for a note that is being stacked to be counted
 */
public record KioskTiming(
        Duration requestTimeout,
        int attempts,
        Duration retryDelay,
        Duration pollInterval,
        Duration pollLimit,
        Duration stackWait) {

    public KioskTiming {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(pollLimit, "pollLimit");
        Objects.requireNonNull(stackWait, "stackWait");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        if (requestTimeout.isNegative() || requestTimeout.isZero())
            throw new IllegalArgumentException("requestTimeout must be positive");
        if (pollInterval.isNegative() || pollInterval.isZero())
            throw new IllegalArgumentException("pollInterval must be positive");
    }

    /** 30 s per call, 4 attempts 2 s apart, polls every second for up to 2 minutes, 10 s for a note being stacked. */
    public static KioskTiming defaults() {
        return new KioskTiming(
                Duration.ofSeconds(30),
                4,
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofMinutes(2),
                Duration.ofSeconds(10));
    }
}
