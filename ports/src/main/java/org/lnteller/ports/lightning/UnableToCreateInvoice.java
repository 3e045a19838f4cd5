package org.lnteller.ports.lightning;

import org.jspecify.annotations.Nullable;

/** The backend did not issue an invoice; none exists. */
public class UnableToCreateInvoice extends LightningBackendException {
    public UnableToCreateInvoice(Kind kind, String message, @Nullable Throwable cause) {
        super(kind, message, cause);
    }

    public UnableToCreateInvoice(Kind kind, String message) {
        super(kind, message);
    }
}
