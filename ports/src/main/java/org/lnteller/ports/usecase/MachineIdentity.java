package org.lnteller.ports.usecase;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The paired Lamassu machine that asks for its configuration, as the machine port authenticated
 * it. Its name on screens is the name of the app it is paired to.
 *
 * @param deviceId          lowercase hex SHA-256 of the DER bytes of its TLS client certificate (64 characters)
 * @param numberOfCassettes cash-out cassettes the machine reported when it paired, at least 0
 * @param numberOfRecyclers note recyclers the machine reported when it paired, at least 0
 */
public record MachineIdentity(String deviceId, int numberOfCassettes, int numberOfRecyclers) {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    public MachineIdentity {
        Objects.requireNonNull(deviceId, "deviceId");
        if (!FINGERPRINT.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("a device id is the lowercase hex SHA-256 of the client certificate");
        }
        if (numberOfCassettes < 0 || numberOfRecyclers < 0) {
            throw new IllegalArgumentException("a machine cannot have fewer than 0 cassettes or recyclers");
        }
    }
}
