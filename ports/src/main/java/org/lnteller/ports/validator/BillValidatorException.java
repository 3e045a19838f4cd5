package org.lnteller.ports.validator;

import org.jspecify.annotations.Nullable;

/** The one failure family of {@link BillValidator}: the port cannot be opened or the device is unusable. */
public class BillValidatorException extends RuntimeException {
    public BillValidatorException(String message) {
        super(message);
    }

    public BillValidatorException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
