package org.lnteller.adapter.lnurl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * Reads the JSON answers of an LNURL-pay service (LUD-06): the pay request, the invoice, and the
 * error form {@code {"status":"ERROR","reason":...}}. Strict, because what is read here decides
 * what is paid: duplicate keys and trailing data are refused. Stateless and thread-safe.
 */
final class LnurlJson {
    /** Longest service reason kept for the operator's log, in characters. */
    static final int MAX_REASON_CHARS = 200;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private LnurlJson() {}

    /**
     * The reason of a LUD-06 error answer, cleaned for display; empty when {@code body} is anything
     * else (including not JSON).
     */
    static Optional<String> errorReason(byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (json == null
                || !json.isObject()
                || !"ERROR".equalsIgnoreCase(json.path("status").asText(""))) {
            return Optional.empty();
        }
        return Optional.of(displayable(
                json.path("reason").isTextual() ? json.path("reason").asText() : ""));
    }

    /**
     * The pay request in {@code body}, fetched from {@code origin}.
     *
     * @throws LnurlException {@link Kind#MALFORMED} when it is not a LUD-06 pay request (wrong tag,
     *                        a missing or invalid field, amounts out of order), {@link Kind#NOT_ALLOWED}
     *                        when its callback's text may not be asked (see {@link ServiceUrls#checkAllowed});
     *                        where the callback's host points is judged by the caller
     */
    static PayRequest payRequest(URI origin, byte[] body) {
        String host = ServiceUrls.host(origin);
        JsonNode json = object(host, body);
        JsonNode tag = json.path("tag");
        if (!tag.isTextual() || tag.asText().isBlank()) throw malformed(host, "it has no tag");
        if (!tag.asText().equals("payRequest")) {
            throw malformed(host, "it is a '" + displayable(tag.asText()) + "', not a payRequest");
        }
        JsonNode callbackText = json.path("callback");
        if (!callbackText.isTextual()) throw malformed(host, "it has no callback");
        URI callback;
        try {
            callback = new URI(callbackText.asText());
        } catch (URISyntaxException e) {
            throw malformed(host, "its callback is not a web address");
        }
        if (!callback.isAbsolute() || callback.getHost() == null) {
            throw malformed(host, "its callback is not an absolute web address");
        }
        ServiceUrls.checkAllowed(callback);
        long min = msat(host, json, "minSendable");
        long max = msat(host, json, "maxSendable");
        if (min < 1) throw malformed(host, "its minSendable is below 1 msat");
        if (min > max) throw malformed(host, "its minSendable is above its maxSendable");
        JsonNode metadata = json.path("metadata");
        if (!metadata.isTextual()) throw malformed(host, "it has no metadata text");
        try {
            // the text itself is kept: the invoice's description hash is SHA-256 of these exact bytes
            if (!JSON.readTree(metadata.asText()).isArray()) throw malformed(host, "its metadata is not a JSON array");
        } catch (IOException e) {
            throw malformed(host, "its metadata is not JSON");
        }
        return new PayRequest(callback, MilliSatoshi.of(min), MilliSatoshi.of(max), metadata.asText());
    }

    /**
     * The invoice text ({@code pr}) in the callback's answer {@code body}, exactly as sent; other
     * fields ({@code routes}, {@code successAction}, ...) are ignored.
     *
     * @throws LnurlException {@link Kind#MALFORMED} when there is no non-blank {@code pr} text
     */
    static String invoice(URI origin, byte[] body) {
        String host = ServiceUrls.host(origin);
        JsonNode pr = object(host, body).path("pr");
        if (!pr.isTextual() || pr.asText().isBlank()) throw malformed(host, "it sent no invoice");
        return pr.asText();
    }

    private static JsonNode object(String host, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw malformed(host, "it is not valid JSON");
        }
        if (json == null || !json.isObject()) throw malformed(host, "it is not a JSON object");
        return json;
    }

    /** A whole, non-negative number of millisatoshis that fits a long. */
    private static long msat(String host, JsonNode json, String field) {
        JsonNode n = json.path(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw malformed(host, "its " + field + " is not a whole number of msat");
        }
        return n.asLong();
    }

    static LnurlException malformed(String host, String why) {
        return new LnurlException(Kind.MALFORMED, "The payment service " + host + " sent a bad answer: " + why + ".");
    }

    /** Text from a service made fit for one log line: printable, bounded. Never for a machine's screen. */
    static String displayable(String text) {
        String line = text.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", " ")
                .replaceAll("\\s+", " ")
                .strip();
        if (line.isEmpty()) return "no reason given";
        if (line.length() <= MAX_REASON_CHARS) return line;
        int end = MAX_REASON_CHARS - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) end--;
        return line.substring(0, end) + "…";
    }
}
