package org.lnteller.ports.usecase;

import java.time.Instant;
import java.util.Objects;
import org.lnteller.ports.model.AppId;

/**
 * A pairing just created: the totem text (what the QR code holds; it carries a secret, so it is
 * shown to the operator once and never logged), the host in it and when it stops working.
 */
public record NewPairing(AppId app, String totem, String host, Instant expiresAt) {
    public NewPairing {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(totem, "totem");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "NewPairing[app=" + app + ", totem=<secret>, host=" + host + ", expiresAt=" + expiresAt + "]";
    }
}
