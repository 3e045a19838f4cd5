package org.lnteller.core.destination;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An LNURL (LUD-01 bech32 or LUD-17 {@code lnurlp://}) to fetch for a pay request.
 * Whether the service really answers with {@code "tag": "payRequest"} is for the fetcher to check.
 *
 * @param url absolute https URL, or http for a {@code .onion} host (LUD-01)
 */
public record LnurlPay(URI url) implements PaymentDestination {
    public LnurlPay {
        Objects.requireNonNull(url, "url");
        if (!isAllowed(url)) {
            throw new IllegalArgumentException("an LNURL is https, or http on a .onion host: " + url);
        }
    }

    static boolean isAllowed(URI url) {
        String scheme = url.getScheme();
        String host = url.getHost();
        if (scheme == null || host == null || !url.isAbsolute()) return false;
        String s = scheme.toLowerCase(Locale.ROOT);
        return s.equals("https") || (s.equals("http") && host.toLowerCase(Locale.ROOT).endsWith(".onion"));
    }
}
