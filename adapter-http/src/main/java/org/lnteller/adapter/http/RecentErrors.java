package org.lnteller.adapter.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The last few hundred failures of the server's dependencies (Lightning backend, store, exchange
 * rates) met while answering requests, with their time, code and route, for the console's
 * problems list. Never messages (they may name hosts); per instance, in memory. Thread-safe.
 */
final class RecentErrors {
    static final int CAPACITY = 200;

    record Failure(Instant at, String code, String route) {}

    private final Clock clock;
    private final Deque<Failure> failures = new ArrayDeque<>();

    RecentErrors(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    synchronized void note(String code, String route) {
        if (failures.size() == CAPACITY) failures.removeFirst();
        failures.addLast(new Failure(clock.instant(), code, route));
    }

    /** Those of the last {@code window}, newest first. */
    synchronized List<Failure> within(Duration window) {
        Instant since = clock.instant().minus(window);
        List<Failure> recent = new ArrayList<>();
        for (var it = failures.descendingIterator(); it.hasNext(); ) {
            Failure f = it.next();
            if (f.at().isBefore(since)) break;
            recent.add(f);
        }
        return recent;
    }
}
