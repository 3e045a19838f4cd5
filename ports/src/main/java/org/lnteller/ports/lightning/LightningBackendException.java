package org.lnteller.ports.lightning;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Root of every infrastructure failure of a {@link LightningBackend}: unreachable, timed out,
 * not authorised, rate limited, or an answer that makes no sense. Expected refusals of a payment
 * are not exceptions but {@link PaymentOutcome.Failed} values. Messages never contain secrets.
 */
public class LightningBackendException extends RuntimeException {
    /** What failed, so callers can decide whether a retry may help. */
    public enum Kind {
        UNAVAILABLE,
        TIMEOUT,
        RATE_LIMITED,
        NOT_AUTHORIZED,
        INVALID_INPUT,
        PROTOCOL
    }

    private final Kind kind;

    public LightningBackendException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LightningBackendException(Kind kind, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Never null: every constructor takes a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    public Kind kind() {
        return kind;
    }
}
