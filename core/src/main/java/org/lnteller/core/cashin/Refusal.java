package org.lnteller.core.cashin;

import org.lnteller.ports.tx.Rejection;

/** Carries a rejection out of the resolution steps; never leaves this package. */
final class Refusal extends RuntimeException {
    private final transient Rejection rejection;

    Refusal(Rejection rejection) {
        super(rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    Rejection rejection() {
        return rejection;
    }
}
