package org.lnteller.ports.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;

/**
 * A provisioned ATM. Its bearer token is never stored, only {@code tokenHash} (hex SHA-256 of the
 * token), so a database dump does not hand out machine credentials.
 *
 * @param pubkey    x-only secp256k1 public key (64 hex) the app is bound to, if any
 * @param expiresAt when the app stops being accepted; empty for never
 */
public record App(AppId id, String name, String tokenHash, Optional<String> pubkey, AppStatus status,
                  Instant createdAt, Optional<Instant> expiresAt, List<Cassette> cassettes) {
    public App {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(pubkey, "pubkey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        cassettes = List.copyOf(cassettes);
        if (name.isBlank() || name.length() > 100) throw new IllegalArgumentException("app name must be 1-100 characters");
        if (cassettes.stream().map(Cassette::position).distinct().count() != cassettes.size()) {
            throw new IllegalArgumentException("cassette positions must be distinct");
        }
    }

    public boolean isUsableAt(Instant now) {
        return status == AppStatus.ACTIVE && expiresAt.map(now::isBefore).orElse(true);
    }
}
