package org.lnteller.ports.model;

import java.util.Arrays;
import java.util.HexFormat;

/** SHA-256 of a payment preimage: the 32 bytes that identify a Lightning payment. */
public final class PaymentHash {
    private final byte[] bytes;

    private PaymentHash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static PaymentHash of(byte[] bytes) {
        return new PaymentHash(Hex.copy(bytes, 32, "payment hash"));
    }

    /** @throws IllegalArgumentException unless 64 hex characters */
    public static PaymentHash fromHex(String hex) {
        return new PaymentHash(Hex.parse(hex, 32, "payment hash"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaymentHash p && Arrays.equals(bytes, p.bytes);
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
