package org.lnteller.ports.model;

/**
 * Which way value moves, in Lamassu's words. {@code cashIn}: the customer buys sats with bills
 * and the server pays the customer's invoice. {@code cashOut}: the customer sells sats for notes
 * and the server issues an invoice.
 */
public enum Direction {
    CASH_IN("cashIn"),
    CASH_OUT("cashOut");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for anything but "cashIn" or "cashOut" */
    public static Direction fromWire(String text) {
        for (Direction d : values()) if (d.wire.equals(text)) return d;
        throw new IllegalArgumentException("direction must be \"cashIn\" or \"cashOut\", not \"" + text + "\"");
    }
}
