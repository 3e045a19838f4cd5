package org.lnteller.codec.lnurl;

import java.util.Objects;
import java.util.function.Function;
import org.lnteller.codec.bolt11.Bolt11Invoice;

/** A BOLT #11 invoice, decoded and signature-checked; possibly amount-less. */
public record Bolt11Destination(Bolt11Invoice invoice) implements PaymentDestination {
    @Override
    public <R> R fold(
            Function<? super Bolt11Destination, ? extends R> bolt11,
            Function<? super LnurlPay, ? extends R> lnurlPay,
            Function<? super LightningAddress, ? extends R> lightningAddress) {
        return bolt11.apply(this);
    }

    public Bolt11Destination {
        Objects.requireNonNull(invoice, "invoice");
    }
}
