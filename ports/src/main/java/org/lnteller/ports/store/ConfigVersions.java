package org.lnteller.ports.store;

/**
 * Version numbers of configurations that are sent to machines, kept so that a number only ever
 * rises: across restarts, and across server instances sharing one database.
 *
 * <p>A configuration belongs to a scope (e.g. one app) and is known by a fingerprint (e.g. the
 * hex SHA-256 of a canonical encoding of its values). The store keeps, per scope, the latest
 * fingerprint and its version. Asking with the latest fingerprint answers its version; asking with
 * any other fingerprint, even one seen before, makes a new version one above the latest, so a
 * change back to an earlier configuration is a new version too (a machine holding a higher number
 * would otherwise keep the newer configuration).
 *
 * <p>Threading: safe for concurrent use, also across server instances sharing a database; racing
 * callers with the same new fingerprint get the same new version. Failures: {@link StoreException}
 * and its subclasses; nothing is written on a failure.
 */
public interface ConfigVersions {

    /**
     * The version of {@code scope}'s configuration whose fingerprint is {@code fingerprint}: the
     * stored version when {@code fingerprint} is the latest one of {@code scope}; otherwise one
     * above the latest version (1 for a scope seen the first time), stored with {@code fingerprint}
     * as the latest. Idempotent for a repeated fingerprint.
     *
     * @param scope       whose configuration, 1 to 100 characters
     * @param fingerprint what the configuration is, 1 to 64 characters
     * @return a version, at least 1
     * @throws IllegalArgumentException when a name is blank or too long
     */
    int versionOf(String scope, String fingerprint);
}
