package org.lnteller.ports.validator;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lnteller.ports.model.FiatAmount;

/**
 * A bill validator whose customer is the test: it simulates a note acceptor with a currency table,
 * into which the test inserts notes ({@link #insertNote}), unreadable paper
 * ({@link #insertUnrecognisedNote}), faults and disconnections. It follows the port: Ready on
 * start, notes drawn in only while enabled, every note escrowed, decided by the listener, then
 * stacked or returned.
 *
 * <p>Threading: the port's. Events are delivered in order on one driver thread of its own (named
 * {@value #DRIVER_THREAD}), started by {@link #start} and stopped by {@link #close}; the methods
 * may be called from any thread. Whether a note is drawn in is decided when the test inserts it,
 * from the state {@link #enable}/{@link #disable} left, so a test never races the driver.
 * {@link #awaitIdle()} waits until everything inserted so far has been reported.
 *
 * <p>A listener that throws does not stop the driver: a failed {@code onEscrow} returns the note
 * (money is never taken without a decision), a failed {@code onEvent} is ignored.
 */
public final class ScriptedBillValidator implements BillValidator {
    public static final String DRIVER_THREAD = "scripted-bill-validator";
    public static final String VERSION = "scripted-1.0";

    private final String version;
    private final List<FiatAmount> acceptedNotes;
    private final Object lock = new Object();

    // guarded by lock
    private ExecutorService driver;
    private BillValidatorListener listener;
    private boolean closed;
    private String openFailure;
    // written under lock, read by the driver thread
    private volatile boolean enabled;

    /** @param acceptedNotes the currency table: the notes it takes in, reported in Ready */
    public ScriptedBillValidator(List<FiatAmount> acceptedNotes) {
        this(VERSION, acceptedNotes);
    }

    public ScriptedBillValidator(String version, List<FiatAmount> acceptedNotes) {
        this.version = Objects.requireNonNull(version, "version");
        this.acceptedNotes = List.copyOf(acceptedNotes);
        if (this.acceptedNotes.isEmpty())
            throw new IllegalArgumentException("a currency table needs at least one note");
    }

    // ---------------------------------------------------------------- the port

    /** @throws BillValidatorException when closed, or when {@link #failToOpen} said so */
    @Override
    public void start(BillValidatorListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (closed) throw new BillValidatorException("the validator was closed and cannot be started again");
            if (driver != null) return;
            if (openFailure != null) throw new BillValidatorException(openFailure);
            this.listener = listener;
            driver = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, DRIVER_THREAD);
                thread.setDaemon(true);
                return thread;
            });
            submit(() -> deliver(new BillEvent.Ready(version, acceptedNotes)));
        }
    }

    @Override
    public void enable() {
        synchronized (lock) {
            enabled = true;
        }
    }

    @Override
    public void disable() {
        synchronized (lock) {
            enabled = false;
        }
    }

    /**
     * Stops the driver and waits for it (unless called from a listener, on the driver thread
     * itself). A note already in escrow is still decided; events not yet begun are dropped, as a
     * device switched off reports nothing more.
     */
    @Override
    public void close() {
        ExecutorService stopping;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            enabled = false;
            stopping = driver;
        }
        if (stopping == null) return;
        stopping.shutdown();
        if (Thread.currentThread().getName().equals(DRIVER_THREAD)) return;
        try {
            stopping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the customer and the device

    /**
     * A customer presents {@code note}. While enabled the device draws it in: a note of the currency
     * table is escrowed, decided by the listener, then stacked or returned; any other note is
     * rejected. While not enabled (or not started, or closed) the device refuses to take it and
     * reports nothing.
     *
     * @return whether the device drew the note in
     */
    public boolean insertNote(FiatAmount note) {
        Objects.requireNonNull(note, "note");
        synchronized (lock) {
            if (!acceptingNow()) return false;
            submit(() -> {
                if (!acceptedNotes.contains(note)) {
                    deliver(new BillEvent.Rejected("note " + note + " is not in the currency table"));
                    return;
                }
                deliver(new BillEvent.Escrowed(note));
                if (decide(note) == EscrowDecision.STACK) {
                    deliver(new BillEvent.Stacked(note));
                } else {
                    deliver(new BillEvent.Returned(note));
                }
            });
            return true;
        }
    }

    /** A customer presents paper the device cannot validate: rejected while enabled, refused otherwise. */
    public boolean insertUnrecognisedNote() {
        synchronized (lock) {
            if (!acceptingNow()) return false;
            submit(() -> deliver(new BillEvent.Rejected("the note could not be validated")));
            return true;
        }
    }

    /** The device reports a fault (e.g. {@code "stacker-full"}); it keeps running. */
    public void fault(String kind, String detail) {
        raise(new BillEvent.Fault(kind, detail));
    }

    /** The device stops answering. */
    public void disconnect(String cause) {
        raise(new BillEvent.Disconnected(cause));
    }

    /** The device answers again after a disconnection and reports Ready as on start. */
    public void reconnect() {
        raise(new BillEvent.Ready(version, acceptedNotes));
    }

    /** The next {@link #start} throws {@link BillValidatorException} with {@code message}, as a missing port would. */
    public void failToOpen(String message) {
        synchronized (lock) {
            openFailure = Objects.requireNonNull(message, "message");
        }
    }

    /** Whether the device currently draws notes in. */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Waits until every event due so far has been delivered. Must not be called from a listener.
     *
     * @throws IllegalStateException when not started, or the driver does not catch up within 5 s
     */
    public void awaitIdle() throws InterruptedException {
        Future<?> marker;
        synchronized (lock) {
            if (driver == null) throw new IllegalStateException("not started");
            if (closed) return;
            marker = driver.submit(() -> {});
        }
        try {
            marker.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the driver did not catch up", e);
        }
    }

    // ---------------------------------------------------------------- inside

    /** Caller holds the lock. */
    private boolean acceptingNow() {
        return driver != null && !closed && enabled;
    }

    private void raise(BillEvent event) {
        synchronized (lock) {
            if (driver == null || closed) throw new IllegalStateException("the validator is not running");
            submit(() -> deliver(event));
        }
    }

    /** Caller holds the lock and has checked the driver runs. */
    private void submit(Runnable work) {
        try {
            driver.execute(() -> {
                // Work queued before close is dropped: a closed device reports nothing more.
                synchronized (lock) {
                    if (closed) return;
                }
                work.run();
            });
        } catch (RejectedExecutionException shutDown) {
            // Closed between the check and the submission: the note is simply not taken.
        }
    }

    /** On the driver thread. */
    private void deliver(BillEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException listenerFailure) {
            // The port asks the listener to return quickly, not to be flawless; the driver carries on.
        }
    }

    /** On the driver thread. */
    private EscrowDecision decide(FiatAmount note) {
        try {
            EscrowDecision decision = listener.onEscrow(note);
            return decision == null ? EscrowDecision.RETURN : decision;
        } catch (RuntimeException listenerFailure) {
            return EscrowDecision.RETURN;
        }
    }
}
