package org.lnteller.adapter.http;

import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many {@code POST /tx} requests may be in flight, per app and in total. A request holds its
 * slot from authentication until its answer, body read included, so clients that send their body
 * slowly hold slots, not all of the server's threads: one app (one bought token) cannot take more
 * than {@code perApp}, all apps together not more than {@code total}, and the threads left over
 * keep answering polls, {@code /healthz} and the operator. A request over a limit is refused at
 * once, before its body is read, with {@code Retry-After}: 429 over its app's limit, 503 over the
 * server's (never 403, which makes a Lamassu machine unpair). Thread-safe.
 */
final class TxAdmission {
    /** A machine posts one transaction at a time and re-sends every 5 s; four leaves room for overlaps. */
    static final int DEFAULT_PER_APP = 4;
    /** Of Javalin's 250 request threads: the other 150 stay free for polls, health checks and the operator. */
    static final int DEFAULT_TOTAL = 100;

    static final long RETRY_AFTER_SECONDS = 1;

    private final int perApp;
    private final int total;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** In-flight counts of apps with at least one request in flight: bounded by {@code total}. */
    private final Map<String, Integer> byApp = new ConcurrentHashMap<>();

    TxAdmission(int perApp, int total) {
        if (perApp < 1 || total < 1)
            throw new IllegalArgumentException("POST /tx concurrency limits must be at least 1");
        this.perApp = perApp;
        this.total = total;
    }

    /** A slot taken; closing it gives it back (exactly once). */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a slot for {@code app}.
     *
     * @throws ApiError 429 over the app's limit, 503 over the server's, each with {@code Retry-After} set on {@code ctx}
     */
    Slot enter(Context ctx, String app) {
        if (inFlight.incrementAndGet() > total) {
            inFlight.decrementAndGet();
            ctx.header("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
            throw new ApiError(503, "busy", "the server has too many transaction posts in flight; retry shortly");
        }
        boolean[] admitted = {false};
        byApp.compute(app, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perApp) return count;
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            inFlight.decrementAndGet();
            ctx.header("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
            throw new ApiError(
                    429,
                    "tooManyRequests",
                    "this machine has " + perApp + " transaction posts in flight already; retry shortly");
        }
        AtomicInteger once = new AtomicInteger();
        return () -> {
            if (once.getAndIncrement() != 0) return;
            byApp.computeIfPresent(app, (key, count) -> count <= 1 ? null : count - 1);
            inFlight.decrementAndGet();
        };
    }

    /** Requests in flight now, for tests. */
    int inFlight() {
        return inFlight.get();
    }
}
