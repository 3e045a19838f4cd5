package org.lnteller.ports.usecase;

import java.util.Objects;

/** The answer to a purchase or a renewal: an invoice to pay, or a refusal. */
public sealed interface ProvisioningResult {

    record Offered(PurchaseOffer offer) implements ProvisioningResult {
        public Offered {
            Objects.requireNonNull(offer, "offer");
        }
    }

    record Refused(ProvisioningRefusal refusal) implements ProvisioningResult {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
