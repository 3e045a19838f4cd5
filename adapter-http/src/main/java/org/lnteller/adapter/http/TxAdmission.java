package org.lnteller.adapter.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
    /** Guards the counts below; fair, so its condition wakes the longest waiter first. */
    private final ReentrantLock lock = new ReentrantLock(true);

    private final Condition slotFreed = lock.newCondition();
    /** Slots taken, handed-over ones included; guarded by {@link #lock}. */
    private int taken;
    /** Posts waiting for a slot; guarded by {@link #lock}. */
    private int waiting;
    /**
     * Slots given back while posts waited, handed to them: a waiter leaves the queue the moment a
     * slot is handed over, not when its thread next runs, so the queue's bound is never met by
     * posts that have a slot already. Guarded by {@link #lock}.
     */
    private int handedOver;
    /** In-flight (or waiting) counts of apps with at least one request in flight: bounded by {@code 2 * total}. */
    private final Map<String, Integer> byApp = new ConcurrentHashMap<>();

    TxAdmission(int perApp, int total, Duration wait) {
        if (perApp < 1 || total < 1)
            throw new IllegalArgumentException("POST /tx concurrency limits must be at least 1");
        if (wait.isNegative()) throw new IllegalArgumentException("the wait for a POST /tx slot must not be negative");
        this.perApp = perApp;
        this.total = total;
        this.waitNanos = wait.toNanos();
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
            releaseServerSlot();
            leaveApp(app);
        };
    }

    private boolean takeServerSlot() {
        lock.lock();
        try {
            // first come, first served: a free slot goes to a newcomer only while nobody waits
            if (taken < total && waiting == 0) {
                taken++;
                return true;
            }
            if (waitNanos == 0 || waiting >= total) return false;
            waiting++;
            long left = waitNanos;
            try {
                while (handedOver == 0) {
                    if (left <= 0) {
                        waiting--;
                        return false;
                    }
                    left = slotFreed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                if (handedOver > 0) {
                    // a slot was handed to the queue meanwhile: this waiter takes it and gives it back, so
                    // that the counts stay true whichever waiter it was meant for
                    handedOver--;
                    releaseServerSlot();
                } else {
                    waiting--;
                }
                Thread.currentThread().interrupt();
                return false;
            }
            // waiting was counted down by the release that handed this slot over
            handedOver--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void releaseServerSlot() {
        lock.lock();
        try {
            if (waiting > 0) {
                // the slot stays taken: it passes to the longest waiter
                waiting--;
                handedOver++;
                slotFreed.signal();
            } else {
                taken--;
            }
        } finally {
            lock.unlock();
        }
    }

    private void leaveApp(String app) {
        byApp.computeIfPresent(app, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Requests in flight now (slots taken), for tests. */
    int inFlight() {
        lock.lock();
        try {
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a slot now, for tests. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
