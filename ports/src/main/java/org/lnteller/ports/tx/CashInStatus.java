package org.lnteller.ports.tx;

/** The summary status of a cash-in (the machine also reads the send flags). */
public enum CashInStatus {
    /** Bills being inserted, nothing sent. */
    PENDING("pending"),
    /** Payment in flight (sendPending). */
    AUTHORIZED("authorized"),
    /** Paid (sendConfirmed). */
    CONFIRMED("confirmed"),
    EXPIRED("expired"),
    /** Payment definitely failed; the operator refunds. */
    FAILED("failed");

    private final String wire;

    CashInStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static CashInStatus fromWire(String text) {
        for (CashInStatus s : values()) if (s.wire.equals(text)) return s;
        throw new IllegalArgumentException("unknown cash-in status \"" + text + "\"");
    }
}
