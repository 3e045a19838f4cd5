package org.lnteller.adapter.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.model.MilliSatoshi;

class ServiceUrlsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://pay.example.com/.well-known/lnurlp/alice",
                "HTTPS://PAY.EXAMPLE.COM/lnurlp/alice",
                "https://203.0.113.7:8443/lnurlp",
                "https://pay.example.com./lnurlp",
                "https://pay.example.com:443/lnurlp",
                // where these point is judged once they are resolved, not from the text
                "http://pay.example.com/lnurlp/alice",
                "http://localhost:8080/lnurlp/alice",
                "http://127.0.0.1:8080/lnurlp/alice",
                "http://[::1]:8080/lnurlp/alice",
                "https://10.0.0.1/lnurlp/alice",
                "https://127.0.0.1.nip.io/lnurlp/alice",
                "https://wallet.example.com1a/lnurlp",
            })
    void theTextOfTheseAddressesAllowsAsking(String url) {
        assertThatCode(() -> ServiceUrls.checkAllowed(URI.create(url))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://pay4kq7v2xyzabcd.onion/lnurlp/alice",
                "https://pay4kq7v2xyzabcd.onion/lnurlp/alice",
                "https://PAY4KQ7V2XYZABCD.ONION./lnurlp/alice",
                "https://127.1/lnurlp",
                "https://127.0.1/lnurlp",
                "https://0x7f.0.0.1/lnurlp",
                "https://0x7f000001/lnurlp",
                "https://0177.0.0.1/lnurlp",
                "https://127.000.000.001/lnurlp",
                "https://127.0.0.256/lnurlp",
                "https://1.2.3.4.5/lnurlp",
                "https://example.123/lnurlp",
                "https://example.0x1f/lnurlp",
                "https://127.0.0.1@pay.example.com/lnurlp/alice",
                "ftp://pay.example.com/lnurlp/alice",
                "file:///etc/passwd",
                "/lnurlp/alice",
                "mailto:alice@pay.example.com",
            })
    void theseAddressesAreNotAllowed(String url) {
        assertThatThrownBy(() -> ServiceUrls.checkAllowed(URI.create(url)))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_ALLOWED));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://pay.example.com/cb                 | https://pay.example.com/cb?amount=5000",
                "https://pay.example.com/cb?                | https://pay.example.com/cb?amount=5000",
                "https://pay.example.com/cb?user=alice      | https://pay.example.com/cb?user=alice&amount=5000",
                "https://pay.example.com/cb?a=1&b=x%26y     | https://pay.example.com/cb?a=1&b=x%26y&amount=5000",
                "https://pay.example.com/cb?a=1&            | https://pay.example.com/cb?a=1&amount=5000",
                "https://pay.example.com/cb?a=1#frag        | https://pay.example.com/cb?a=1&amount=5000",
                "https://pay.example.com                    | https://pay.example.com?amount=5000",
                "http://[::1]:8080/c%20b                    | http://[::1]:8080/c%20b?amount=5000",
            })
    void theAmountInMillisatoshisIsAddedToTheCallbackQuery(String callback, String expected) {
        assertThat(ServiceUrls.withAmount(URI.create(callback), MilliSatoshi.of(5_000)))
                .hasToString(expected);
    }

    @Test
    void anAmountReadsInSatoshisWithAFractionOnlyWhenThereIsOne() {
        assertThat(ServiceUrls.sats(MilliSatoshi.of(21_000))).isEqualTo("21 sats");
        assertThat(ServiceUrls.sats(MilliSatoshi.of(1_500))).isEqualTo("1.5 sats");
        assertThat(ServiceUrls.sats(MilliSatoshi.of(0))).isEqualTo("0 sats");
    }
}
