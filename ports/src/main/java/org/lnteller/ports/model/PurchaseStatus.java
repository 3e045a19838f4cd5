package org.lnteller.ports.model;

/** The life of a self-service purchase: PENDING to PAID to CLAIMED, or PENDING to EXPIRED. */
public enum PurchaseStatus {
    PENDING,
    PAID,
    CLAIMED,
    EXPIRED
}
