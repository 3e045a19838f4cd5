package org.lnteller.codec.lnurl;

/**
 * Where a customer wants their sats sent, as read from the QR code they showed the machine.
 * Produced by {@link PaymentDestinations#parse}; only a BOLT #11 invoice can be paid directly,
 * the LNURL kinds must first be resolved over HTTP into an invoice.
 */
public sealed interface PaymentDestination permits Bolt11Destination, LnurlPay, LightningAddress {}
