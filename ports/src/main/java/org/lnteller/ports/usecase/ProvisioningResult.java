package org.lnteller.ports.usecase;

import java.util.Objects;
import java.util.function.Function;

/** The answer to a purchase or a renewal: an invoice to pay, or a refusal. */
public sealed interface ProvisioningResult {
    /**
     * One function per case.
     * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(Function<? super Offered, ? extends R> offered, Function<? super Refused, ? extends R> refused);

    record Offered(PurchaseOffer offer) implements ProvisioningResult {
        @Override
        public <R> R fold(
                Function<? super Offered, ? extends R> offered, Function<? super Refused, ? extends R> refused) {
            return offered.apply(this);
        }

        public Offered {
            Objects.requireNonNull(offer, "offer");
        }
    }

    record Refused(ProvisioningRefusal refusal) implements ProvisioningResult {
        @Override
        public <R> R fold(
                Function<? super Offered, ? extends R> offered, Function<? super Refused, ? extends R> refused) {
            return refused.apply(this);
        }

        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
