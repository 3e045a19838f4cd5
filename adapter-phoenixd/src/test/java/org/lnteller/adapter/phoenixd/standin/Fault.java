package org.lnteller.adapter.phoenixd.standin;

import java.time.Duration;

/** What the stand-in does instead of answering a call normally. */
public sealed interface Fault {
    /** Answers this HTTP status (a 5xx: phoenixd's error page) and does nothing else. */
    record Status(int status) implements Fault {}

    /** Carries the call out (a payment is made), then closes the connection without answering. */
    record LostAnswer() implements Fault {}

    /**
     * A payment: starts it (pending, the funds held), closes the connection without answering,
     * and lets it succeed {@code settleAfter} later.
     */
    record ClosedMidPayment(Duration settleAfter) implements Fault {}

    /**
     * A payment: waits {@code delay} with the payment in flight, then carries it out and answers
     * (maybe to no one). A read: computes the answer, then delivers it {@code delay} late.
     */
    record Slow(Duration delay) implements Fault {}
}
