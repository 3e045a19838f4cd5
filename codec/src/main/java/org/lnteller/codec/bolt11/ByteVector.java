package org.lnteller.codec.bolt11;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes with value equality: payment secrets, description hashes,
 * metadata and witness programs inside an invoice.
 */
public final class ByteVector {
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private ByteVector(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static ByteVector of(byte[] bytes) {
        return new ByteVector(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** @throws IllegalArgumentException unless an even number of hex digits */
    public static ByteVector fromHex(String hex) {
        return new ByteVector(HEX.parseHex(Objects.requireNonNull(hex, "hex")));
    }

    /** Takes ownership of an array nobody else holds. */
    static ByteVector wrap(byte[] bytes) {
        return new ByteVector(bytes);
    }

    public int size() {
        return bytes.length;
    }

    /** A fresh copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** The bytes without copying, for this package, which never writes to them. */
    byte[] unsafeArray() {
        return bytes;
    }

    /** Lower-case hex, two digits a byte. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteVector b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
