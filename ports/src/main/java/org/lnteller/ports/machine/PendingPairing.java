package org.lnteller.ports.machine;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.lnteller.ports.model.AppId;

/**
 * A pairing the operator created and no machine has completed yet. Its two single-use secrets
 * (the {@code /ca} token and the {@code /pair} token) are kept only as hashes (64 lowercase hex).
 *
 * @param host the host name or address written into the totem, which the machine will call
 */
public record PendingPairing(
        String caSecretHash, String pairSecretHash, AppId app, String host, Instant createdAt, Instant expiresAt) {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public PendingPairing {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!HASH.matcher(caSecretHash).matches()
                || !HASH.matcher(pairSecretHash).matches()) {
            throw new IllegalArgumentException("secret hashes are 64 lowercase hex characters");
        }
        if (caSecretHash.equals(pairSecretHash)) throw new IllegalArgumentException("the two secrets differ");
        if (host.isBlank() || host.length() > 253) throw new IllegalArgumentException("host must be 1-253 characters");
        if (!expiresAt.isAfter(createdAt)) throw new IllegalArgumentException("a pairing expires after it is created");
    }
}
