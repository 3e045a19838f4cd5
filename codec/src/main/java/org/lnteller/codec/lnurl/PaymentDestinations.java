package org.lnteller.codec.lnurl;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.InvalidInvoice;

/**
 * Reads whatever a customer's QR code holds into a {@link PaymentDestination}. Offline: nothing
 * is fetched. Stateless and thread-safe.
 */
public final class PaymentDestinations {
    private static final String LIGHTNING_ONLY =
            "This machine pays Lightning only, and this code holds an on-chain Bitcoin address without a Lightning invoice.";
    static final String NO_ONION =
            "This code points to a Tor (.onion) payment service, which this machine cannot reach; please show another code.";
    private static final String UNRECOGNIZED = "This code is not a Lightning invoice, LNURL or Lightning address.";
    /** Base58 legacy addresses (mainnet 1/3, testnet m/n/2): recognized only to explain the refusal. */
    private static final Pattern LEGACY_ADDRESS = Pattern.compile("[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}");

    private PaymentDestinations() {}

    /**
     * Accepts, after trimming whitespace:
     * <ul>
     *   <li>a BOLT #11 invoice (any amount or none), optionally behind {@code lightning:} in any case;</li>
     *   <li>a LUD-01 LNURL {@code lnurl1...} in either case, or a LUD-17 {@code lnurlp://} URL;</li>
     *   <li>a LUD-16 Lightning address {@code user@domain};</li>
     *   <li>a BIP-21 {@code bitcoin:} URI whose {@code lightning} parameter (any case) holds one of the above;</li>
     *   <li>an https link whose {@code lightning} parameter holds one of the above (the LUD-01 fallback scheme).</li>
     * </ul>
     *
     * @throws InvalidDestination for anything else, with a message to show the customer; when the
     *                            text was an invoice, {@link InvalidDestination#invoiceReason()} says why it was refused
     */
    public static PaymentDestination parse(String scanned) {
        if (scanned == null) throw new InvalidDestination("Nothing was scanned.");
        String s = scanned.strip();
        if (s.isEmpty()) throw new InvalidDestination("The scanned code is empty.");
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bitcoin:")) {
            return queryParameter(s.substring("bitcoin:".length()), "lightning")
                    .map(PaymentDestinations::parseLightning)
                    .orElseThrow(() -> new InvalidDestination(LIGHTNING_ONLY));
        }
        if (lower.startsWith("lightning:")) {
            String rest = s.substring("lightning:".length());
            // BOLT #11 asks for "lightning:", but some wallets write "lightning://"
            if (rest.startsWith("//")) rest = rest.substring(2);
            return parseLightning(rest);
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return queryParameter(s, "lightning")
                    .map(PaymentDestinations::parseLightning)
                    .orElseThrow(() -> new InvalidDestination(
                            "This code is a web link, not a Lightning invoice, LNURL or Lightning address."));
        }
        return parseLightning(s);
    }

    /** A Lightning payment request without URI wrapping. */
    private static PaymentDestination parseLightning(String text) {
        String s = text.strip();
        if (s.isEmpty()) throw new InvalidDestination("The code holds no Lightning payment request.");
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.contains("@")) return lightningAddress(lower);
        if (lower.startsWith("lnurl1")) return new LnurlPay(Lnurl.decode(s));
        if (lower.startsWith("lnurlp://")) return new LnurlPay(lud17(s));
        if (lower.startsWith("lnurlw://") || lower.startsWith("lnurlc://") || lower.startsWith("keyauth://")) {
            throw new InvalidDestination(
                    "This LNURL withdraws, opens a channel or logs in; the machine needs a code that receives a payment.");
        }
        if (lower.startsWith("lno1")) {
            throw new InvalidDestination(
                    "Lightning offers (BOLT 12) are not supported yet; please show a Lightning invoice.");
        }
        if (lower.startsWith("ln")) {
            try {
                return new Bolt11Destination(Bolt11.decode(s));
            } catch (InvalidInvoice e) {
                if (e.reason() == InvalidInvoice.Reason.NOT_AN_INVOICE) throw new InvalidDestination(UNRECOGNIZED, e);
                throw new InvalidDestination("This Lightning invoice cannot be used: " + e.getMessage() + ".", e);
            }
        }
        if (lower.startsWith("bc1")
                || lower.startsWith("tb1")
                || lower.startsWith("bcrt1")
                || LEGACY_ADDRESS.matcher(s).matches()) {
            throw new InvalidDestination(LIGHTNING_ONLY);
        }
        throw new InvalidDestination(UNRECOGNIZED);
    }

    private static LightningAddress lightningAddress(String lower) {
        int at = lower.indexOf('@');
        if (at != lower.lastIndexOf('@') || at == 0 || at == lower.length() - 1) {
            throw new InvalidDestination("'" + lower + "' is not a Lightning address (expected name@domain).");
        }
        if (LnurlPay.isOnion(lower.substring(at + 1))) throw new InvalidDestination(NO_ONION);
        try {
            // LUD-16 names are lower case and domains are case-insensitive, so lower-casing loses nothing
            return new LightningAddress(lower.substring(0, at), lower.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidDestination("'" + lower + "' is not a valid Lightning address: " + e.getMessage() + ".");
        }
    }

    /** LUD-17: {@code lnurlp://host/path} is fetched over https ({@code .onion} hosts, reached over http, are refused). */
    private static URI lud17(String s) {
        String rest = s.substring("lnurlp://".length());
        URI uri;
        try {
            uri = URI.create("https://" + rest);
            if (uri.getHost() == null) throw new IllegalArgumentException("no host");
        } catch (IllegalArgumentException e) {
            throw new InvalidDestination("This lnurlp link does not hold a valid web address.");
        }
        if (LnurlPay.isOnion(uri.getHost())) throw new InvalidDestination(NO_ONION);
        return uri;
    }

    /**
     * The first value of {@code name} (matched in any case) in the query of a URI, percent-decoded.
     * '+' is kept as is: it is legal in Lightning address names and never means a space here.
     */
    private static Optional<String> queryParameter(String uri, String name) {
        int q = uri.indexOf('?');
        if (q < 0) return Optional.empty();
        String query = uri.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) query = query.substring(0, hash);
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equalsIgnoreCase(name)) {
                return Optional.of(percentDecode(eq < 0 ? "" : pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    private static String percentDecode(String s) {
        Objects.requireNonNull(s);
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()
                        || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new InvalidDestination("The code's link is malformed (a bad %-escape).");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidDestination("The code's link is malformed (not UTF-8).");
        }
    }
}
