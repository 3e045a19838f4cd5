package org.lnteller.ports.tx;

/** The summary status of a cash-in, Lamassu's name for the stage of its {@link CashInPayment}. */
public enum CashInStatus {
    /** Bills being inserted, nothing sent. */
    PENDING("pending"),
    /** Payment in flight. */
    AUTHORIZED("authorized"),
    /** Paid. */
    CONFIRMED("confirmed"),
    /** Payment definitely failed (or was refused before it started); the operator refunds. */
    FAILED("failed"),
    /** The operator refunded the customer's cash after a failure. Final. */
    REFUNDED("refunded"),
    /** The operator cancelled a cash-in that was never sent (the customer walked away). Final. */
    CANCELLED("cancelled");

    private final String wire;

    CashInStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** True when nothing more will happen to the transaction. */
    public boolean isClosed() {
        return this == CONFIRMED || this == FAILED || this == REFUNDED || this == CANCELLED;
    }

    public static CashInStatus fromWire(String text) {
        for (CashInStatus s : values()) if (s.wire.equals(text)) return s;
        throw new IllegalArgumentException("unknown cash-in status \"" + text + "\"");
    }
}
