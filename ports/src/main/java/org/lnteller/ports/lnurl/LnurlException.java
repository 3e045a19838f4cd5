package org.lnteller.ports.lnurl;

/**
 * The one failure family of {@link LnurlService}: the service could not be asked, refused, or
 * answered something that is not LUD-06. The message can be shown to a customer.
 */
public class LnurlException extends RuntimeException {
    public enum Kind {
        /** Not https (only .onion and loopback hosts may use http), or not a URL at all. */
        NOT_ALLOWED,
        UNREACHABLE,
        TIMEOUT,
        /** The service answered {"status":"ERROR","reason":...} or an HTTP error. */
        REFUSED,
        /** Not JSON, not a payRequest, missing fields, or larger than the size limit. */
        MALFORMED
    }

    private final Kind kind;

    public LnurlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LnurlException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
