package org.lnteller.codec.lnurl;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * An LNURL (LUD-01 bech32 or LUD-17 {@code lnurlp://}) to fetch for a pay request.
 * Whether the service really answers with {@code "tag": "payRequest"} is for the fetcher to check,
 * and so is whether the host may be contacted at all: only the LNURL client, which resolves the
 * name, can tell a public host from one inside the operator's network (and refuses plain http
 * unless the operator allows private hosts).
 *
 * @param url absolute http or https URL with a host that is not a {@code .onion} host (this server
 *            has no route to Tor)
 */
public record LnurlPay(URI url) implements PaymentDestination {
    @Override
    public <R> R fold(
            Function<? super Bolt11Destination, ? extends R> bolt11,
            Function<? super LnurlPay, ? extends R> lnurlPay,
            Function<? super LightningAddress, ? extends R> lightningAddress) {
        return lnurlPay.apply(this);
    }

    public LnurlPay {
        Objects.requireNonNull(url, "url");
        if (!isWebAddress(url)) throw new IllegalArgumentException("an LNURL is an absolute http or https URL: " + url);
        if (isOnion(url.getHost()))
            throw new IllegalArgumentException("a .onion LNURL cannot be reached from this server: " + url);
    }

    static boolean isWebAddress(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || url.getHost() == null || !url.isAbsolute()) return false;
        String s = scheme.toLowerCase(Locale.ROOT);
        return s.equals("https") || s.equals("http");
    }

    /** A Tor hidden service name, with or without the root's trailing dot. */
    static boolean isOnion(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".onion") || h.endsWith(".onion.");
    }
}
