package org.lnteller.ports.tx;

import java.util.Objects;
import org.lnteller.ports.model.FiatAmount;

/** One note stacked during a cash-in, in the order the machine reported it. */
public record Bill(FiatAmount denomination) {
    public Bill {
        Objects.requireNonNull(denomination, "denomination");
        if (denomination.isZero()) throw new IllegalArgumentException("a bill has a value");
    }
}
