package org.lnteller.ports.validator;

import java.util.List;
import java.util.Objects;
import org.lnteller.ports.model.FiatAmount;

/** What a bill validator reports. {@link Stacked} is the only event that credits money. */
public sealed interface BillEvent {

    /** The device is up: its firmware version and the notes its currency table accepts. */
    record Ready(String version, List<FiatAmount> acceptedNotes) implements BillEvent {
        public Ready {
            acceptedNotes = List.copyOf(acceptedNotes);
        }
    }

    /** A note is held; the listener's escrow decision follows. */
    record Escrowed(FiatAmount note) implements BillEvent {
        public Escrowed {
            Objects.requireNonNull(note, "note");
        }
    }

    /** A note went into the cash box: credit it, exactly once. */
    record Stacked(FiatAmount note) implements BillEvent {
        public Stacked {
            Objects.requireNonNull(note, "note");
        }
    }

    /** A held note was given back to the customer. */
    record Returned(FiatAmount note) implements BillEvent {
        public Returned {
            Objects.requireNonNull(note, "note");
        }
    }

    /** The device refused a note it could not validate. */
    record Rejected(String reason) implements BillEvent {}

    /** The device is in a fault state (stacker full or open, jam, cheat, failure, ...). */
    record Fault(String kind, String detail) implements BillEvent {}

    /** The device stopped answering or the port went away; the driver keeps trying to reconnect. */
    record Disconnected(String cause) implements BillEvent {}
}
