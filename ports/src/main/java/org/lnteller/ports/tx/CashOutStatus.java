package org.lnteller.ports.tx;

/** Cash-out states with Lamassu's wire names; {@code pending} is read as {@link #NOT_SEEN}. */
public enum CashOutStatus {
    /** Invoice issued, not paid yet. */
    NOT_SEEN("notSeen"),
    PUBLISHED("published"),
    AUTHORIZED("authorized"),
    INSTANT("instant"),
    /** Invoice paid: the machine may dispense. */
    CONFIRMED("confirmed"),
    REJECTED("rejected"),
    INSUFFICIENT_FUNDS("insufficientFunds"),
    /** Invoice expired unpaid. */
    EXPIRED("expired");

    private final String wire;

    CashOutStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for a name Lamassu does not use */
    public static CashOutStatus fromWire(String text) {
        if ("pending".equals(text)) return NOT_SEEN;
        for (CashOutStatus s : values()) if (s.wire.equals(text)) return s;
        throw new IllegalArgumentException("unknown cash-out status \"" + text + "\"");
    }

    /** True when nothing more will happen to the invoice. */
    public boolean isFinal() {
        return this != NOT_SEEN && this != PUBLISHED && this != AUTHORIZED;
    }
}
