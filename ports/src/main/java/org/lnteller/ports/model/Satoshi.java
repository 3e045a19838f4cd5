package org.lnteller.ports.model;

/**
 * An amount in satoshis (1/100,000,000 BTC). Never negative; arithmetic is exact and throws
 * {@link ArithmeticException} on overflow.
 */
public record Satoshi(long sat) implements Comparable<Satoshi> {
    public static final Satoshi ZERO = new Satoshi(0);
    /** 21 million BTC: no real amount is larger. */
    public static final Satoshi MAX_SUPPLY = new Satoshi(2_100_000_000_000_000L);

    public Satoshi {
        if (sat < 0) throw new IllegalArgumentException("amount must not be negative: " + sat + " sat");
    }

    public static Satoshi of(long sat) {
        return new Satoshi(sat);
    }

    public Satoshi plus(Satoshi other) {
        return new Satoshi(Math.addExact(sat, other.sat));
    }

    /** @throws IllegalArgumentException when the result would be negative */
    public Satoshi minus(Satoshi other) {
        return new Satoshi(Math.subtractExact(sat, other.sat));
    }

    public MilliSatoshi toMilliSatoshi() {
        return new MilliSatoshi(Math.multiplyExact(sat, 1000L));
    }

    public boolean isZero() {
        return sat == 0;
    }

    @Override
    public int compareTo(Satoshi o) {
        return Long.compare(sat, o.sat);
    }

    @Override
    public String toString() {
        return sat + " sat";
    }
}
