package org.lnteller.adapter.serial;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.ports.validator.BillValidator;

/**
 * A simulated acceptor behind an in-memory cable that can be pulled and plugged in again: each
 * time the driver opens the port it gets a fresh pipe whose device end the simulator serves.
 */
final class PipedAcceptor implements AutoCloseable {
    /** Polls every 10 ms, 60 ms per answer, 3 attempts: a silent acceptor counts as gone after ~0.2 s. */
    static final Id003Settings FAST =
            Id003Settings.defaults().withTiming(Duration.ofMillis(10), Duration.ofMillis(60), 3, Duration.ofMillis(50));

    static final Duration WAIT = Duration.ofSeconds(10);

    final Id003Simulator simulator;
    private volatile boolean present = true;
    private volatile SerialLinks.Pipe pipe;
    private volatile TappedLink tap;
    private volatile int opened;

    PipedAcceptor(Id003Simulator simulator) {
        this.simulator = simulator;
    }

    SerialLinkOpener opener() {
        return () -> {
            if (!present) throw new IOException("no serial port at /dev/ttyTEST0");
            SerialLinks.Pipe fresh = SerialLinks.pipe();
            simulator.serve(fresh.device());
            pipe = fresh;
            tap = new TappedLink(fresh.host());
            opened++;
            return tap;
        };
    }

    BillValidator validator() {
        return validator(FAST);
    }

    BillValidator validator(Id003Settings settings) {
        return Id003BillValidators.over(opener(), settings);
    }

    /** Pulls the cable; the port stays absent until {@link #plugIn()}. */
    void unplug() {
        present = false;
        pipe.unplug();
    }

    void plugIn() {
        present = true;
    }

    /** The tap on the latest link the driver opened. */
    TappedLink tap() {
        return tap;
    }

    int timesOpened() {
        return opened;
    }

    /** Waits until {@code condition} holds, or fails after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        simulator.close();
        SerialLinks.Pipe p = pipe;
        if (p != null) p.unplug();
    }
}
