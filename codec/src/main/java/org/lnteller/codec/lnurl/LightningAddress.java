package org.lnteller.codec.lnurl;

import java.net.URI;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A LUD-16 Lightning address {@code user@domain}, resolved through
 * {@code https://domain/.well-known/lnurlp/user}.
 *
 * @param user   lower case; letters a-z, digits and {@code - _ . +}
 * @param domain lower-case host name with at least one dot; no port; not a {@code .onion} name
 *               (this server has no route to Tor)
 */
public record LightningAddress(String user, String domain) implements PaymentDestination {
    @Override
    public <R> R fold(
            Function<? super Bolt11Destination, ? extends R> bolt11,
            Function<? super LnurlPay, ? extends R> lnurlPay,
            Function<? super LightningAddress, ? extends R> lightningAddress) {
        return lightningAddress.apply(this);
    }

    private static final Pattern USER = Pattern.compile("[a-z0-9\\-_.+]+");
    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public LightningAddress {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(domain, "domain");
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException(
                    "a Lightning address user name has only a-z, 0-9, '-', '_', '.' and '+'");
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("'" + domain + "' is not a domain name");
        }
        if (LnurlPay.isOnion(domain))
            throw new IllegalArgumentException(
                    "'" + domain + "' is a Tor (.onion) name, which this server cannot reach");
    }

    /** The LUD-16 pay request URL, always https. */
    public URI payRequestUrl() {
        return URI.create("https://" + domain + "/.well-known/lnurlp/" + user);
    }

    @Override
    public String toString() {
        return user + "@" + domain;
    }
}
