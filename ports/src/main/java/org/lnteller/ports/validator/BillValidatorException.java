package org.lnteller.ports.validator;

/** The one failure family of {@link BillValidator}: the port cannot be opened or the device is unusable. */
public class BillValidatorException extends RuntimeException {
    public BillValidatorException(String message) {
        super(message);
    }

    public BillValidatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
