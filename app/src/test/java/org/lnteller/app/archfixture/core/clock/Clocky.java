package org.lnteller.app.archfixture.core.clock;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/** Reads the clock and makes randomness of its own, each way once; the last method is what core does instead. */
public class Clocky {
    public Object instantNow() {
        return Instant.now();
    }

    public Object systemUtc() {
        return Clock.systemUTC();
    }

    public Object systemDefaultZone() {
        return Clock.systemDefaultZone();
    }

    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    public Object newSecureRandom() {
        return new SecureRandom();
    }

    public Supplier<Instant> instantNowReference() {
        return Instant::now;
    }

    public Object allowed(Clock clock, SecureRandom random) {
        return Instant.now(clock).plusMillis(random.nextInt(10));
    }
}
