package org.lnteller.ports.tx;

import java.util.List;
import java.util.function.Function;

/**
 * What a machine asks for with a post, beyond its amounts: nothing yet, to send a cash-in, to
 * dispense a cash-out, or to record what it dispensed. Lamassu's {@code send},
 * {@code dispense} and {@code dispenseConfirmed} flags are read into one of these by the wire
 * mapping (only the flags of the post's direction count) and never kept.
 */
public sealed interface MachineRequest {

    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Nothing, ? extends R> nothing,
            Function<? super Send, ? extends R> send,
            Function<? super Dispense, ? extends R> dispense,
            Function<? super DispenseReported, ? extends R> dispenseReported,
            Function<? super UnaskedDispenseReport, ? extends R> unaskedDispenseReport);

    /** True for a cash-in the machine asks to pay. */
    default boolean asksToSend() {
        return fold(n -> false, s -> true, d -> false, r -> false, u -> false);
    }

    /** True for a cash-out the machine asks (or asked) to dispense. */
    default boolean asksToDispense() {
        return fold(n -> false, s -> false, d -> true, r -> true, u -> false);
    }

    /** True when the machine reports what it dispensed (asked for or not). */
    default boolean reportsDispense() {
        return fold(n -> false, s -> false, d -> false, r -> true, u -> true);
    }

    /** What the machine reports it dispensed, per cassette; empty unless it reports. */
    default List<DispenseReport> reports() {
        return fold(
                n -> List.of(),
                s -> List.of(),
                d -> List.of(),
                DispenseReported::reports,
                UnaskedDispenseReport::reports);
    }

    /** Nothing asked yet: bills are being stacked, or the cash-out waits for its invoice to be paid. */
    record Nothing() implements MachineRequest {
        @Override
        public <R> R fold(
                Function<? super Nothing, ? extends R> nothing,
                Function<? super Send, ? extends R> send,
                Function<? super Dispense, ? extends R> dispense,
                Function<? super DispenseReported, ? extends R> dispenseReported,
                Function<? super UnaskedDispenseReport, ? extends R> unaskedDispenseReport) {
            return nothing.apply(this);
        }
    }

    /** Cash-in: the customer pressed "send". */
    record Send() implements MachineRequest {
        @Override
        public <R> R fold(
                Function<? super Nothing, ? extends R> nothing,
                Function<? super Send, ? extends R> send,
                Function<? super Dispense, ? extends R> dispense,
                Function<? super DispenseReported, ? extends R> dispenseReported,
                Function<? super UnaskedDispenseReport, ? extends R> unaskedDispenseReport) {
            return send.apply(this);
        }
    }

    /** Cash-out: dispense the notes. */
    record Dispense() implements MachineRequest {
        @Override
        public <R> R fold(
                Function<? super Nothing, ? extends R> nothing,
                Function<? super Send, ? extends R> send,
                Function<? super Dispense, ? extends R> dispense,
                Function<? super DispenseReported, ? extends R> dispenseReported,
                Function<? super UnaskedDispenseReport, ? extends R> unaskedDispenseReport) {
            return dispense.apply(this);
        }
    }

    /** Cash-out: the notes were dispensed; {@code reports} say what came out of each cassette. */
    record DispenseReported(List<DispenseReport> reports) implements MachineRequest {
        public DispenseReported {
            reports = List.copyOf(reports);
        }

        @Override
        public <R> R fold(
                Function<? super Nothing, ? extends R> nothing,
                Function<? super Send, ? extends R> send,
                Function<? super Dispense, ? extends R> dispense,
                Function<? super DispenseReported, ? extends R> dispenseReported,
                Function<? super UnaskedDispenseReport, ? extends R> unaskedDispenseReport) {
            return dispenseReported.apply(this);
        }
    }

    /**
     * Cash-out: a dispense report in a post that does not ask to dispense ({@code dispenseConfirmed}
     * without {@code dispense}). Kept as the machine said it so that the rules can refuse it.
     */
    record UnaskedDispenseReport(List<DispenseReport> reports) implements MachineRequest {
        public UnaskedDispenseReport {
            reports = List.copyOf(reports);
        }

        @Override
        public <R> R fold(
                Function<? super Nothing, ? extends R> nothing,
                Function<? super Send, ? extends R> send,
                Function<? super Dispense, ? extends R> dispense,
                Function<? super DispenseReported, ? extends R> dispenseReported,
                Function<? super UnaskedDispenseReport, ? extends R> unaskedDispenseReport) {
            return unaskedDispenseReport.apply(this);
        }
    }
}
