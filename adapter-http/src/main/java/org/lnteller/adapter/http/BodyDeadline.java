package org.lnteller.adapter.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * The whole-body read deadline: a request body (at most {@link Json#MAX_BODY_BYTES}) must have
 * arrived within {@code limit} of the handler starting to read it, however it trickles in.
 * Jetty's idle timeout alone starts again with every byte, so a client sending one byte a second
 * would hold a request thread for as long as it likes; past the deadline the connection is closed
 * under the blocked read, which frees the thread. Thread-safe.
 */
final class BodyDeadline {
    /** A few seconds: a machine's post is under 64 KiB, which even a 2G link carries in well under that. */
    static final Duration DEFAULT = Duration.ofSeconds(5);

    private static final int READING = 0;
    private static final int DONE = 1;
    private static final int EXPIRED = 2;

    private final Duration limit;
    private final ScheduledExecutorService timer;

    /** @param timer runs the closings; the caller owns and shuts it down */
    BodyDeadline(Duration limit, ScheduledExecutorService timer) {
        if (limit.isNegative() || limit.isZero())
            throw new IllegalArgumentException("the body read deadline must be positive");
        this.limit = limit;
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    interface Read {
        byte[] read() throws IOException;
    }

    /**
     * Runs {@code read} (which reads {@code ctx}'s body) under the deadline.
     *
     * @throws ApiError 408 when the deadline passed first (the connection is closed by then)
     * @throws IOException as {@code read} throws it otherwise
     */
    byte[] within(Context ctx, Read read) throws IOException {
        Request base = Request.getBaseRequest(ctx.req());
        EndPoint endPoint = base == null ? null : base.getHttpChannel().getEndPoint();
        if (endPoint == null) return read.read();
        AtomicInteger state = new AtomicInteger(READING);
        ScheduledFuture<?> closing = timer.schedule(
                () -> {
                    if (state.compareAndSet(READING, EXPIRED)) endPoint.close();
                },
                limit.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            byte[] body = read.read();
            if (state.compareAndSet(READING, DONE)) return body;
            throw timedOut();
        } catch (IOException | RuntimeException e) {
            if (state.get() == EXPIRED) throw timedOut();
            throw e;
        } finally {
            closing.cancel(false);
        }
    }

    private ApiError timedOut() {
        return new ApiError(
                408, "requestTimeout", "the request body did not arrive within " + limit.toMillis() + " ms");
    }
}
