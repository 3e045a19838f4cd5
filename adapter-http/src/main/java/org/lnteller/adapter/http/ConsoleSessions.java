package org.lnteller.adapter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator console's server-side sessions: a random 256-bit id (the {@code HttpOnly} cookie)
 * with a random 256-bit CSRF token, an idle expiry and an absolute one. Kept in memory on this
 * instance only: a restart signs everyone out, and several instances behind one address need a
 * sticky balancer for the console (the bearer token works everywhere). Thread-safe.
 */
final class ConsoleSessions {
    /** Signed out after this long without a request. */
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    /** Signed out this long after signing in, however busy. */
    static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(12);
    /** More than any operator team has open at once; beyond it the oldest session goes. */
    static final int MAX_SESSIONS = 1000;

    record Session(String id, String csrf, Instant createdAt, Instant lastUsedAt) {
        @Override
        public String toString() {
            return "Session[createdAt=" + createdAt + "]";
        }
    }

    private final Clock clock;
    private final SecureRandom random;
    private final Duration idle;
    private final Duration absolute;
    /** Keyed by the SHA-256 of the id, so a heap dump does not hand out live cookies directly. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    ConsoleSessions(Clock clock, SecureRandom random, Duration idle, Duration absolute) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("session expiry: idle must be positive and at most the absolute limit");
        }
        this.idle = idle;
        this.absolute = absolute;
    }

    Duration idle() {
        return idle;
    }

    Duration absolute() {
        return absolute;
    }

    Session create() {
        Instant now = clock.instant();
        Session session = new Session(randomId(), randomId(), now, now);
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream()
                    .min(Comparator.comparing(e -> e.getValue().lastUsedAt()))
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        sessions.put(key(session.id()), session);
        return session;
    }

    /** The live session of {@code id}, its idle timer restarted; empty (and forgotten) when unknown or expired. */
    Optional<Session> touch(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) return Optional.empty();
        String key = key(id);
        Instant now = clock.instant();
        Session found = sessions.get(key);
        if (found == null) return Optional.empty();
        if (!now.isBefore(found.lastUsedAt().plus(idle))
                || !now.isBefore(found.createdAt().plus(absolute))) {
            sessions.remove(key);
            return Optional.empty();
        }
        Session touched = new Session(found.id(), found.csrf(), found.createdAt(), now);
        sessions.put(key, touched);
        return Optional.of(touched);
    }

    /** Signs a session out; nothing happens for an unknown id. */
    void remove(String id) {
        if (id != null) sessions.remove(key(id));
    }

    int size() {
        return sessions.size();
    }

    private String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String key(String id) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
