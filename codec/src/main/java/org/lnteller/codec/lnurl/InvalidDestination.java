package org.lnteller.codec.lnurl;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.lnteller.codec.bolt11.InvalidInvoice;

/**
 * A scanned code this server cannot pay to. The only exception {@link PaymentDestinations#parse}
 * throws; the message is written for the machine to show the customer.
 */
public final class InvalidDestination extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final InvalidInvoice.@Nullable Reason invoiceReason;

    InvalidDestination(String message) {
        super(Objects.requireNonNull(message, "message"));
        this.invoiceReason = null;
    }

    InvalidDestination(String message, InvalidInvoice cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.invoiceReason = cause.reason();
    }

    /** The message for the customer: never null, every constructor requires one. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    /** Why the invoice was refused, when the code held something that looked like a BOLT #11 invoice. */
    public Optional<InvalidInvoice.Reason> invoiceReason() {
        return Optional.ofNullable(invoiceReason);
    }
}
