package org.lnteller.adapter.lnurl;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * What can be decided about an LNURL service's URL from its text alone, before any name is
 * resolved: an absolute http(s) URL with a host, not a {@code .onion} host, and a host that, if it
 * is an IPv4 address, is written the one canonical way (so that no resolver reads "0x7f.1",
 * "2130706433" or "0177.0.0.1" as 127.0.0.1 behind this check's back). Which addresses the host
 * stands for is judged after resolution ({@link PublicAddresses}). Also how an amount is added to
 * a callback. Stateless.
 */
final class ServiceUrls {
    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** A last label that URL parsers (WHATWG) and inet_aton read as a number: decimal, octal or hex. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)");

    private ServiceUrls() {}

    /**
     * Refuses {@code url} unless it is an absolute http or https URL with a host that is not a
     * {@code .onion} name and, when it looks like an IPv4 address, is one in canonical dotted form.
     * Whether plain http may be used depends on where the host points, decided later.
     *
     * @throws LnurlException of kind {@link Kind#NOT_ALLOWED}
     */
    static void checkAllowed(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = host(url);
        if (!url.isAbsolute()
                || url.isOpaque()
                || host.isEmpty()
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new LnurlException(
                    Kind.NOT_ALLOWED, "'" + printable(url) + "' is not a web address a payment service can have.");
        }
        if (url.getRawUserInfo() != null) {
            throw new LnurlException(
                    Kind.NOT_ALLOWED,
                    "'" + printable(url) + "' carries a user name, which a payment service's address never has.");
        }
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (bare.endsWith(".onion")) {
            throw new LnurlException(
                    Kind.NOT_ALLOWED,
                    "The payment service " + host + " is a Tor (.onion) service; this server does not reach Tor.");
        }
        if (!host.startsWith("[")) {
            String last = bare.substring(bare.lastIndexOf('.') + 1);
            if (NUMERIC_LABEL.matcher(last).matches()
                    && !CANONICAL_IPV4.matcher(bare).matches()) {
                throw new LnurlException(
                        Kind.NOT_ALLOWED,
                        "The payment service host " + host
                                + " is a number but not a plain IPv4 address (a.b.c.d in decimal); it is not asked.");
            }
        }
    }

    /** Whether {@code host} is an IPv4 address in canonical dotted decimal. */
    static boolean isIpv4Literal(String host) {
        return CANONICAL_IPV4.matcher(host).matches();
    }

    /** Whether {@code url} uses https (it passed {@link #checkAllowed}). */
    static boolean isHttps(URI url) {
        return url.getScheme().equalsIgnoreCase("https");
    }

    /** The lower-case host of {@code url} (IPv6 literals in brackets), or "" when it has none. */
    static String host(URI url) {
        return url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    }

    /** The port {@code url} names, or its scheme's default. */
    static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : isHttps(url) ? 443 : 80;
    }

    /** A URL cut short and made one printable line, for a log. */
    static String printable(URI url) {
        String text = url.toString().replaceAll("\\p{Cntrl}", "?");
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /**
     * {@code callback} with {@code amount=<msat>} added to its query (LUD-06), after any query it
     * already has; a fragment is dropped, as it is never sent.
     */
    static URI withAmount(URI callback, MilliSatoshi amount) {
        String path = callback.getRawPath() == null ? "" : callback.getRawPath();
        String query = callback.getRawQuery();
        String prefix =
                query == null || query.isEmpty() || query.endsWith("&") ? (query == null ? "" : query) : query + "&";
        return URI.create(callback.getScheme() + "://" + callback.getRawAuthority() + path + "?" + prefix + "amount="
                + amount.msat());
    }

    /** An amount as a customer reads it: satoshis, with a fraction only when there is one. */
    static String sats(MilliSatoshi amount) {
        return BigDecimal.valueOf(amount.msat(), 3).stripTrailingZeros().toPlainString() + " sats";
    }
}
