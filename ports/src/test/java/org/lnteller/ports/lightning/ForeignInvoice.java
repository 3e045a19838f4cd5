package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * An invoice issued by some other wallet (a cash-in customer's), that the wallet under test can
 * pay: the invoice text as the machine would scan it, its payment hash as the caller decodes it,
 * and its amount (empty for an amount-less invoice).
 */
public record ForeignInvoice(String bolt11, PaymentHash paymentHash, Optional<MilliSatoshi> amount) {
    public ForeignInvoice {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(amount, "amount");
    }

    /** A request to pay this invoice, giving {@code amount} when the invoice has none. */
    public PaymentRequest toRequest(Optional<MilliSatoshi> amount, MilliSatoshi maxFee) {
        return new PaymentRequest(bolt11, paymentHash, amount, maxFee);
    }

    /** A request to pay this invoice for the amount it states. */
    public PaymentRequest toRequest(MilliSatoshi maxFee) {
        return toRequest(Optional.empty(), maxFee);
    }
}
