package org.lnteller.ports.tx;

import java.util.Objects;
import java.util.OptionalInt;
import org.lnteller.ports.model.FiatAmount;

/**
 * Notes of one cassette for a cash-out: how many were provisioned (taken from the cassette for
 * this tx) and, once the machine confirms, how many it dispensed and rejected.
 *
 * <p>A cash-out's lines list every cassette of its app in the app's cassette order, zeros included
 * (Lamassu machines read the dispense answer by position): the line at index i (0-based) is
 * Lamassu's {@code "cassette" + (i + 1)}. Transactions provisioned before that rule may list only
 * the cassettes that gave notes.
 *
 * @param cassette the cassette's position in the app (from 1)
 */
public record DispenseLine(
        int cassette, FiatAmount denomination, int provisioned, OptionalInt dispensed, OptionalInt rejected) {
    public DispenseLine {
        Objects.requireNonNull(denomination, "denomination");
        Objects.requireNonNull(dispensed, "dispensed");
        Objects.requireNonNull(rejected, "rejected");
        if (cassette < 1) throw new IllegalArgumentException("cassettes are numbered from 1");
        if (provisioned < 0) throw new IllegalArgumentException("provisioned must not be negative");
    }
}
