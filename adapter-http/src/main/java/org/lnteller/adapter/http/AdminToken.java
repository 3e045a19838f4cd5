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
 */
final class AdminToken {
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private final byte[] digest;
    private final FailedLoginLimiter failures;

    AdminToken(String token, FailedLoginLimiter failures) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the admin token must not be blank");
        this.digest = sha256(token);
        this.failures = Objects.requireNonNull(failures, "failures");
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
            throw new ApiError(429, "rateLimited", "too many wrong admin tokens from this address; retry after " + seconds + " seconds");
        }
        String presented = bearer(ctx).orElseThrow(() -> ApiError.unauthorized("missing bearer token"));
        if (!MessageDigest.isEqual(digest, sha256(presented))) {
            failures.failed(address);
            log.warn("wrong admin token from {} on {} {}", address, ctx.method(), ctx.<String>attribute(HttpApi.ROUTE_ATTRIBUTE));
            throw ApiError.unauthorized("wrong admin token");
        }
    }

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
