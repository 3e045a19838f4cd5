package org.lnteller.adapter.galoy.fake;

import java.time.Duration;
import java.util.Objects;

/** A fault the fake Blink server injects into the next calls of an operation. */
public sealed interface Fault {
    /** Answers with this HTTP status (5xx, 429, 401, ...) without running the operation. */
    record Status(int code) implements Fault {}

    /** Closes the connection without an answer, before running the operation. */
    record Drop() implements Fault {}

    /** Waits, then runs the operation and answers. */
    record Latency(Duration delay) implements Fault {
        public Latency {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Runs the operation (a payment happens), then answers only after {@code delay}: past a client's timeout. */
    record AnswerLate(Duration delay) implements Fault {
        public AnswerLate {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Runs the operation (a payment happens), then closes the connection without an answer. */
    record DropAfterRunning() implements Fault {}

    /** Answers HTTP 200 with a top-level GraphQL error and no data, without running the operation. */
    record TopLevelError(String code, String message) implements Fault {
        public TopLevelError {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Answers the operation's payload with {@code errors[]} holding this error (and {@code status}
     * when not null, for payment payloads), without running the operation.
     */
    record PayloadError(String code, String message, String status) implements Fault {
        public PayloadError {
            Objects.requireNonNull(message, "message");
        }
    }
}
