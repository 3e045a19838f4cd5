package org.lnteller.ports.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.lnteller.ports.model.AppId;

/**
 * Keeps the provisioned ATMs ("apps") and their cassettes.
 *
 * <p>Threading: safe for concurrent use, also across server instances sharing a database.
 * Failures: {@link StoreException} and its subclasses; nothing is written on a failure.
 */
public interface AppStore {

    /**
     * Stores a new app with its cassettes.
     *
     * @throws AlreadyExists when an app has the same id or token hash (idempotent callers that
     *                       derive the id from a payment may treat this as success)
     */
    void create(App app);

    /** The app, or empty for an unknown id. */
    Optional<App> find(AppId id);

    /** The app whose token hashes to {@code tokenHash}, or empty. */
    Optional<App> findByTokenHash(String tokenHash);

    /** All apps, oldest first. */
    List<App> list();

    /**
     * Replaces the app's cassettes with what {@code change} returns for the current ones, in one
     * serializable transaction (retried on conflict, so {@code change} must be pure).
     *
     * @return the app as written
     * @throws NotFound for an unknown id
     */
    App updateCassettes(AppId id, UnaryOperator<List<Cassette>> change);

    /** @throws NotFound for an unknown id */
    App setStatus(AppId id, AppStatus status);

    /** Sets when the app expires (empty: never). @throws NotFound for an unknown id */
    App setExpiry(AppId id, Optional<Instant> expiresAt);
}
