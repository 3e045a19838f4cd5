package org.lnteller.ports.lnurl;

import java.net.URI;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * Talks to a customer's LNURL-pay service (LUD-06; Lightning addresses, LUD-16, are a pay request
 * at a well-known URL). The core checks what comes back: the amount and description hash of the
 * invoice, before anything is paid.
 *
 * <p>Only https, except .onion and loopback hosts. Calls are bounded by a timeout and a response
 * size limit. Threading: safe for concurrent use. Failures: {@link LnurlException} only.
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
