package org.lnteller.ports.lightning;

import java.time.Instant;
import java.util.Objects;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/** An invoice the backend issued: the BOLT11 text, its hash, amount and expiry (read from the invoice). */
public record CreatedInvoice(String bolt11, PaymentHash paymentHash, MilliSatoshi amount, Instant expiresAt) {
    public CreatedInvoice {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
