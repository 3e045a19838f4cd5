package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * An invoice issued by some other wallet (a cash-in customer's), that the wallet under test can
 * pay, decoded as the machine's scan would be.
 */
public record ForeignInvoice(Bolt11Invoice invoice) {
    public ForeignInvoice {
        Objects.requireNonNull(invoice, "invoice");
    }

    /** The invoice text as the customer shows it. */
    public String bolt11() {
        return invoice.original();
    }

    public PaymentHash paymentHash() {
        return PaymentHash.of(invoice.paymentHash().toArray());
    }

    /** The amount the invoice asks for; empty for an amount-less invoice. */
    public Optional<MilliSatoshi> amount() {
        return MilliSatoshi.ofOptional(invoice.amountMsat());
    }

    /** A request to pay this invoice, giving {@code amount} when the invoice has none. */
    public PaymentRequest toRequest(Optional<MilliSatoshi> amount, MilliSatoshi maxFee) {
        return new PaymentRequest(invoice, amount, maxFee);
    }

    /** A request to pay this invoice for the amount it states. */
    public PaymentRequest toRequest(MilliSatoshi maxFee) {
        return toRequest(Optional.empty(), maxFee);
    }
}
