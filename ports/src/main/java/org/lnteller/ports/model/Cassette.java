package org.lnteller.ports.model;

import java.util.Objects;

/** One cash-out cassette of an ATM: its position (from 1), note denomination and notes left. */
public record Cassette(int position, FiatAmount denomination, int count) {
    public Cassette {
        Objects.requireNonNull(denomination, "denomination");
        if (position < 1) throw new IllegalArgumentException("cassettes are numbered from 1");
        if (denomination.isZero()) throw new IllegalArgumentException("a cassette's notes have a value");
        if (count < 0) throw new IllegalArgumentException("a cassette cannot hold fewer than 0 notes");
    }
}
