package org.lnteller.codec.lnurl;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.lnteller.codec.bech32.Bech32;

/** LUD-01 LNURLs: a URL as bech32 with the prefix {@code lnurl}. Stateless and thread-safe. */
public final class Lnurl {
    private static final String HRP = "lnurl";

    private Lnurl() {}

    /**
     * The URL inside a bech32 LNURL, in either case.
     *
     * @throws InvalidDestination when the text is not bech32 with prefix {@code lnurl}, or the URL
     *                            inside is not an http(s) URL with a host, or names a {@code .onion} host
     */
    public static URI decode(String text) {
        Objects.requireNonNull(text, "text");
        Bech32.Decoded d;
        try {
            d = Bech32.decode(text);
        } catch (Bech32.InvalidBech32 e) {
            throw new InvalidDestination("This LNURL is damaged or incomplete: the text " + e.getMessage() + ".");
        }
        if (!d.hrp().equals(HRP)) {
            throw new InvalidDestination("This is not an LNURL: it does not start with 'lnurl1'.");
        }
        if (d.variant() != Bech32.Variant.BECH32) {
            throw new InvalidDestination("This LNURL is damaged or incomplete: its checksum does not match.");
        }
        byte[] bytes;
        String url;
        try {
            bytes = Bech32.fromWords(d.words());
            url = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidDestination("This LNURL is damaged: it does not hold a readable web address.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidDestination("This LNURL does not hold a valid web address.");
        }
        if (!LnurlPay.isWebAddress(uri)) {
            throw new InvalidDestination("This LNURL does not hold a web address (http or https with a host).");
        }
        if (LnurlPay.isOnion(uri.getHost())) throw new InvalidDestination(PaymentDestinations.NO_ONION);
        return uri;
    }

    /** The LUD-01 form of {@code url}, upper case as QR codes carry it. */
    public static String encode(URI url) {
        Objects.requireNonNull(url, "url");
        byte[] words = Bech32.toWords(url.toString().getBytes(StandardCharsets.UTF_8));
        return Bech32.encode(HRP, words, Bech32.Variant.BECH32).toUpperCase(Locale.ROOT);
    }
}
