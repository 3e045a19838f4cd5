package org.lnteller.adapter.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many {@code POST /tx} requests may be in flight, per app and in total. A request holds its
 * slot from authentication until its answer, body read included, so clients that send their body
 * slowly hold slots, not all of the server's threads: one app (one bought token) cannot take more
 * than {@code perApp}, all apps together not more than {@code total}, and the threads left over
 * keep answering polls, {@code /healthz} and the operator.
 *
 * <p>A request over its app's limit is refused at once with 429. A request over the server's limit
 * waits up to {@code wait} for a slot, first come first served, as long as no more than
 * {@code total} others wait already (so waiters, too, hold a bounded number of threads); a burst
 * of posts from many machines is served a little later instead of refused, and only a server
 * that stays full for the whole wait, or a queue that is full, answers 503. Both refusals carry
 * {@code Retry-After} and come before the body is read (never 403, which makes a Lamassu machine
 * unpair). Thread-safe.
 */
final class TxAdmission {
    /** A machine posts one transaction at a time and re-sends every 5 s; four leaves room for overlaps. */
    static final int DEFAULT_PER_APP = 4;
    /**
     * Of Javalin's 250 request threads: at most 100 in flight and 100 waiting, the other 50 stay
     * free for polls, health checks and the operator.
     */
    static final int DEFAULT_TOTAL = 100;
    /**
     * How long a post over the server's limit waits for a slot: a burst of twice the limit is served
     * (200 posts at 200/s take a second), and it is well inside the 20 s a Lamassu machine waits.
     */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    static final long RETRY_AFTER_SECONDS = 1;

    private final int perApp;
    private final int total;
    private final long waitNanos;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    /** In-flight (or waiting) counts of apps with at least one request in flight: bounded by {@code 2 * total}. */
    private final Map<String, Integer> byApp = new ConcurrentHashMap<>();

    TxAdmission(int perApp, int total, Duration wait) {
        if (perApp < 1 || total < 1)
            throw new IllegalArgumentException("POST /tx concurrency limits must be at least 1");
        if (wait.isNegative()) throw new IllegalArgumentException("the wait for a POST /tx slot must not be negative");
        this.perApp = perApp;
        this.total = total;
        this.waitNanos = wait.toNanos();
        this.slots = new Semaphore(total, true);
    }

    /** A slot taken; closing it gives it back (exactly once). */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a slot for {@code app}, waiting for one if the server is full.
     *
     * @throws ApiError 429 over the app's limit, 503 over the server's, each with {@code Retry-After} set on {@code ctx}
     */
    Slot enter(Context ctx, String app) {
        try {
            return enter(app);
        } catch (ApiError e) {
            ctx.header("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
            throw e;
        }
    }

    /**
     * Takes a slot for {@code app}, waiting for one if the server is full.
     *
     * @throws ApiError 429 over the app's limit, 503 over the server's
     */
    Slot enter(String app) {
        boolean[] admitted = {false};
        byApp.compute(app, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perApp) return count;
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            throw new ApiError(
                    429,
                    "tooManyRequests",
                    "this machine has " + perApp + " transaction posts in flight already; retry shortly");
        }
        if (!takeServerSlot()) {
            leaveApp(app);
            throw new ApiError(503, "busy", "the server has too many transaction posts in flight; retry shortly");
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (!closed.compareAndSet(false, true)) return;
            slots.release();
            leaveApp(app);
        };
    }

    private boolean takeServerSlot() {
        try {
            // a zero timeout keeps the queue's order, unlike tryAcquire(): no barging past waiters
            if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) return true;
            if (waitNanos == 0) return false;
            if (waiting.incrementAndGet() > total) {
                waiting.decrementAndGet();
                return false;
            }
            try {
                return slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void leaveApp(String app) {
        byApp.computeIfPresent(app, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Requests in flight now, for tests. */
    int inFlight() {
        return total - slots.availablePermits();
    }

    /** Requests waiting for a slot now, for tests. */
    int waiting() {
        return waiting.get();
    }
}
