package org.lnteller.ports.lnurl;

import org.jspecify.annotations.Nullable;

/**
 * The one failure family of {@link LnurlService}: the service could not be asked, refused, or
 * answered something that is not LUD-06.
 *
 * <p>The message is for the operator's log: it may hold what the remote service said (its LUD-06
 * reason, sanitised to one printable line and cut short). It is never shown to a machine or a
 * customer: the core answers those a fixed text chosen by {@link #kind()} alone, so a remote
 * service (or an internal one a customer points the server at) cannot speak through this server.
 */
public class LnurlException extends RuntimeException {
    public enum Kind {
        /**
         * Never asked: not an absolute http(s) URL, a {@code .onion} host, a host that resolves to
         * a loopback, private, link-local or other non-public address (unless the operator allows
         * private hosts), or plain http to anything but such a private host.
         */
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

    public LnurlException(Kind kind, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
