package org.lnteller.core.internal.machine;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Logs a warning at most once per interval for each key: a hundred machines asking every 30
 * seconds while the rate source is down would otherwise write thousands of identical lines. The
 * next line says how many were left out. Thread-safe.
 */
public final class WarningLimiter {
    private record Last(Instant at, int suppressed) {}

    private final Logger log;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Last> last = new HashMap<>();

    public WarningLimiter(Logger log, Clock clock, Duration interval) {
        this.log = log;
        this.clock = clock;
        this.interval = interval;
    }

    /** Logs {@code message} at WARNING unless {@code key} was logged less than the interval ago. */
    public void warn(String key, String message) {
        Instant now = clock.instant();
        int suppressed;
        synchronized (last) {
            Last previous = last.get(key);
            if (previous != null && now.isBefore(previous.at().plus(interval))) {
                last.put(key, new Last(previous.at(), previous.suppressed() + 1));
                return;
            }
            suppressed = previous == null ? 0 : previous.suppressed();
            last.put(key, new Last(now, 0));
        }
        log.log(
                Level.WARNING,
                suppressed == 0 ? message : message + " (" + suppressed + " more like it since the last)");
    }
}
