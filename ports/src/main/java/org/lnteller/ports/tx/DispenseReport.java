package org.lnteller.ports.tx;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of the {@code bills} a machine posts with {@code dispenseConfirmed}: what it says came
 * out of one cassette. Lamassu machines send the server's dispense answer back with
 * {@code dispensed} and {@code rejected} added; after a partial or failed dispense an entry may
 * lack its {@code denomination} or counts, so every part but the position is optional.
 *
 * @param position  1-based position of the entry in the posted list
 * @param cassette  the N of its {@code name} ({@code "cassetteN"}, 1-based in the app's cassette
 *                  order), when the name was there and readable; it wins over {@code position}
 * @param dispensed notes that reached the customer, when reported
 * @param rejected  notes the dispenser diverted to its reject bin, when reported
 */
public record DispenseReport(int position, OptionalInt cassette, OptionalInt dispensed, OptionalInt rejected) {
    public DispenseReport {
        Objects.requireNonNull(cassette, "cassette");
        Objects.requireNonNull(dispensed, "dispensed");
        Objects.requireNonNull(rejected, "rejected");
        if (position < 1) throw new IllegalArgumentException("positions are counted from 1");
        if (cassette.isPresent() && cassette.getAsInt() < 1)
            throw new IllegalArgumentException("cassettes are counted from 1");
        if (dispensed.isPresent() && dispensed.getAsInt() < 0)
            throw new IllegalArgumentException("dispensed must not be negative");
        if (rejected.isPresent() && rejected.getAsInt() < 0)
            throw new IllegalArgumentException("rejected must not be negative");
    }

    /** The cassette this entry is about: its name's number, else its position in the list (1-based). */
    public int target() {
        return cassette.orElse(position);
    }
}
