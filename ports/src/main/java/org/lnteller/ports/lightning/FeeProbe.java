package org.lnteller.ports.lightning;

import java.util.Objects;
import org.lnteller.ports.model.MilliSatoshi;

/** Whether an amount can be routed to a destination, and at what fee. */
public sealed interface FeeProbe {
    record Routable(MilliSatoshi fee) implements FeeProbe {
        public Routable {
            Objects.requireNonNull(fee, "fee");
        }
    }

    record Unroutable(PaymentFailure reason, String message) implements FeeProbe {}
}
