package org.lnteller.ports.lightning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so that expiry can be reached without
 * sleeping. Thread-safe: the instant is held atomically and may be read from any thread while a
 * test advances it.
 */
public final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public SettableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves time forward; never backwards, as no real clock an operator runs would. */
    public void advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("time only moves forward: " + by);
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's instant (moving one moves both). */
    @Override
    public Clock withZone(ZoneId zone) {
        return new SettableClock(now, zone);
    }
}
