package org.lnteller.codec.bolt11;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lightning node's public key: 33 bytes, SEC1-compressed (first byte 02 or 03).
 * Only the shape is checked here; whether the point is on the curve is settled by signature
 * verification where it matters.
 */
public final class NodeId {
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private NodeId(byte[] bytes) {
        if (bytes.length != 33 || (bytes[0] != 2 && bytes[0] != 3)) {
            throw new IllegalArgumentException("a node id is a 33-byte compressed public key starting with 02 or 03");
        }
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException unless 33 bytes starting with 02 or 03 */
    public static NodeId of(byte[] bytes) {
        return new NodeId(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** @throws IllegalArgumentException unless 66 hex digits of a compressed key */
    public static NodeId fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 66) throw new IllegalArgumentException("a node id is 66 hex characters");
        return new NodeId(HEX.parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    /** 66 lower-case hex characters. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId n && Arrays.equals(bytes, n.bytes);
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
