package org.lnteller.ports.validator;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.lnteller.ports.model.FiatAmount;

/** What a bill validator reports. {@link Stacked} is the only event that credits money. */
public sealed interface BillEvent {
    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Ready, ? extends R> ready,
            Function<? super Escrowed, ? extends R> escrowed,
            Function<? super Stacked, ? extends R> stacked,
            Function<? super Returned, ? extends R> returned,
            Function<? super Rejected, ? extends R> rejected,
            Function<? super Fault, ? extends R> fault,
            Function<? super Disconnected, ? extends R> disconnected);

    /** The device is up: its firmware version and the notes its currency table accepts. */
    record Ready(String version, List<FiatAmount> acceptedNotes) implements BillEvent {
        @Override
        public <R> R fold(
                Function<? super Ready, ? extends R> ready,
                Function<? super Escrowed, ? extends R> escrowed,
                Function<? super Stacked, ? extends R> stacked,
                Function<? super Returned, ? extends R> returned,
                Function<? super Rejected, ? extends R> rejected,
                Function<? super Fault, ? extends R> fault,
                Function<? super Disconnected, ? extends R> disconnected) {
            return ready.apply(this);
        }

        public Ready {
            acceptedNotes = List.copyOf(acceptedNotes);
        }
    }

    /** A note is held; the listener's escrow decision follows. */
    record Escrowed(FiatAmount note) implements BillEvent {
        @Override
        public <R> R fold(
                Function<? super Ready, ? extends R> ready,
                Function<? super Escrowed, ? extends R> escrowed,
                Function<? super Stacked, ? extends R> stacked,
                Function<? super Returned, ? extends R> returned,
                Function<? super Rejected, ? extends R> rejected,
                Function<? super Fault, ? extends R> fault,
                Function<? super Disconnected, ? extends R> disconnected) {
            return escrowed.apply(this);
        }

        public Escrowed {
            Objects.requireNonNull(note, "note");
        }
    }

    /** A note went into the cash box: credit it, exactly once. */
    record Stacked(FiatAmount note) implements BillEvent {
        @Override
        public <R> R fold(
                Function<? super Ready, ? extends R> ready,
                Function<? super Escrowed, ? extends R> escrowed,
                Function<? super Stacked, ? extends R> stacked,
                Function<? super Returned, ? extends R> returned,
                Function<? super Rejected, ? extends R> rejected,
                Function<? super Fault, ? extends R> fault,
                Function<? super Disconnected, ? extends R> disconnected) {
            return stacked.apply(this);
        }

        public Stacked {
            Objects.requireNonNull(note, "note");
        }
    }

    /** A held note was given back to the customer. */
    record Returned(FiatAmount note) implements BillEvent {
        @Override
        public <R> R fold(
                Function<? super Ready, ? extends R> ready,
                Function<? super Escrowed, ? extends R> escrowed,
                Function<? super Stacked, ? extends R> stacked,
                Function<? super Returned, ? extends R> returned,
                Function<? super Rejected, ? extends R> rejected,
                Function<? super Fault, ? extends R> fault,
                Function<? super Disconnected, ? extends R> disconnected) {
            return returned.apply(this);
        }

        public Returned {
            Objects.requireNonNull(note, "note");
        }
    }

    /** The device refused a note it could not validate. */
    record Rejected(String reason) implements BillEvent {
        @Override
        public <R> R fold(
                Function<? super Ready, ? extends R> ready,
                Function<? super Escrowed, ? extends R> escrowed,
                Function<? super Stacked, ? extends R> stacked,
                Function<? super Returned, ? extends R> returned,
                Function<? super Rejected, ? extends R> rejected,
                Function<? super Fault, ? extends R> fault,
                Function<? super Disconnected, ? extends R> disconnected) {
            return rejected.apply(this);
        }
    }

    /** The device is in a fault state (stacker full or open, jam, cheat, failure, ...). */
    record Fault(String kind, String detail) implements BillEvent {
        @Override
        public <R> R fold(
                Function<? super Ready, ? extends R> ready,
                Function<? super Escrowed, ? extends R> escrowed,
                Function<? super Stacked, ? extends R> stacked,
                Function<? super Returned, ? extends R> returned,
                Function<? super Rejected, ? extends R> rejected,
                Function<? super Fault, ? extends R> fault,
                Function<? super Disconnected, ? extends R> disconnected) {
            return fault.apply(this);
        }
    }

    /** The device stopped answering or the port went away; the driver keeps trying to reconnect. */
    record Disconnected(String cause) implements BillEvent {
        @Override
        public <R> R fold(
                Function<? super Ready, ? extends R> ready,
                Function<? super Escrowed, ? extends R> escrowed,
                Function<? super Stacked, ? extends R> stacked,
                Function<? super Returned, ? extends R> returned,
                Function<? super Rejected, ? extends R> rejected,
                Function<? super Fault, ? extends R> fault,
                Function<? super Disconnected, ? extends R> disconnected) {
            return disconnected.apply(this);
        }
    }
}
