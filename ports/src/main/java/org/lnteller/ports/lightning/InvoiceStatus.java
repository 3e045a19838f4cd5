package org.lnteller.ports.lightning;

/** The state of an incoming invoice. */
public enum InvoiceStatus {
    /** Issued and not paid; still payable. */
    PENDING,
    /** Paid: the funds are the operator's. Final. */
    PAID,
    /** Expired unpaid. Final. */
    EXPIRED,
    /** The backend knows no invoice with that hash. */
    NOT_FOUND
}
