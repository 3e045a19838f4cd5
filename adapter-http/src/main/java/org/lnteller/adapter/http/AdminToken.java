package org.lnteller.adapter.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's bearer token. Compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * the time taken tells nothing about the token's length or a matching prefix. A wrong token is
 * logged (WARN, with the client address, never the token) and counted against the client
 * address by a {@link FailedLoginLimiter}; a request without any token is a plain 401, neither
 * counted nor warned about (scanners send those by the thousand).
 *
 * <p>The operator console's session cookie stands in for the token: a request without a bearer
 * token but with a live {@link ConsoleSessions session} cookie passes, and one that changes
 * anything (every method but GET and HEAD) must also carry the session's CSRF token in the
 * {@value #CSRF_HEADER} header (the double-submit of the {@value #CSRF_COOKIE} cookie, which only
 * pages of this origin can read). A bearer token, when present, decides alone.
 */
final class AdminToken {
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private final byte[] digest;
    static final String SESSION_COOKIE = "lnteller_session";
    static final String CSRF_COOKIE = "lnteller_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private final FailedLoginLimiter failures;
    private final Optional<ConsoleSessions> sessions;

    AdminToken(String token, FailedLoginLimiter failures) {
        this(token, failures, Optional.empty());
    }

    AdminToken(String token, FailedLoginLimiter failures, Optional<ConsoleSessions> sessions) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the admin token must not be blank");
        this.digest = sha256(token);
        this.failures = Objects.requireNonNull(failures, "failures");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** Whether {@code presented} is the admin token (constant time; counts nothing). */
    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    FailedLoginLimiter failures() {
        return failures;
    }

    /**
     * @throws ApiError 429 (with {@code Retry-After}) while the client address has used up its wrong
     *                  tokens, whatever it presents now; 401 unless the request carries the admin token
     */
    void require(Context ctx) {
        String address = ctx.ip();
        Optional<Duration> wait = failures.blocked(address);
        if (wait.isPresent()) {
            long seconds = ProvisioningApi.retryAfterSeconds(wait.get());
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiError(
                    429,
                    "rateLimited",
                    "too many wrong admin tokens from this address; retry after " + seconds + " seconds");
        }
        Optional<String> bearer = bearer(ctx);
        if (bearer.isEmpty() && sessions.isPresent() && ctx.cookie(SESSION_COOKIE) != null) {
            requireSession(ctx, sessions.get());
            return;
        }
        String presented = bearer.orElseThrow(() -> ApiError.unauthorized("missing bearer token"));
        if (!matches(presented)) {
            failures.failed(address);
            log.warn(
                    "wrong admin token from {} on {} {}",
                    address,
                    ctx.method(),
                    ctx.<String>attribute(HttpApi.ROUTE_ATTRIBUTE));
            throw ApiError.unauthorized("wrong admin token");
        }
    }

    /**
     * A console request: the session must be live, and a change must carry its CSRF token.
     *
     * @throws ApiError 401 when the session is unknown or expired; 403 {@code csrf} when a change
     *                  lacks the session's CSRF token
     */
    private static void requireSession(Context ctx, ConsoleSessions sessions) {
        ConsoleSessions.Session session = sessions.touch(ctx.cookie(SESSION_COOKIE))
                .orElseThrow(() -> ApiError.unauthorized("the console session has expired; sign in again"));
        String method = ctx.method().name();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            String presented = ctx.header(CSRF_HEADER);
            if (presented == null || !MessageDigest.isEqual(sha256(session.csrf()), sha256(presented))) {
                throw new ApiError(
                        403, "csrf", "a change from the console needs the session's " + CSRF_HEADER + " header");
            }
        }
        ctx.attribute(SESSION_ATTRIBUTE, session);
    }

    /** The console session a request was let in by, if it was. */
    static final String SESSION_ATTRIBUTE = "lnteller.consoleSession";

    /** The token of an {@code Authorization: Bearer <token>} header; the scheme is case-insensitive. */
    static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) return Optional.empty();
        String trimmed = header.strip();
        if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = trimmed.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
