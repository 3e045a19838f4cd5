package org.lnteller.ports.tx;

import java.util.Objects;

/** Why a transaction failed: a stable machine-readable code and a message a person can read. */
public record TxError(String code, String message) {
    public TxError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
