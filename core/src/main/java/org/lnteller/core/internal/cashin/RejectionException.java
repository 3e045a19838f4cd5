package org.lnteller.core.internal.cashin;

import org.lnteller.ports.tx.Rejection;

/**
 * Carries a {@link Rejection} out of the resolution steps as an exception; never leaves this package.
 * Not a kind of refusal of its own: callers catch it and answer its rejection.
 */
public final class RejectionException extends RuntimeException {
    private final transient Rejection rejection;

    public RejectionException(Rejection rejection) {
        super(rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
