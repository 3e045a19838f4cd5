package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * An outgoing payment: the BOLT11 invoice, decoded (and its signature checked) by the caller
 * before paying, so the payment hash it will be reconciled by is the invoice's own whatever
 * happens; the amount to pay when the invoice has none; and {@code maxFee}, the bound on the
 * routing fee.
 */
public record PaymentRequest(Bolt11Invoice invoice, Optional<MilliSatoshi> amount, MilliSatoshi maxFee) {
    public PaymentRequest {
        Objects.requireNonNull(invoice, "invoice");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(maxFee, "maxFee");
    }

    /** The invoice text exactly as it was decoded: what a backend is handed to pay. */
    public String bolt11() {
        return invoice.original();
    }

    /** The invoice's payment hash: what the payment is recorded and reconciled by. */
    public PaymentHash paymentHash() {
        return PaymentHash.of(invoice.paymentHash().toArray());
    }
}
