package org.lnteller.adapter.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one failure of parsing a request at the boundary: which field is wrong and a sentence a
 * person can act on. Always answered 400 and thrown before any driving port is called, so a
 * malformed request never writes anything.
 */
final class InvalidRequest extends RuntimeException {
    private final String field;
    private final String code;

    private InvalidRequest(String field, String message, String code) {
        super(message, null, false, false);
        this.field = Objects.requireNonNull(field, "field");
        this.code = Objects.requireNonNull(code, "code");
    }

    /** {@code problem} continues the field's name: {@code of("fiat", "must not be negative")}. */
    static InvalidRequest of(String field, String problem) {
        return new InvalidRequest(field, field + " " + problem, "invalidRequest");
    }

    /** A message that stands alone, for rules whose wording machines' operators know. */
    static InvalidRequest withMessage(String field, @Nullable String message) {
        return new InvalidRequest(field, Objects.requireNonNullElse(message, "invalid " + field), "invalidRequest");
    }

    /** The body is not JSON at all (or not the JSON shape of any request). */
    static InvalidRequest malformedJson(String detail) {
        return new InvalidRequest("body", "request body is not valid JSON: " + detail, "invalidJson");
    }

    String field() {
        return field;
    }

    String code() {
        return code;
    }
}
