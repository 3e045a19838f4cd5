package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Preimage;

/**
 * What a payment came to, as far as the backend can say. Only {@link Failed} means no funds moved;
 * {@link Pending} and {@link Unknown} must be reconciled by payment hash and never paid again.
 */
public sealed interface PaymentOutcome {

    /**
     * Settled. {@code alreadyPaid} when the backend says this invoice was paid before. The preimage
     * is empty when the backend does not report it (Blink omits it for payments inside Blink).
     */
    record Succeeded(Optional<Preimage> preimage, MilliSatoshi fee, boolean alreadyPaid) implements PaymentOutcome {
        public Succeeded {
            Objects.requireNonNull(preimage, "preimage");
            Objects.requireNonNull(fee, "fee");
        }
    }

    /** Definitely not paid: the funds are still in the wallet. */
    record Failed(PaymentFailure reason, String message) implements PaymentOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Accepted and in flight; ask {@link LightningBackend#paymentStatus} later. */
    record Pending() implements PaymentOutcome {}

    /** The call broke off (timeout, 5xx, dropped connection): it may or may not have been paid. */
    record Unknown(String cause) implements PaymentOutcome {
        public Unknown {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
