package org.lnteller.adapter.http;

import java.util.Objects;

/**
 * An answer other than success that a handler decides on (401, 403, 404, 409, 413, 570, ...):
 * thrown so that every error leaves through the one JSON error writer.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "notFound", message);
    }

    static ApiError payloadTooLarge(int limitBytes) {
        return new ApiError(413, "payloadTooLarge", "request body is larger than " + limitBytes + " bytes");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
