package org.lnteller.ports.lightning;

import java.util.Objects;
import org.lnteller.ports.model.MilliSatoshi;

/** The wallet's spendable balance and incoming funds not settled yet. */
public record Balance(MilliSatoshi available, MilliSatoshi pendingIncoming) {
    public Balance {
        Objects.requireNonNull(available, "available");
        Objects.requireNonNull(pendingIncoming, "pendingIncoming");
    }
}
