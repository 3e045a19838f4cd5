package org.lnteller.ports.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A transaction id as the machine chose it (Lamassu machines send a UUID). 1 to 64 characters of
 * letters, digits, '-' and '_', so it is safe in a URL path, a log line and a database key.
 */
public record TxId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public TxId {
        Objects.requireNonNull(value, "tx id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("tx id must be 1-64 letters, digits, '-' or '_'");
        }
    }

    public static TxId of(String value) {
        return new TxId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
