package org.lnteller.ports.validator;

/**
 * A note acceptor. {@link #start} brings it up (power-up, reset, currency table) and reports
 * {@link BillEvent.Ready}; it accepts notes only between {@link #enable()} and {@link #disable()}.
 *
 * <p>Threading: events are delivered in order on one driver thread; the methods may be called from
 * any thread. A {@link BillEvent.Stacked} is delivered exactly once per note stacked.
 *
 * <p>Failures: {@link BillValidatorException} when the device cannot be opened; faults at run time
 * are events, not exceptions.
 */
public interface BillValidator extends AutoCloseable {

    /** Opens the device and starts the driver. Idempotent: a second call does nothing. */
    void start(BillValidatorListener listener);

    /**
     * Starts accepting notes. Asynchronous: the device may take a moment (a poll cycle) before it
     * accepts; a note presented while disabled is refused by the device or ignored.
     */
    void enable();

    /** Stops accepting notes; a note already in escrow is still decided. */
    void disable();

    /** Stops the driver and releases the device. Idempotent. */
    @Override
    void close();
}
