package org.lnteller.codec.lnurl;

import java.util.Objects;
import org.lnteller.codec.bolt11.Bolt11Invoice;

/** A BOLT #11 invoice, decoded and signature-checked; possibly amount-less. */
public record Bolt11Destination(Bolt11Invoice invoice) implements PaymentDestination {
    public Bolt11Destination {
        Objects.requireNonNull(invoice, "invoice");
    }
}
