package org.lnteller.ports.lnurl;

import java.net.URI;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * Talks to a customer's LNURL-pay service (LUD-06; Lightning addresses, LUD-16, are a pay request
 * at a well-known URL). The core checks what comes back: the amount and description hash of the
 * invoice, before anything is paid.
 *
 * <p>Which hosts may be asked is the implementation's rule, applied before any connection, to the
 * pay request URL and to its callback alike: a customer's QR code must never make the server
 * contact a loopback, private, link-local or otherwise non-public address (the HTTP client allows
 * those, and plain http to them, only when the operator says so), and only https is used for
 * public hosts; {@code .onion} hosts are not supported. A refused URL is
 * {@link LnurlException.Kind#NOT_ALLOWED}. Redirects are not followed. Calls are bounded by a
 * timeout and a response size limit. Threading: safe for concurrent use. Failures:
 * {@link LnurlException} only; its message is for the operator's log, never for the machine.
 */
public interface LnurlService {

    /** Fetches the pay request at {@code url}. Idempotent read. */
    PayRequest payRequest(URI url);

    /**
     * Asks the service for an invoice of exactly {@code amount}; returns the BOLT11 text ({@code pr})
     * as given, unverified. Not idempotent: each call may issue a new invoice.
     */
    String requestInvoice(PayRequest request, MilliSatoshi amount);
}
