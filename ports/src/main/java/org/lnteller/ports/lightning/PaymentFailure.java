package org.lnteller.ports.lightning;

/** Why a payment definitely did not happen (no funds left the wallet). */
public enum PaymentFailure {
    INSUFFICIENT_BALANCE,
    NO_ROUTE,
    INVOICE_EXPIRED,
    /** An amount-less invoice without an amount, or an amount that does not match. */
    AMOUNT_INVALID,
    /** Not a payable invoice (wrong network, malformed, bad signature). */
    INVALID_INVOICE,
    /** The backend refused it for another stated reason. */
    REFUSED
}
