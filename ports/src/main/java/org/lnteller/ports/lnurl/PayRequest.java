package org.lnteller.ports.lnurl;

import java.net.URI;
import java.util.Objects;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * A LUD-06 pay request as the service sent it: where to ask for an invoice, the amounts it
 * accepts, and its metadata (the JSON text whose SHA-256 the invoice's description hash must be).
 */
public record PayRequest(URI callback, MilliSatoshi minSendable, MilliSatoshi maxSendable, String metadata) {
    public PayRequest {
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(minSendable, "minSendable");
        Objects.requireNonNull(maxSendable, "maxSendable");
        Objects.requireNonNull(metadata, "metadata");
        if (minSendable.compareTo(maxSendable) > 0) {
            throw new IllegalArgumentException("minSendable " + minSendable + " is above maxSendable " + maxSendable);
        }
    }

    public boolean accepts(MilliSatoshi amount) {
        return amount.compareTo(minSendable) >= 0 && amount.compareTo(maxSendable) <= 0;
    }
}
