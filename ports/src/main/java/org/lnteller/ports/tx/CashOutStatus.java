package org.lnteller.ports.tx;

/**
 * The summary status of a cash-out, Lamassu's name for the stage of its {@link CashOutState};
 * {@code pending} is read as {@link #NOT_SEEN}. Lamassu knows more names ({@code published},
 * {@code authorized}, {@code instant}, {@code rejected}, {@code insufficientFunds}) for on-chain
 * cash-outs; no Lightning cash-out of this server reaches them.
 */
public enum CashOutStatus {
    /** Invoice issued, not paid yet. */
    NOT_SEEN("notSeen"),
    /** Invoice paid: the machine may dispense. */
    CONFIRMED("confirmed"),
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
        return this != NOT_SEEN;
    }
}
