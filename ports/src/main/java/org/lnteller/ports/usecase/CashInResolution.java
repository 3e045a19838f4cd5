package org.lnteller.ports.usecase;

/** What an operator may do with a cash-in that will not be paid. */
public enum CashInResolution {
    /** The payment failed; the customer got the cash back. */
    REFUND,
    /** It was never sent (the customer walked away); the cash is accounted for. */
    CANCEL
}
