package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Preimage;

/** What the backend knows of an outgoing payment, looked up by payment hash. */
public sealed interface OutgoingStatus {
    /** Settled; the preimage is empty when the backend does not report it. */
    record Succeeded(Optional<Preimage> preimage, MilliSatoshi fee) implements OutgoingStatus {
        public Succeeded {
            Objects.requireNonNull(preimage, "preimage");
            Objects.requireNonNull(fee, "fee");
        }
    }

    record Failed(String message) implements OutgoingStatus {}

    record Pending() implements OutgoingStatus {}

    /** No payment with that hash was ever started from this wallet. */
    record NotFound() implements OutgoingStatus {}
}
