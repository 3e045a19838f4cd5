package org.lnteller.ports.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An amount in millisatoshis (1/1000 of a satoshi), the unit of Lightning invoices and HTLCs.
 * Never negative; arithmetic is exact and throws {@link ArithmeticException} on overflow.
 */
public record MilliSatoshi(long msat) implements Comparable<MilliSatoshi> {
    public static final MilliSatoshi ZERO = new MilliSatoshi(0);

    public MilliSatoshi {
        if (msat < 0) throw new IllegalArgumentException("amount must not be negative: " + msat + " msat");
    }

    public static MilliSatoshi of(long msat) {
        return new MilliSatoshi(msat);
    }

    /** An optional count of millisatoshis (how the codec gives an invoice's amount) as an optional amount. */
    public static Optional<MilliSatoshi> ofOptional(OptionalLong msat) {
        return msat.isPresent() ? Optional.of(new MilliSatoshi(msat.getAsLong())) : Optional.empty();
    }

    public MilliSatoshi plus(MilliSatoshi other) {
        return new MilliSatoshi(Math.addExact(msat, other.msat));
    }

    /** @throws IllegalArgumentException when the result would be negative */
    public MilliSatoshi minus(MilliSatoshi other) {
        return new MilliSatoshi(Math.subtractExact(msat, other.msat));
    }

    /** Drops the sub-satoshi part: 1999 msat is 1 sat. */
    public Satoshi truncateToSatoshi() {
        return new Satoshi(msat / 1000);
    }

    /** Rounds a sub-satoshi part up: 1001 msat is 2 sat (what a payer must cover). */
    public Satoshi ceilToSatoshi() {
        return new Satoshi(msat / 1000 + (msat % 1000 == 0 ? 0 : 1));
    }

    /** True when this is a whole number of satoshis. */
    public boolean isWholeSatoshi() {
        return msat % 1000 == 0;
    }

    @Override
    public int compareTo(MilliSatoshi o) {
        return Long.compare(msat, o.msat);
    }

    @Override
    public String toString() {
        return msat + " msat";
    }
}
