package org.lnteller.adapter.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.MilliSatoshi;

class LnurlJsonTest {
    private static final URI PUBLIC = URI.create("https://pay.example.com/.well-known/lnurlp/alice");
    private static final URI LOCAL = URI.create("http://127.0.0.1:8080/lnurlp/alice");
    private static final String METADATA = "[[\\\"text/plain\\\",\\\"Pay alice\\\"]]";

    /** A pay request with one field's JSON value replaced ({@code null}: left out). */
    private static String payRequest(String field, String value) {
        StringBuilder json = new StringBuilder("{");
        String[][] fields = {
            {"tag", "\"payRequest\""},
            {"callback", "\"https://pay.example.com/lnurlp/alice/callback\""},
            {"minSendable", "1000"},
            {"maxSendable", "2000000"},
            {"metadata", "\"" + METADATA + "\""}
        };
        for (String[] f : fields) {
            String v = f[0].equals(field) ? value : f[1];
            if (v == null) continue;
            if (json.length() > 1) json.append(',');
            json.append('"').append(f[0]).append("\":").append(v);
        }
        return json.append('}').toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWellFormedPayRequestIsReadWithItsMetadataText() {
        PayRequest request = LnurlJson.payRequest(PUBLIC, utf8(payRequest("", "")));

        assertThat(request)
                .isEqualTo(new PayRequest(
                        URI.create("https://pay.example.com/lnurlp/alice/callback"),
                        MilliSatoshi.of(1_000),
                        MilliSatoshi.of(2_000_000),
                        "[[\"text/plain\",\"Pay alice\"]]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no tag                    | tag         |                           | no tag",
                "a withdraw request        | tag         | \"withdrawRequest\"       | withdrawRequest",
                "a tag that is a number    | tag         | 6                         | no tag",
                "no callback               | callback    |                           | no callback",
                "a callback with spaces    | callback    | \"https://pay example\"   | not a web address",
                "a relative callback       | callback    | \"/callback\"             | not an absolute web address",
                "no minSendable            | minSendable |                           | minSendable",
                "a minSendable as text     | minSendable | \"1000\"                  | minSendable",
                "a fractional minSendable  | minSendable | 1000.5                    | minSendable",
                "a negative minSendable    | minSendable | -1                        | minSendable",
                "a minSendable of zero     | minSendable | 0                         | below 1 msat",
                "a huge maxSendable        | maxSendable | 99999999999999999999999   | maxSendable",
                "min above max             | maxSendable | 999                       | above its maxSendable",
                "no metadata               | metadata    |                           | no metadata",
                "metadata not as text      | metadata    | [[\"text/plain\",\"x\"]]  | no metadata",
                "metadata that is not JSON | metadata    | \"text/plain: x\"         | not JSON",
                "metadata that is no array | metadata    | \"{}\"                    | not a JSON array",
            })
    void aPayRequestWithABadFieldIsMalformed(String why, String field, String value, String message) {
        byte[] body = utf8(payRequest(field, value));

        assertThatThrownBy(() -> LnurlJson.payRequest(PUBLIC, body))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageStartingWith("The payment service pay.example.com sent a bad answer:")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty                | ''",
                "HTML                 | <html></html>",
                "an array             | []",
                "a string             | '\"payRequest\"'",
            })
    void anAnswerThatIsNotAJsonObjectIsMalformed(String why, String body) {
        assertThatThrownBy(() -> LnurlJson.payRequest(PUBLIC, utf8(body)))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void aFieldSentTwiceIsMalformedRatherThanGuessed() {
        String twice =
                payRequest("", "").replace("\"maxSendable\":2000000", "\"maxSendable\":2000000,\"maxSendable\":5");

        assertThatThrownBy(() -> LnurlJson.payRequest(PUBLIC, utf8(twice)))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void dataAfterThePayRequestIsMalformed() {
        String trailing = payRequest("", "") + " {\"tag\":\"payRequest\"}";

        assertThatThrownBy(() -> LnurlJson.payRequest(PUBLIC, utf8(trailing)))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void aCallbackThatIsNoWebAddressOrOnTorIsNotAllowed() {
        // where a callback's host points is judged when it is resolved (LnurlHostRulesTest)
        byte[] ftp = utf8(payRequest("callback", "\"ftp://pay.example.com/cb\""));
        byte[] onion = utf8(payRequest("callback", "\"http://abcdefgh.onion/cb\""));

        assertThatThrownBy(() -> LnurlJson.payRequest(PUBLIC, ftp))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_ALLOWED));
        assertThatThrownBy(() -> LnurlJson.payRequest(PUBLIC, onion))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_ALLOWED));
    }

    @Test
    void aServiceOnThisMachineMayHaveItsCallbackHereToo() {
        byte[] body = utf8(payRequest("callback", "\"http://localhost:8080/lnurlp/alice/callback\""));

        assertThat(LnurlJson.payRequest(LOCAL, body).callback())
                .isEqualTo(URI.create("http://localhost:8080/lnurlp/alice/callback"));
    }

    @Test
    void aPublicServiceMayHaveItsCallbackOnAnotherSecureHost() {
        byte[] body = utf8(payRequest("callback", "\"https://api.wallet.example.net/cb/alice?k=1\""));

        assertThat(LnurlJson.payRequest(PUBLIC, body).callback().getHost()).isEqualTo("api.wallet.example.net");
    }

    @Test
    void theInvoiceIsTakenExactlyAsSentAndTheRestIgnored() {
        String answer = "{\"pr\":\"lnbcrt50u1pexample\",\"routes\":[[{\"nodeId\":\"02\"}]],\"disposable\":false}";

        assertThat(LnurlJson.invoice(PUBLIC, utf8(answer))).isEqualTo("lnbcrt50u1pexample");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no pr          | {\"routes\":[]}",
                "a pr of spaces | '{\"pr\":\"  \"}'",
                "a pr number    | {\"pr\":42}",
                "not JSON       | lnbc1...",
            })
    void aCallbackAnswerWithoutAnInvoiceIsMalformed(String why, String answer) {
        assertThatThrownBy(() -> LnurlJson.invoice(PUBLIC, utf8(answer)))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }

    @Test
    void anErrorAnswerGivesItsReason() {
        assertThat(LnurlJson.errorReason(utf8("{\"status\":\"ERROR\",\"reason\":\"Amount too small\"}")))
                .contains("Amount too small");
        assertThat(LnurlJson.errorReason(utf8("{\"status\":\"error\",\"reason\":\"Amount too small\"}")))
                .contains("Amount too small");
        assertThat(LnurlJson.errorReason(utf8("{\"status\":\"ERROR\"}"))).contains("no reason given");
    }

    @Test
    void anythingElseIsNotAnErrorAnswer() {
        assertThat(LnurlJson.errorReason(utf8("{\"status\":\"OK\"}"))).isEmpty();
        assertThat(LnurlJson.errorReason(utf8(payRequest("", "")))).isEmpty();
        assertThat(LnurlJson.errorReason(utf8("Internal Server Error"))).isEmpty();
    }

    @Test
    void aReasonIsMadeFitForAScreen() {
        assertThat(LnurlJson.displayable("  Wallet\r\n\tlocked\u0000 ")).isEqualTo("Wallet locked");
        assertThat(LnurlJson.displayable("x".repeat(1_000)))
                .hasSize(LnurlJson.MAX_REASON_CHARS)
                .endsWith("…");
        assertThat(LnurlJson.displayable("\n")).isEqualTo("no reason given");
    }
}
