package org.lnteller.codec.lnurl;

import java.util.Optional;
import java.util.function.Function;
import org.lnteller.codec.bolt11.Bolt11Invoice;

/**
 * Where a customer wants their sats sent, as read from the QR code they showed the machine.
 * Produced by {@link PaymentDestinations#parse}; only a BOLT #11 invoice can be paid directly,
 * the LNURL kinds must first be resolved over HTTP into an invoice.
 */
public sealed interface PaymentDestination permits Bolt11Destination, LnurlPay, LightningAddress {

    /**
     * One function per kind.
     * Exhaustive: a new kind adds a parameter, so no caller compiles until it handles it.
     */
    <R> R fold(
            Function<? super Bolt11Destination, ? extends R> bolt11,
            Function<? super LnurlPay, ? extends R> lnurlPay,
            Function<? super LightningAddress, ? extends R> lightningAddress);

    /** The invoice to pay directly; empty for the LNURL kinds, which must first be resolved into one. */
    default Optional<Bolt11Invoice> directInvoice() {
        return fold(bolt11 -> Optional.of(bolt11.invoice()), lnurlPay -> Optional.empty(), address -> Optional.empty());
    }
}
