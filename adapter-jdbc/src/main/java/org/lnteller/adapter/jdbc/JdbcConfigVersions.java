package org.lnteller.adapter.jdbc;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.store.ConfigVersions;

/**
 * {@link ConfigVersions} on the {@code config_versions} table, one row per scope. Machines ask
 * every 30 seconds and the answer almost never changes, so the row is first read without a lock;
 * only a new fingerprint takes the write path.
 */
final class JdbcConfigVersions implements ConfigVersions {
    private record Latest(String fingerprint, int version) {}

    private final Database db;

    JdbcConfigVersions(Database db) {
        this.db = db;
    }

    @Override
    public int versionOf(String scope, String fingerprint) {
        requireName(scope, "scope", 100);
        requireName(fingerprint, "fingerprint", 64);
        Optional<Latest> seen = db.read("read the config version of " + scope, handle -> latest(handle, scope, false));
        if (seen.isPresent() && seen.get().fingerprint().equals(fingerprint))
            return seen.get().version();
        // Two instances that find no row both insert one; the primary key refuses the later (or
        // PostgreSQL reports a serialization failure). The loser runs again and reads the winner's row.
        return db.write(
                "record the config version of " + scope,
                handle -> {
                    Optional<Latest> current = latest(handle, scope, true);
                    if (current.isEmpty()) {
                        handle.createUpdate(
                                        "INSERT INTO config_versions (scope, fingerprint, version) VALUES (:scope, :fingerprint, 1)")
                                .bind("scope", scope)
                                .bind("fingerprint", fingerprint)
                                .execute();
                        return 1;
                    }
                    if (current.get().fingerprint().equals(fingerprint))
                        return current.get().version();
                    int next = Math.addExact(current.get().version(), 1);
                    handle.createUpdate(
                                    "UPDATE config_versions SET fingerprint = :fingerprint, version = :version WHERE scope = :scope")
                            .bind("scope", scope)
                            .bind("fingerprint", fingerprint)
                            .bind("version", next)
                            .execute();
                    return next;
                },
                SqlErrors::isUniqueViolation);
    }

    private static Optional<Latest> latest(org.jdbi.v3.core.Handle handle, String scope, boolean forUpdate) {
        return handle.createQuery("SELECT fingerprint, version FROM config_versions WHERE scope = :scope"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .bind("scope", scope)
                .map((rs, ctx) -> new Latest(rs.getString("fingerprint"), rs.getInt("version")))
                .findOne();
    }

    /** What the VARCHAR columns hold; checked here so that a bad name is a caller's error, not a StoreException. */
    private static void requireName(String name, String what, int max) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.length() > max) {
            throw new IllegalArgumentException(what + " must be 1 to " + max + " characters");
        }
    }
}
