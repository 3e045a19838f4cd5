package org.lnteller.kiosk;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.validator.BillValidator;

/**
 * The bill acceptor a kiosk session drives, with whatever must be released with it (a simulated
 * device), and for a simulated device the {@link NoteSlot} that presents notes.
 */
public final class Acceptor implements AutoCloseable {
    private final BillValidator validator;
    private final Optional<NoteSlot> slot;
    private final Runnable release;

    private Acceptor(BillValidator validator, Optional<NoteSlot> slot, Runnable release) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.slot = Objects.requireNonNull(slot, "slot");
        this.release = Objects.requireNonNull(release, "release");
    }

    /** Real hardware: notes come from customers, not from the terminal. */
    public static Acceptor hardware(BillValidator validator) {
        return new Acceptor(validator, Optional.empty(), () -> {});
    }

    /** A simulated device: {@code slot} presents notes, {@code release} stops the device after the validator closed. */
    public static Acceptor simulated(BillValidator validator, NoteSlot slot, Runnable release) {
        return new Acceptor(validator, Optional.of(slot), release);
    }

    public BillValidator validator() {
        return validator;
    }

    public Optional<NoteSlot> slot() {
        return slot;
    }

    /** Closes the validator (which inhibits the acceptor), then releases the device. Idempotent as the validator is. */
    @Override
    public void close() {
        try {
            validator.close();
        } finally {
            release.run();
        }
    }
}
