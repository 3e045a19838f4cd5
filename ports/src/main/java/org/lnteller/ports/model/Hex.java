package org.lnteller.ports.model;

import java.util.HexFormat;

/** Lower-case hex parsing shared by the fixed-size byte values. */
final class Hex {
    private Hex() {}

    static byte[] parse(String hex, int bytes, String what) {
        if (hex == null || hex.length() != bytes * 2) {
            throw new IllegalArgumentException(what + " must be " + bytes * 2 + " hex characters");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be " + bytes * 2 + " hex characters");
        }
    }

    static byte[] copy(byte[] value, int bytes, String what) {
        if (value == null || value.length != bytes) {
            throw new IllegalArgumentException(what + " must be " + bytes + " bytes");
        }
        return value.clone();
    }
}
