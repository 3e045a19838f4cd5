package org.lnteller.ports.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ConfigVersions} in memory, faithful to {@link ConfigVersionsContract}. Thread-safe: every
 * method holds this object's monitor.
 */
public final class InMemoryConfigVersions implements ConfigVersions {
    private record Latest(String fingerprint, int version) {}

    private final Map<String, Latest> latest = new HashMap<>();

    @Override
    public synchronized int versionOf(String scope, String fingerprint) {
        requireName(scope, "scope", 100);
        requireName(fingerprint, "fingerprint", 64);
        Latest current = latest.get(scope);
        if (current != null && current.fingerprint().equals(fingerprint)) return current.version();
        int next = current == null ? 1 : Math.addExact(current.version(), 1);
        latest.put(scope, new Latest(fingerprint, next));
        return next;
    }

    /** The same limits as the database's VARCHAR columns. */
    private static void requireName(String name, String what, int max) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.length() > max) {
            throw new IllegalArgumentException(what + " must be 1 to " + max + " characters");
        }
    }
}
