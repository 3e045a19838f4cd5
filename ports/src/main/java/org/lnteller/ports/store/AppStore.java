package org.lnteller.ports.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.DispenseLine;

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

    /**
     * Takes the notes for one cash-out out of an app's cassettes, at most once per transaction, in
     * one serializable transaction: when a withdrawal for {@code tx} exists its lines are returned
     * and nothing changes (a re-sent dispense gets the same notes); otherwise {@code plan} is
     * called on the current cassettes and, when it returns lines, the cassette counts drop by them
     * and the withdrawal is recorded under {@code tx}. {@code plan} must be pure (it may run again
     * on a retry).
     *
     * @return the notes withdrawn for {@code tx}, or empty when {@code plan} found none (nothing written)
     * @throws NotFound for an unknown app
     * @throws IllegalArgumentException when the plan names an unknown cassette, another
     *                                  denomination, or more notes than a cassette holds
     */
    Optional<List<DispenseLine>> withdrawNotes(
            AppId app, TxId tx, Function<List<Cassette>, Optional<List<DispenseLine>>> plan);

    /**
     * Sets the app's status and, in the same transaction, raises {@link #revocations()}.
     * Idempotent in effect (setting the current status again changes nothing but the count).
     *
     * @throws NotFound for an unknown id
     */
    App setStatus(AppId id, AppStatus status);

    /**
     * Replaces the app's token hash (a rotated token: the old one stops working) and, in the same
     * transaction, raises {@link #revocations()}.
     *
     * @throws NotFound      for an unknown id
     * @throws AlreadyExists when another app has {@code tokenHash}; nothing is written
     */
    App replaceTokenHash(AppId id, String tokenHash);

    /**
     * A count that grows each time any app's status or token hash changes, through any store
     * sharing this one's data (server instances sharing a database). It never goes down; two reads
     * that differ mean some app may have lost access in between, so whatever a reader remembers
     * about apps is stale. One cheap read, meant to be polled.
     */
    long revocations();

    /** Sets when the app expires (empty: never). @throws NotFound for an unknown id */
    App setExpiry(AppId id, Optional<Instant> expiresAt);
}
