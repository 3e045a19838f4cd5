package org.lnteller.ports.machine;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Lamassu machine's identity: the lowercase hex SHA-256 of the DER encoding of the TLS client
 * certificate it presents on every connection (what lamassu-server calls the device id).
 */
public record DeviceId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{64}");

    public DeviceId {
        Objects.requireNonNull(value, "device id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a device id is 64 lowercase hex characters (SHA-256 of the certificate)");
        }
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
