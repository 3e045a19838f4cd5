package org.lnteller.app.lnurl;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * Which URLs an LNURL client may ask, decided from the text alone (never by resolving a name, so
 * the decision is made before any connection and DNS cannot change it), and how an amount is added
 * to a callback. Stateless.
 */
final class ServiceUrls {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private ServiceUrls() {}

    /**
     * Refuses {@code url} unless it is an absolute https URL, or http on a {@code .onion} or
     * loopback host (localhost, 127.0.0.0/8, ::1) — LUD-01 with the loopback exception tests need.
     *
     * @throws LnurlException of kind {@link Kind#NOT_ALLOWED}
     */
    static void checkAllowed(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = host(url);
        if (!url.isAbsolute() || url.isOpaque() || host.isEmpty() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new LnurlException(Kind.NOT_ALLOWED, "'" + url + "' is not a web address a payment service can have.");
        }
        if (scheme.equals("http") && !host.endsWith(".onion") && !isLoopback(host)) {
            throw new LnurlException(Kind.NOT_ALLOWED, "The payment address " + url
                    + " is not secure: payment services must use https (plain http only over Tor or on this machine).");
        }
    }

    /** The lower-case host of {@code url} (IPv6 literals in brackets), or "" when it has none. */
    static String host(URI url) {
        return url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    }

    /** True for {@code localhost}, an IPv4 literal in 127.0.0.0/8, or an IPv6 loopback literal ({@code [::1]}); {@code host} in lower case. */
    static boolean isLoopback(String host) {
        if (host.equals("localhost")) return true;
        if (host.startsWith("[")) {
            try {
                // a bracketed host is an IPv6 literal: parsed, never looked up
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        Matcher m = IPV4.matcher(host);
        if (!m.matches() || Integer.parseInt(m.group(1)) != 127) return false;
        for (int i = 2; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) return false;
        }
        return true;
    }

    /**
     * {@code callback} with {@code amount=<msat>} added to its query (LUD-06), after any query it
     * already has; a fragment is dropped, as it is never sent.
     */
    static URI withAmount(URI callback, MilliSatoshi amount) {
        String path = callback.getRawPath() == null ? "" : callback.getRawPath();
        String query = callback.getRawQuery();
        String prefix = query == null || query.isEmpty() || query.endsWith("&") ? (query == null ? "" : query) : query + "&";
        return URI.create(callback.getScheme() + "://" + callback.getRawAuthority() + path
                + "?" + prefix + "amount=" + amount.msat());
    }

    /** An amount as a customer reads it: satoshis, with a fraction only when there is one. */
    static String sats(MilliSatoshi amount) {
        return BigDecimal.valueOf(amount.msat(), 3).stripTrailingZeros().toPlainString() + " sats";
    }
}
