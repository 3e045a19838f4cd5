package org.lnteller.codec.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.codec.bolt11.SharedVectors;
import org.lnteller.codec.bolt11.SpecExamples;

/** What a customer's QR code may hold, and what the machine says when it cannot be paid. */
class PaymentDestinationsTest {

    private static final String INVOICE = SpecExamples.COFFEE;

    static Stream<Arguments> lnurlVectors() {
        return SharedVectors.rows("lnurl-sample.tsv").stream().map(r -> Arguments.of(r.get("lnurl"), r.get("url")));
    }

    @Nested
    class Lnurls {
        @ParameterizedTest
        @MethodSource("org.lnteller.codec.lnurl.PaymentDestinationsTest#lnurlVectors")
        void theLud01ExampleDecodesToItsUrlInEitherCase(String lnurl, String url) {
            assertThat(PaymentDestinations.parse(lnurl)).isEqualTo(new LnurlPay(URI.create(url)));
            assertThat(PaymentDestinations.parse(lnurl.toLowerCase(Locale.ROOT)))
                    .isEqualTo(new LnurlPay(URI.create(url)));
            assertThat(PaymentDestinations.parse("lightning:" + lnurl)).isEqualTo(new LnurlPay(URI.create(url)));
            assertThat(PaymentDestinations.parse("LIGHTNING:" + lnurl)).isEqualTo(new LnurlPay(URI.create(url)));
        }

        @ParameterizedTest
        @MethodSource("org.lnteller.codec.lnurl.PaymentDestinationsTest#lnurlVectors")
        void encodingTheLud01UrlGivesTheLud01Lnurl(String lnurl, String url) {
            assertThat(Lnurl.encode(URI.create(url))).isEqualTo(lnurl);
        }

        @Test
        void anLnurlpLinkIsFetchedOverHttps() {
            assertThat(PaymentDestinations.parse("lnurlp://service.com/api?q=3fc3"))
                    .isEqualTo(new LnurlPay(URI.create("https://service.com/api?q=3fc3")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"LNURLP://abcdefgh.onion/pay", "lnurlp://abcdefgh.ONION./pay"})
        void anLnurlpLinkToAnOnionHostIsRefusedSayingTorIsNotReached(String code) {
            refused(code).hasMessageContaining("Tor (.onion)");
        }

        @Test
        void aBech32LnurlToAnOnionHostIsRefusedSayingTorIsNotReached() {
            refused(Lnurl.encode(URI.create("http://abcdefgh.onion/pay"))).hasMessageContaining("Tor (.onion)");
            refused(Lnurl.encode(URI.create("https://abcdefgh.onion/pay"))).hasMessageContaining("Tor (.onion)");
        }

        @Test
        void aBech32LnurlOnPlainHttpIsReadLeavingTheHostDecisionToTheLnurlClient() {
            // only the client, which resolves the name, can tell a public host from a private one
            for (String url :
                    new String[] {"http://127.0.0.1:8123/pay", "http://service.com/pay", "http://[::1]:9000/pay"}) {
                assertThat(PaymentDestinations.parse(Lnurl.encode(URI.create(url))))
                        .isEqualTo(new LnurlPay(URI.create(url)));
            }
        }

        @Test
        void aBech32LnurlThatIsNotAWebAddressIsRefused() {
            refused(Lnurl.encode(URI.create("ftp://service.com/pay")))
                    .hasMessageContaining("does not hold a web address");
            refused(Lnurl.encode(URI.create("file:///etc/passwd"))).hasMessageContaining("does not hold a web address");
        }

        @Test
        void aDamagedLnurlIsRefused() {
            String lnurl = Lnurl.encode(URI.create("https://service.com/pay"));
            String damaged = lnurl.substring(0, lnurl.length() - 1) + (lnurl.endsWith("Q") ? "P" : "Q");

            refused(damaged).hasMessageContaining("damaged");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "lnurlw://service.com/withdraw",
                    "keyauth://service.com/login?k1=00",
                    "lnurlc://service.com/c"
                })
        void anLnurlThatDoesNotReceiveAPaymentIsRefused(String code) {
            refused(code).hasMessageContaining("needs a code that receives a payment");
        }
    }

    @Nested
    class Invoices {
        @Test
        void aBareInvoiceIsAnInvoice() {
            assertThat(PaymentDestinations.parse(INVOICE)).isEqualTo(new Bolt11Destination(Bolt11.decode(INVOICE)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"lightning:", "LIGHTNING:", "Lightning:", "lightning://"})
        void theLightningSchemeIsRemovedInAnyCase(String prefix) {
            assertThat(PaymentDestinations.parse(prefix + INVOICE))
                    .isEqualTo(new Bolt11Destination(Bolt11.decode(INVOICE)));
        }

        @Test
        void anUpperCaseQrCodeWithAnUpperCaseSchemeIsAnInvoice() {
            PaymentDestination d = PaymentDestinations.parse("LIGHTNING:" + SpecExamples.COFFEE_BEANS_UPPER_CASE);

            assertThat(d)
                    .isInstanceOfSatisfying(
                            Bolt11Destination.class,
                            b -> assertThat(b.invoice().canonical()).isEqualTo(SpecExamples.COFFEE_BEANS));
        }

        @Test
        void whitespaceAroundTheCodeIsIgnored() {
            assertThat(PaymentDestinations.parse("  \n lightning:" + INVOICE + " \r\n"))
                    .isEqualTo(new Bolt11Destination(Bolt11.decode(INVOICE)));
        }

        @Test
        void aRefusedInvoiceSaysWhyAndKeepsTheReason() {
            refused(SpecExamples.INVALID_CHECKSUM)
                    .hasMessageStartingWith("This Lightning invoice cannot be used")
                    .hasMessageContaining("checksum")
                    .hasCauseInstanceOf(InvalidInvoice.class)
                    .satisfies(e -> assertThat(((InvalidDestination) e).invoiceReason())
                            .contains(InvalidInvoice.Reason.BAD_CHECKSUM));
        }

        @Test
        void aRefusedInvoiceBehindTheLightningSchemeKeepsTheReasonToo() {
            refused("lightning:" + SpecExamples.INVALID_SUB_MILLISATOSHI)
                    .satisfies(e -> assertThat(((InvalidDestination) e).invoiceReason())
                            .contains(InvalidInvoice.Reason.SUB_MILLISATOSHI));
        }

        @Test
        void aBolt12OfferIsRefusedByName() {
            refused("lno1qgsqvgnwgcg35z6ee2h3yczraddm72xrfua9uve2rlrm9deu7xyfzrc")
                    .hasMessageContaining("BOLT 12");
        }
    }

    @Nested
    class PaidDirectly {
        @Test
        void onlyAnInvoiceIsPaidDirectly() {
            assertThat(PaymentDestinations.parse(INVOICE).directInvoice()).contains(Bolt11.decode(INVOICE));
        }

        @Test
        void anLnurlAndALightningAddressMustFirstBeResolvedIntoAnInvoice() {
            assertThat(new LnurlPay(URI.create("https://service.example/lnurlp/x")).directInvoice())
                    .isEmpty();
            assertThat(PaymentDestinations.parse("satoshi@bitcoin.org").directInvoice())
                    .isEmpty();
        }
    }

    @Nested
    class LightningAddresses {
        @Test
        void aLightningAddressNamesItsPayRequestUrl() {
            PaymentDestination d = PaymentDestinations.parse("satoshi@bitcoin.org");

            assertThat(d).isEqualTo(new LightningAddress("satoshi", "bitcoin.org"));
            assertThat(((LightningAddress) d).payRequestUrl())
                    .isEqualTo(URI.create("https://bitcoin.org/.well-known/lnurlp/satoshi"));
        }

        @Test
        void aLightningAddressIsReadInLowerCase() {
            assertThat(PaymentDestinations.parse("LIGHTNING:Alice.Smith+tips@Wallet.Example.COM"))
                    .isEqualTo(new LightningAddress("alice.smith+tips", "wallet.example.com"));
        }

        @Test
        void anOnionLightningAddressIsRefusedSayingTorIsNotReached() {
            refused("bob_1-x@abcdefgh.onion").hasMessageContaining("Tor (.onion)");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "@example.com",
                    "alice@",
                    "alice@localhost",
                    "a@b@example.com",
                    "al ice@example.com",
                    "alice!@example.com",
                    "alice@exa_mple.com",
                    "alice@-example.com",
                    "alice@example.com:8080",
                    "alice@example.com/x"
                })
        void aMalformedLightningAddressIsRefused(String code) {
            refused(code).hasMessageContaining("Lightning address");
        }
    }

    @Nested
    class Bip21 {
        @Test
        void aBitcoinUriWithALightningParameterPaysTheInvoice() {
            String uri = "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.0025&label=coffee&lightning="
                    + INVOICE;

            assertThat(PaymentDestinations.parse(uri)).isEqualTo(new Bolt11Destination(Bolt11.decode(INVOICE)));
        }

        @Test
        void anAllUpperCaseBitcoinUriIsReadToo() {
            String uri = "BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?AMOUNT=0.025&LIGHTNING="
                    + SpecExamples.COFFEE_BEANS_UPPER_CASE;

            assertThat(PaymentDestinations.parse(uri)).isInstanceOf(Bolt11Destination.class);
        }

        @Test
        void theLightningParameterMayHoldAnLnurlOrAPercentEncodedAddress() {
            Map.Entry<String, String> lnurl =
                    Map.entry(Lnurl.encode(URI.create("https://service.com/p")), "https://service.com/p");

            assertThat(PaymentDestinations.parse(
                            "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?LightNing=" + lnurl.getKey()))
                    .isEqualTo(new LnurlPay(URI.create(lnurl.getValue())));
            assertThat(PaymentDestinations.parse("bitcoin:?lightning=alice%2Btips%40example.com"))
                    .isEqualTo(new LightningAddress("alice+tips", "example.com"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                    "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.01&label=rent",
                    "BITCOIN:1RustyRX2oai4EYYDpQGWvEL62BBGqN9T?lightningx=whatever",
                    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                    "1RustyRX2oai4EYYDpQGWvEL62BBGqN9T",
                    "3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX"
                })
        void anOnChainAddressWithoutLightningIsRefusedBecauseThisServerPaysLightningOnly(String code) {
            refused(code).hasMessageContaining("Lightning only");
        }

        @Test
        void aBrokenLightningParameterIsRefusedForWhatItHolds() {
            refused("bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?lightning=" + SpecExamples.INVALID_MULTIPLIER)
                    .satisfies(e -> assertThat(((InvalidDestination) e).invoiceReason())
                            .contains(InvalidInvoice.Reason.INVALID_MULTIPLIER));
        }
    }

    @Nested
    class WebLinks {
        @Test
        void aWebLinkCarryingAnLnurlInItsLightningParameterIsThatLnurl() {
            String lnurl = Lnurl.encode(URI.create("https://service.com/giftcard/pay?id=123"));

            assertThat(PaymentDestinations.parse("https://service.com/giftcard/redeem?id=123&lightning=" + lnurl))
                    .isEqualTo(new LnurlPay(URI.create("https://service.com/giftcard/pay?id=123")));
        }

        @Test
        void aPlainWebLinkIsRefused() {
            refused("https://example.com/pay?user=alice").hasMessageContaining("web link");
        }
    }

    @Nested
    class Junk {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "hello",
                    "12345",
                    "lightning:",
                    "   ",
                    "",
                    "ln",
                    "lnbc",
                    "{\"tag\":\"payRequest\"}",
                    "lightning:lightning:" + SpecExamples.COFFEE
                })
        void anythingElseIsRefusedWithAMessageForTheCustomer(String code) {
            refused(code).message().isNotBlank().doesNotContain("Exception").doesNotContain("null");
        }

        @Test
        void nothingAtAllIsRefused() {
            assertThatThrownBy(() -> PaymentDestinations.parse(null)).isInstanceOf(InvalidDestination.class);
        }

        @Test
        void junkCarriesNoInvoiceReason() {
            refused("hello")
                    .hasMessage("This code is not a Lightning invoice, LNURL or Lightning address.")
                    .satisfies(e ->
                            assertThat(((InvalidDestination) e).invoiceReason()).isEmpty());
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(String code) {
        return assertThatThrownBy(() -> PaymentDestinations.parse(code)).isInstanceOf(InvalidDestination.class);
    }
}
