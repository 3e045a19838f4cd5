package org.lnteller.core.destination;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An LNURL (LUD-01 bech32 or LUD-17 {@code lnurlp://}) to fetch for a pay request.
 * Whether the service really answers with {@code "tag": "payRequest"} is for the fetcher to check.
 *
 * @param url absolute https URL, or http for a {@code .onion} host (LUD-01) or a loopback host (a
 *            service on the ATM's own machine, and the tests' local LNURL servers)
 */
public record LnurlPay(URI url) implements PaymentDestination {
    public LnurlPay {
        Objects.requireNonNull(url, "url");
        if (!isAllowed(url)) {
            throw new IllegalArgumentException("an LNURL is https, or http on a .onion or loopback host: " + url);
        }
    }

    static boolean isAllowed(URI url) {
        String scheme = url.getScheme();
        String host = url.getHost();
        if (scheme == null || host == null || !url.isAbsolute()) return false;
        String s = scheme.toLowerCase(Locale.ROOT);
        return s.equals("https") || (s.equals("http") && (host.toLowerCase(Locale.ROOT).endsWith(".onion") || isLoopback(host)));
    }

    /** localhost, 127.0.0.0/8 and ::1, judged by the name alone (nothing is resolved here). */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.equals("localhost") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
