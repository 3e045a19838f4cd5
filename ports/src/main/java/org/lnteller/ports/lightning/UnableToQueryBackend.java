package org.lnteller.ports.lightning;

import org.jspecify.annotations.Nullable;

/** A read (status, balance, fee probe) failed; nothing changed on the backend. */
public class UnableToQueryBackend extends LightningBackendException {
    public UnableToQueryBackend(Kind kind, String message, @Nullable Throwable cause) {
        super(kind, message, cause);
    }

    public UnableToQueryBackend(Kind kind, String message) {
        super(kind, message);
    }
}
