package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * An outgoing payment: the BOLT11 invoice, its payment hash (decoded by the caller before paying,
 * so the payment can be reconciled whatever happens), and the amount to pay when the invoice has
 * none. {@code maxFee} bounds the routing fee.
 */
public record PaymentRequest(String bolt11, PaymentHash paymentHash, Optional<MilliSatoshi> amount,
                             MilliSatoshi maxFee) {
    public PaymentRequest {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(maxFee, "maxFee");
    }
}
