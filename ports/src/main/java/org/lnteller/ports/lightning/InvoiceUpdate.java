package org.lnteller.ports.lightning;

import java.util.Objects;
import org.lnteller.ports.model.PaymentHash;

/** A pushed change of an incoming invoice. */
public record InvoiceUpdate(PaymentHash paymentHash, InvoiceStatus status) {
    public InvoiceUpdate {
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(status, "status");
    }
}
