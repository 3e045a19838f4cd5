package org.lnteller.ports.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** The 32-byte secret whose SHA-256 is a {@link PaymentHash}; proof that a payment settled. */
public final class Preimage {
    private final byte[] bytes;

    private Preimage(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Preimage of(byte[] bytes) {
        return new Preimage(Hex.copy(bytes, 32, "preimage"));
    }

    public static Preimage fromHex(String hex) {
        return new Preimage(Hex.parse(hex, 32, "preimage"));
    }

    public PaymentHash paymentHash() {
        try {
            return PaymentHash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preimage p && Arrays.equals(bytes, p.bytes);
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
