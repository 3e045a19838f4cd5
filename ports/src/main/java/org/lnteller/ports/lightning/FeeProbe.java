package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.function.Function;
import org.lnteller.ports.model.MilliSatoshi;

/** Whether an amount can be routed to a destination, and at what fee. */
public sealed interface FeeProbe {

    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(Function<? super Routable, ? extends R> routable, Function<? super Unroutable, ? extends R> unroutable);

    record Routable(MilliSatoshi fee) implements FeeProbe {
        public Routable {
            Objects.requireNonNull(fee, "fee");
        }

        @Override
        public <R> R fold(
                Function<? super Routable, ? extends R> routable,
                Function<? super Unroutable, ? extends R> unroutable) {
            return routable.apply(this);
        }
    }

    record Unroutable(PaymentFailure reason, String message) implements FeeProbe {
        @Override
        public <R> R fold(
                Function<? super Routable, ? extends R> routable,
                Function<? super Unroutable, ? extends R> unroutable) {
            return unroutable.apply(this);
        }
    }
}
