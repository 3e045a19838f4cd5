package org.lnteller.codec.bolt11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.codec.bolt11.SpecExamples.*;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.lnteller.codec.Network;
import org.lnteller.codec.bech32.Bech32;
import org.lnteller.codec.bolt11.InvalidInvoice.Reason;

/** BOLT #11's own examples, and the rules around them. */
class Bolt11DecodeTest {

    private static final NodeId SPEC_NODE = NodeId.fromHex(NODE_ID_HEX);
    private static final Instant SPEC_TIME = Instant.ofEpochSecond(TIMESTAMP);

    static final List<String> validExamples = VALID;

    @ParameterizedTest
    @FieldSource("validExamples")
    void everyValidSpecExampleRecoversTheSpecNodeAsPayee(String invoice) {
        assertThat(Bolt11.decode(invoice).payee()).isEqualTo(SPEC_NODE);
    }

    @Nested
    class TheSpecExamples {
        @Test
        void aDonationInvoiceHasNoAmount() {
            Bolt11Invoice invoice = Bolt11.decode(DONATION);

            assertThat(invoice.network()).isEqualTo(Network.MAINNET);
            assertThat(invoice.amountMsat()).isEmpty();
            assertThat(invoice.timestamp()).isEqualTo(SPEC_TIME);
            assertThat(invoice.paymentHash()).isEqualTo(ByteVector.fromHex(PAYMENT_HASH_HEX));
            assertThat(invoice.paymentSecret()).isEqualTo(ByteVector.fromHex(PAYMENT_SECRET_HEX));
            assertThat(invoice.description()).contains("Please consider supporting this project");
            assertThat(invoice.descriptionHash()).isEmpty();
            assertThat(invoice.expiry()).isEqualTo(Duration.ofHours(1));
            assertThat(invoice.minFinalCltvExpiryField()).isEmpty();
            assertThat(invoice.minFinalCltvExpiry()).isEqualTo(18);
            assertThat(invoice.features()).containsExactly(8, 14);
            assertThat(invoice.fallbacks()).isEmpty();
            assertThat(invoice.routes()).isEmpty();
            assertThat(invoice.metadata()).isEmpty();
        }

        @Test
        void aCoffeeForThreeDollarsIsTwoAndAHalfThousandMicroBitcoinForOneMinute() {
            Bolt11Invoice invoice = Bolt11.decode(COFFEE);

            assertThat(invoice.amountMsat()).hasValue(250_000_000L);
            assertThat(invoice.description()).contains("1 cup coffee");
            assertThat(invoice.expiry()).isEqualTo(Duration.ofSeconds(60));
            assertThat(invoice.expiresAt()).isEqualTo(SPEC_TIME.plusSeconds(60));
        }

        @Test
        void aDescriptionInJapaneseIsReadAsUtf8() {
            assertThat(Bolt11.decode(NONSENSE).description()).contains("ナンセンス 1杯");
        }

        @Test
        void aDescriptionHashInvoiceCarriesTheHashAndNoText() {
            Bolt11Invoice invoice = Bolt11.decode(HASHED);

            assertThat(invoice.amountMsat()).hasValue(2_000_000_000L);
            assertThat(invoice.description()).isEmpty();
            assertThat(invoice.descriptionHash()).contains(ByteVector.fromHex(DESCRIPTION_HASH_HEX));
        }

        @Test
        void aDescriptionHashCommitsToTheSpecsLongDescriptionAndToNothingElse() {
            Bolt11Invoice invoice = Bolt11.decode(HASHED);

            // BOLT #11: the h field of this example is the SHA-256 of this text
            assertThat(invoice.hashesDescription(
                            "One piece of chocolate cake, one icecream cone, one pickle, one slice of swiss "
                                    + "cheese, one slice of salami, one lollypop, one piece of cherry pie, one sausage, one cupcake, and one slice "
                                    + "of watermelon"))
                    .isTrue();
            assertThat(invoice.hashesDescription("one slice of watermelon")).isFalse();
            assertThat(Bolt11.decode(NONSENSE).hashesDescription("ナンセンス 1杯"))
                    .as("no h field")
                    .isFalse();
        }

        @Test
        void aTestnetInvoiceWithAP2pkhFallbackShowsTheTestnetAddress() {
            Bolt11Invoice invoice = Bolt11.decode(TESTNET_P2PKH);

            assertThat(invoice.network()).isEqualTo(Network.TESTNET);
            assertThat(invoice.fallbacks()).hasSize(1);
            assertThat(invoice.fallbacks().get(0).version()).isEqualTo(FallbackAddress.P2PKH);
            assertThat(invoice.fallbacks().get(0).address(invoice.network()))
                    .isEqualTo("mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP");
        }

        @Test
        void routeHintsListEveryHopInOrder() {
            Bolt11Invoice invoice = Bolt11.decode(MAINNET_ROUTES);

            assertThat(invoice.fallbacks())
                    .extracting(f -> f.address(Network.MAINNET))
                    .containsExactly("1RustyRX2oai4EYYDpQGWvEL62BBGqN9T");
            assertThat(invoice.routes())
                    .containsExactly(new RouteHint(List.of(
                            new RouteHop(
                                    NodeId.fromHex(
                                            "029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"),
                                    new ShortChannelId(0x0102030405060708L),
                                    (1),
                                    20,
                                    3),
                            new RouteHop(
                                    NodeId.fromHex(
                                            "039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"),
                                    new ShortChannelId(0x030405060708090aL),
                                    (2),
                                    30,
                                    4))));
            assertThat(invoice.routes().get(0).hops().get(0).shortChannelId()).hasToString("66051x263430x1800");
        }

        @Test
        void p2shP2wpkhAndP2wshFallbacksShowTheirMainnetAddresses() {
            assertThat(Bolt11.decode(MAINNET_P2SH).fallbacks().get(0).address(Network.MAINNET))
                    .isEqualTo("3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX");
            assertThat(Bolt11.decode(MAINNET_P2WPKH).fallbacks().get(0).address(Network.MAINNET))
                    .isEqualTo("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
            assertThat(Bolt11.decode(MAINNET_P2WSH).fallbacks().get(0).address(Network.MAINNET))
                    .isEqualTo("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3");
        }

        @Test
        void aPicoBitcoinAmountEndingInZeroIsAWholeNumberOfMillisatoshis() {
            Bolt11Invoice invoice = Bolt11.decode(PICO_AMOUNT);

            assertThat(invoice.amountMsat()).hasValue(967_878_534L);
            assertThat(invoice.timestamp()).isEqualTo(Instant.ofEpochSecond(1572468703L));
            assertThat(invoice.paymentHash().hex())
                    .isEqualTo("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f");
            assertThat(invoice.description())
                    .contains(
                            "Blockstream Store: 88.85 USD for Blockstream Ledger Nano S x 1,"
                                    + " \"Back In My Day\" Sticker x 2, \"I Got Lightning Working\" Sticker x 2 and 1 more items");
            assertThat(invoice.expiry()).isEqualTo(Duration.ofDays(7));
            assertThat(invoice.minFinalCltvExpiryField()).isEqualTo(OptionalInt.of(10));
            assertThat(invoice.routes())
                    .containsExactly(new RouteHint(List.of(new RouteHop(
                            NodeId.fromHex("03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7"),
                            ShortChannelId.of(589390, 3312, 1),
                            (1000),
                            2500,
                            40))));
        }

        @Test
        void unknownOddFeatureBitsAreKeptAndIgnored() {
            assertThat(Bolt11.decode(COFFEE_BEANS).features()).containsExactly(8, 14, 99);
        }

        @Test
        void anAllUpperCaseInvoiceReadsLikeItsLowerCaseForm() {
            Bolt11Invoice upper = Bolt11.decode(COFFEE_BEANS_UPPER_CASE);
            Bolt11Invoice lower = Bolt11.decode(COFFEE_BEANS);

            assertThat(upper)
                    .usingRecursiveComparison()
                    .ignoringFields("original")
                    .isEqualTo(lower);
            assertThat(upper.original()).isEqualTo(COFFEE_BEANS_UPPER_CASE);
            assertThat(upper.canonical()).isEqualTo(COFFEE_BEANS);
        }

        @Test
        void unknownFieldsAndFieldsOfTheWrongLengthAreSkipped() {
            Bolt11Invoice withJunk = Bolt11.decode(COFFEE_BEANS_IGNORED_FIELDS);

            assertThat(withJunk)
                    .usingRecursiveComparison()
                    .ignoringFields("original")
                    .isEqualTo(Bolt11.decode(COFFEE_BEANS));
            assertThat(withJunk.fallbacks())
                    .as("an f field of version 19 is skipped")
                    .isEmpty();
        }

        @Test
        void paymentMetadataIsCarriedThrough() {
            Bolt11Invoice invoice = Bolt11.decode(METADATA);

            assertThat(invoice.metadata()).contains(ByteVector.fromHex("01fafaf0"));
            assertThat(invoice.description()).contains("payment metadata inside");
            assertThat(invoice.features()).containsExactly(8, 14, 48);
            assertThat(invoice.amountMsat()).hasValue(1_000_000_000L);
        }
    }

    @Nested
    class Refusals {
        @Test
        void anInvoiceWithAnUnknownCompulsoryFeatureIsRefused() {
            assertRefused(() -> Bolt11.decode(INVALID_UNKNOWN_FEATURE_100), Reason.UNKNOWN_REQUIRED_FEATURE);
        }

        @Test
        void aWrongChecksumIsRefused() {
            assertRefused(() -> Bolt11.decode(INVALID_CHECKSUM), Reason.BAD_CHECKSUM);
        }

        @Test
        void aStringWithoutSeparatorIsNotAnInvoice() {
            assertRefused(() -> Bolt11.decode(INVALID_NO_SEPARATOR), Reason.NOT_AN_INVOICE);
        }

        @Test
        void mixedCaseIsRefused() {
            assertRefused(() -> Bolt11.decode(INVALID_MIXED_CASE), Reason.MIXED_CASE);
        }

        @Test
        void aSignatureThatRecoversNoKeyIsRefused() {
            assertRefused(() -> Bolt11.decode(INVALID_SIGNATURE_NOT_RECOVERABLE), Reason.BAD_SIGNATURE);
        }

        @Test
        void anInvoiceTooShortForASignatureIsRefused() {
            assertRefused(() -> Bolt11.decode(INVALID_TOO_SHORT), Reason.TOO_SHORT);
        }

        @Test
        void anUnknownMultiplierIsRefused() {
            assertRefused(() -> Bolt11.decode(INVALID_MULTIPLIER), Reason.INVALID_MULTIPLIER);
        }

        @Test
        void aSubMillisatoshiPicoAmountIsRefused() {
            assertRefused(() -> Bolt11.decode(INVALID_SUB_MILLISATOSHI), Reason.SUB_MILLISATOSHI);
        }

        @Test
        void anInvoiceWithAChangedCharacterFailsItsChecksum() {
            int i = COFFEE.length() - 20;
            char replacement = COFFEE.charAt(i) == 'q' ? 'p' : 'q';
            String tampered = COFFEE.substring(0, i) + replacement + COFFEE.substring(i + 1);

            assertRefused(() -> Bolt11.decode(tampered), Reason.BAD_CHECKSUM);
        }

        @Test
        void anInvoiceWithATamperedSignatureIsRefused() {
            String signed = Bolt11.encode(
                    InvoiceDraft.builder(Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), SPEC_TIME)
                            .paymentSecret(paymentSecret())
                            .description("1 cup coffee")
                            .includePayeeField(true)
                            .build(),
                    privateKey());
            byte[] words = Bech32.decode(signed).words();
            // a word inside r of the signature (with an n field the recovery id is not consulted)
            int insideR = words.length - 104 + 10;

            assertThat(Bolt11.decode(signed).payee()).isEqualTo(SPEC_NODE);
            assertRefused(
                    () -> Bolt11.decode(InvoiceForge.tamperWord(signed, insideR, words[insideR] ^ 1)),
                    Reason.BAD_SIGNATURE);
        }

        @Test
        void anInvoiceWhoseDataWasAlteredAfterSigningFailsAgainstItsPayeeField() {
            String signed = Bolt11.encode(
                    InvoiceDraft.builder(Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), SPEC_TIME)
                            .amountMsat(250_000_000L)
                            .paymentSecret(paymentSecret())
                            .description("1 cup coffee")
                            .includePayeeField(true)
                            .build(),
                    privateKey());
            // the payment hash is the first field: change one of its words, fix the checksum
            int insideHash = 7 + 3 + 10;
            String altered = InvoiceForge.tamperWord(
                    signed, insideHash, Bech32.decode(signed).words()[insideHash] ^ 1);
            // and an attacker raising the amount in the prefix
            String raised = InvoiceForge.withHrp(signed, "lnbc25m");

            assertThat(Bolt11.decode(signed).payee()).isEqualTo(SPEC_NODE);
            assertRefused(() -> Bolt11.decode(altered), Reason.BAD_SIGNATURE);
            assertRefused(() -> Bolt11.decode(raised), Reason.BAD_SIGNATURE);
        }

        @Test
        void withoutAPayeeFieldAnAlteredInvoiceRecoversSomeoneElse() {
            // BOLT #11 signatures are recoverable: an edit yields another key, so callers compare the payee
            Bolt11Invoice raised = Bolt11.decode(InvoiceForge.withHrp(COFFEE, "lnbc25m"));

            assertThat(raised.payee()).isNotEqualTo(SPEC_NODE);
        }

        @Test
        void aRecoveryIdAboveThreeIsRefused() {
            byte[] words = Bech32.decode(COFFEE).words();
            // the recovery id is the last of the 65 bytes, bits 512..519: its top bit is the 4s bit of the
            // next-to-last word (bits 510..514)
            String bad = InvoiceForge.tamperWord(COFFEE, words.length - 2, words[words.length - 2] | 0b00100);

            assertRefused(() -> Bolt11.decode(bad), Reason.BAD_SIGNATURE);
        }

        @Test
        void aPrefixThatIsNoKnownNetworkIsRefused() {
            assertRefused(() -> Bolt11.decode(InvoiceForge.withHrp(COFFEE, "lnltc2500u")), Reason.UNKNOWN_NETWORK);
            assertRefused(() -> Bolt11.decode(InvoiceForge.withHrp(COFFEE, "lntbx2500u")), Reason.UNKNOWN_NETWORK);
        }

        @Test
        void aBitcoinAddressIsNotAnInvoice() {
            assertRefused(() -> Bolt11.decode("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"), Reason.NOT_AN_INVOICE);
        }

        @Test
        void textWithSpacesOrPrefixesIsNotAnInvoice() {
            assertRefused(() -> Bolt11.decode(" " + COFFEE), Reason.NOT_AN_INVOICE);
            assertRefused(() -> Bolt11.decode("lightning:" + COFFEE), Reason.NOT_AN_INVOICE);
            assertRefused(() -> Bolt11.decode(""), Reason.NOT_AN_INVOICE);
        }

        @Test
        void aBech32mChecksumIsNotABolt11Checksum() {
            String bech32m = Bech32.encode("lnbc2500u", Bech32.decode(COFFEE).words(), Bech32.Variant.BECH32M);

            assertRefused(() -> Bolt11.decode(bech32m), Reason.BAD_CHECKSUM);
        }

        @Test
        void anInvoiceWithoutPaymentSecretIsRefusedAsTheSpecExampleSays() {
            assertRefused(() -> Bolt11.decode(INVALID_MISSING_PAYMENT_SECRET), Reason.MISSING_PAYMENT_SECRET);
        }

        @Test
        void aHighSSignatureBesideAPayeeFieldIsRefusedAsTheSpecExampleSays() {
            assertRefused(() -> Bolt11.decode(INVALID_HIGH_S_WITH_PAYEE), Reason.HIGH_S_SIGNATURE);
        }

        @Test
        void anInvoiceWhoseOnlySecretIsOfTheWrongLengthHasNoSecret() {
            String invoice = InvoiceForge.withTimestampOnly(TIMESTAMP)
                    .field('s', new byte[51])
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .textField('d', "short secret")
                    .sign("lnbc", privateKey());

            assertRefused(() -> Bolt11.decode(invoice), Reason.MISSING_PAYMENT_SECRET);
        }

        @Test
        void flippingALowSSignatureToHighSIsRefusedWithAPayeeFieldAndRecoversTheSamePayeeWithout() {
            // s' = n - s is the malleable twin: valid for ECDSA, forbidden by BOLT #11 once n is written
            String withPayee = Bolt11.encode(
                    InvoiceDraft.builder(Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), SPEC_TIME)
                            .paymentSecret(paymentSecret())
                            .description("1 cup coffee")
                            .includePayeeField(true)
                            .build(),
                    privateKey());
            String withoutPayee = Bolt11.encode(
                    InvoiceDraft.builder(Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), SPEC_TIME)
                            .paymentSecret(paymentSecret())
                            .description("1 cup coffee")
                            .build(),
                    privateKey());

            assertRefused(() -> Bolt11.decode(flipS(withPayee)), Reason.HIGH_S_SIGNATURE);
            assertThat(Bolt11.decode(flipS(withoutPayee)).payee()).isEqualTo(SPEC_NODE);
        }

        /** The same invoice with its signature's S replaced by n - S (and the recovery id's parity flipped). */
        private String flipS(String invoice) {
            Bech32.Decoded d = Bech32.decode(invoice);
            byte[] w = d.words();
            int sigStart = w.length - 104;
            byte[] sig = Bech32.fromWordsTruncating(w, sigStart, 104);
            java.math.BigInteger order =
                    new java.math.BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
            java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
            byte[] flipped = order.subtract(s).toByteArray();
            byte[] s32 = new byte[32];
            System.arraycopy(
                    flipped,
                    Math.max(0, flipped.length - 32),
                    s32,
                    Math.max(0, 32 - flipped.length),
                    Math.min(32, flipped.length));
            System.arraycopy(s32, 0, sig, 32, 32);
            sig[64] ^= 1;
            byte[] sigWords = Bech32.toWords(sig);
            System.arraycopy(sigWords, 0, w, sigStart, 104);
            return Bech32.encode(d.hrp(), w, Bech32.Variant.BECH32);
        }

        @Test
        void anInvoiceWithoutPaymentHashIsRefused() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .textField('d', "no hash")
                    .sign("lnbc", privateKey());

            assertRefused(() -> Bolt11.decode(invoice), Reason.MISSING_PAYMENT_HASH);
        }

        @Test
        void aPaymentHashOfTheWrongLengthIsSkippedAndThusMissing() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .field('p', new byte[51])
                    .textField('d', "short hash")
                    .sign("lnbc", privateKey());

            assertRefused(() -> Bolt11.decode(invoice), Reason.MISSING_PAYMENT_HASH);
        }

        @Test
        void anInvoiceWithNeitherDescriptionNorHashIsRefused() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .sign("lnbc", privateKey());

            assertRefused(() -> Bolt11.decode(invoice), Reason.MISSING_DESCRIPTION);
        }

        @Test
        void aDescriptionThatIsNotUtf8IsRefused() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .bytesField('d', new byte[] {(byte) 0xc3, (byte) 0x28})
                    .sign("lnbc", privateKey());

            assertRefused(() -> Bolt11.decode(invoice), Reason.MALFORMED_FIELD);
        }

        @Test
        void aFieldThatRunsIntoTheSignatureIsRefused() {
            InvoiceForge forge = InvoiceForge.withTimestamp(TIMESTAMP);
            byte[] header = {1, 1, 20}; // 'p', length 52, but no data follows
            byte[] words = new byte[header.length + 104];
            System.arraycopy(header, 0, words, 0, header.length);
            String invoice = forge.withSignatureWords("lnbc", words);

            assertRefused(() -> Bolt11.decode(invoice), Reason.MALFORMED_FIELD);
        }

        @Test
        void everyRefusalExplainsItselfInWords() {
            for (String bad : List.of(
                    INVALID_CHECKSUM,
                    INVALID_MIXED_CASE,
                    INVALID_MULTIPLIER,
                    INVALID_SUB_MILLISATOSHI,
                    INVALID_TOO_SHORT,
                    INVALID_SIGNATURE_NOT_RECOVERABLE,
                    INVALID_UNKNOWN_FEATURE_100,
                    INVALID_NO_SEPARATOR,
                    INVALID_MISSING_PAYMENT_SECRET,
                    INVALID_HIGH_S_WITH_PAYEE)) {
                assertThatThrownBy(() -> Bolt11.decode(bad))
                        .isInstanceOf(InvalidInvoice.class)
                        .message()
                        .isNotBlank()
                        .doesNotContain("null")
                        .doesNotContain("Exception");
            }
        }
    }

    @Nested
    class Fields {
        @Test
        void theFirstUsablePaymentHashWins() {
            byte[] first = new byte[32];
            first[0] = 7;
            byte[] second = new byte[32];
            second[0] = 9;
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .field('p', new byte[53]) // wrong length: skipped
                    .bytesField('p', first)
                    .bytesField('p', second)
                    .textField('d', "two hashes")
                    .sign("lnbc", privateKey());

            assertThat(Bolt11.decode(invoice).paymentHash()).isEqualTo(ByteVector.of(first));
        }

        @Test
        void anExpiryOfZeroWordsIsZeroSeconds() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .textField('d', "now or never")
                    .field('x', new byte[0])
                    .sign("lnbc", privateKey());

            Bolt11Invoice decoded = Bolt11.decode(invoice);
            assertThat(decoded.expiry()).isZero();
            assertThat(decoded.isExpiredAt(SPEC_TIME)).isFalse();
            assertThat(decoded.isExpiredAt(SPEC_TIME.plusSeconds(1))).isTrue();
        }

        @Test
        void anExpiryTooLargeForALongIsRefused() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .textField('d', "forever")
                    .field('x', new byte[] {31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31})
                    .sign("lnbc", privateKey());

            assertRefused(() -> Bolt11.decode(invoice), Reason.MALFORMED_FIELD);
        }

        @Test
        void aHugeButRepresentableExpiryNeverEndsBeforeTheEndOfTime() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .textField('d', "a long time")
                    .field('x', new byte[] {7, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31})
                    .sign("lnbc", privateKey());

            Bolt11Invoice decoded = Bolt11.decode(invoice);
            assertThat(decoded.expiresAt()).isEqualTo(Instant.MAX);
            assertThat(decoded.isExpiredAt(Instant.parse("9999-12-31T23:59:59Z")))
                    .isFalse();
        }

        @Test
        void aPayeeFieldThatIsNotACompressedKeyIsSkippedAndThePayeeRecovered() {
            byte[] notAKey = new byte[33];
            notAKey[0] = 4;
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .textField('d', "odd n")
                    .bytesField('n', notAKey)
                    .sign("lnbc", privateKey());

            assertThat(Bolt11.decode(invoice).payee()).isEqualTo(SPEC_NODE);
        }

        @Test
        void aPayeeFieldNamingAnotherNodeIsRefused() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .textField('d', "claims another payee")
                    .bytesField(
                            'n',
                            NodeId.fromHex("029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255")
                                    .bytes())
                    .sign("lnbc", privateKey());

            assertRefused(() -> Bolt11.decode(invoice), Reason.BAD_SIGNATURE);
        }

        @Test
        void aRouteFieldThatIsNotWholeHopsIsSkipped() {
            String invoice = InvoiceForge.withTimestamp(TIMESTAMP)
                    .bytesField('p', ByteVector.fromHex(PAYMENT_HASH_HEX).toArray())
                    .textField('d', "half a hop")
                    .bytesField('r', new byte[40])
                    .sign("lnbc", privateKey());

            assertThat(Bolt11.decode(invoice).routes()).isEmpty();
        }
    }

    @Nested
    class Networks {
        @Test
        void aSignetInvoiceIsSignetNotTestnetWithALetterS() {
            String amountless = Bolt11.encode(draft(Network.SIGNET, OptionalLong.empty()), privateKey());
            String withAmount = Bolt11.encode(draft(Network.SIGNET, OptionalLong.of(1_000_000L)), privateKey());

            assertThat(amountless).startsWith("lntbs1");
            assertThat(withAmount).startsWith("lntbs10u1");
            assertThat(Bolt11.decode(amountless).network()).isEqualTo(Network.SIGNET);
            assertThat(Bolt11.decode(withAmount).network()).isEqualTo(Network.SIGNET);
            assertThat(Bolt11.decode(withAmount).amountMsat()).hasValue(1_000_000L);
        }

        @Test
        void aRegtestInvoiceStartsWithLnbcrt() {
            String invoice = Bolt11.encode(draft(Network.REGTEST, OptionalLong.of(150_000L)), privateKey());

            assertThat(invoice).startsWith("lnbcrt1500n1");
            assertThat(Bolt11.decode(invoice).network()).isEqualTo(Network.REGTEST);
        }

        @Test
        void aTestnetInvoiceStartsWithLntb() {
            String invoice = Bolt11.encode(draft(Network.TESTNET, OptionalLong.empty()), privateKey());

            assertThat(invoice).startsWith("lntb1");
            assertThat(Bolt11.decode(invoice).network()).isEqualTo(Network.TESTNET);
        }

        private InvoiceDraft draft(Network network, OptionalLong amount) {
            return InvoiceDraft.builder(network, ByteVector.fromHex(PAYMENT_HASH_HEX), SPEC_TIME)
                    .amountMsat(amount)
                    .paymentSecret(paymentSecret())
                    .description("network test")
                    .build();
        }
    }

    @Nested
    class AmountsInThePrefix {
        @ParameterizedTest(name = "{0} is {1} msat")
        @CsvSource({
            "1, 100000000000",
            "21000000, 2100000000000000000",
            "10m, 1000000000",
            "2500u, 250000000",
            "1n, 100",
            "10p, 1",
            "9678785340p, 967878534",
            "1500n, 150000"
        })
        void anAmountIsBitcoinTimesItsMultiplier(String text, long msat) {
            assertThat(Amounts.parse(text)).hasValue(msat);
        }

        @ParameterizedTest(name = "{0} is refused as {1}")
        @CsvSource({
            "0, INVALID_AMOUNT",
            "0m, INVALID_AMOUNT",
            "01m, INVALID_AMOUNT",
            "25mm, INVALID_AMOUNT",
            "m, INVALID_AMOUNT",
            "2500x, INVALID_MULTIPLIER",
            "2500M, INVALID_MULTIPLIER",
            "1p, SUB_MILLISATOSHI",
            "2500000001p, SUB_MILLISATOSHI",
            "21000001, INVALID_AMOUNT",
            "99999999999999999999999, INVALID_AMOUNT"
        })
        void aMalformedAmountIsRefused(String text, Reason reason) {
            assertRefused(() -> Amounts.parse(text), reason);
        }

        @ParameterizedTest(name = "{0} msat is written {1}")
        @CsvSource({
            "100000000000, 1",
            "250000000, 2500u",
            "1000000000, 10m",
            "100, 1n",
            "1, 10p",
            "1001, 10010p",
            "967878534, 9678785340p",
            "2100000000000000000, 21000000",
            "2099999999999999999, 20999999999999999990p"
        })
        void anAmountIsWrittenWithTheLargestExactMultiplier(long msat, String text) {
            assertThat(Amounts.format(msat)).isEqualTo(text);
            assertThat(Amounts.parse(text)).hasValue(msat);
        }
    }

    @Nested
    class Expiry {
        @Test
        void aOneMinuteInvoiceIsPayableForExactlyOneMinute() {
            Bolt11Invoice coffee = Bolt11.decode(COFFEE);

            assertThat(coffee.isExpiredAt(SPEC_TIME)).isFalse();
            assertThat(coffee.isExpiredAt(SPEC_TIME.plusSeconds(60))).isFalse();
            assertThat(coffee.isExpiredAt(SPEC_TIME.plusSeconds(61))).isTrue();
        }

        @Test
        void withoutAnExpiryFieldAnInvoiceLastsOneHour() {
            Bolt11Invoice donation = Bolt11.decode(DONATION);

            assertThat(donation.expiresAt()).isEqualTo(SPEC_TIME.plus(Duration.ofHours(1)));
            assertThat(donation.isExpiredAt(SPEC_TIME.plus(Duration.ofMinutes(59))))
                    .isFalse();
            assertThat(donation.isExpiredAt(SPEC_TIME.plus(Duration.ofMinutes(61))))
                    .isTrue();
        }
    }

    private static void assertRefused(ThrowingCallable decode, Reason reason) {
        assertThatThrownBy(decode)
                .isInstanceOfSatisfying(
                        InvalidInvoice.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void theSpecKeyIsTheSpecNode() {
        assertThat(Bolt11.nodeIdOf(HexFormat.of().parseHex(PRIVATE_KEY_HEX))).isEqualTo(SPEC_NODE);
    }
}
