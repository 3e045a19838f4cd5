package org.lnteller.adapter.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The operator's bearer token. Compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * the time taken tells nothing about the token's length or a matching prefix.
 */
final class AdminToken {
    private final byte[] digest;

    AdminToken(String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the admin token must not be blank");
        this.digest = sha256(token);
    }

    /** @throws ApiError 401 unless the request carries the admin token */
    void require(Context ctx) {
        String presented = bearer(ctx).orElseThrow(() -> ApiError.unauthorized("missing bearer token"));
        if (!MessageDigest.isEqual(digest, sha256(presented))) throw ApiError.unauthorized("wrong admin token");
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
