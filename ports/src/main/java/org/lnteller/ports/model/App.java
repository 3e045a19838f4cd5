package org.lnteller.ports.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provisioned ATM. Its bearer token is never stored, only {@code tokenHash} (hex SHA-256 of the
 * token), so a database dump does not hand out machine credentials.
 *
 * @param pubkey    x-only secp256k1 public key (64 hex) the app is bound to, if any
 * @param expiresAt when the app stops being accepted; empty for never
 * @param maxPerTx  this ATM's own per-transaction limit, below the server's; empty for the server's alone
 */
public record App(
        AppId id,
        String name,
        String tokenHash,
        Optional<String> pubkey,
        AppStatus status,
        Instant createdAt,
        Optional<Instant> expiresAt,
        List<Cassette> cassettes,
        Optional<Satoshi> maxPerTx) {

    /** An app with no limit of its own. */
    public App(
            AppId id,
            String name,
            String tokenHash,
            Optional<String> pubkey,
            AppStatus status,
            Instant createdAt,
            Optional<Instant> expiresAt,
            List<Cassette> cassettes) {
        this(id, name, tokenHash, pubkey, status, createdAt, expiresAt, cassettes, Optional.empty());
    }

    public App {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(pubkey, "pubkey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(maxPerTx, "maxPerTx");
        cassettes = List.copyOf(cassettes);
        if (maxPerTx.isPresent() && maxPerTx.get().isZero())
            throw new IllegalArgumentException("a per-tx limit is positive");
        if (name.isBlank() || name.length() > 100)
            throw new IllegalArgumentException("app name must be 1-100 characters");
        if (cassettes.stream().map(Cassette::position).distinct().count() != cassettes.size()) {
            throw new IllegalArgumentException("cassette positions must be distinct");
        }
    }

    public App withCassettes(List<Cassette> next) {
        return new App(id, name, tokenHash, pubkey, status, createdAt, expiresAt, next, maxPerTx);
    }

    public App withStatus(AppStatus next) {
        return new App(id, name, tokenHash, pubkey, next, createdAt, expiresAt, cassettes, maxPerTx);
    }

    public App withTokenHash(String next) {
        return new App(id, name, next, pubkey, status, createdAt, expiresAt, cassettes, maxPerTx);
    }

    public App withExpiresAt(Optional<Instant> next) {
        return new App(id, name, tokenHash, pubkey, status, createdAt, next, cassettes, maxPerTx);
    }

    public boolean isUsableAt(Instant now) {
        return status == AppStatus.ACTIVE && expiresAt.map(now::isBefore).orElse(true);
    }
}
