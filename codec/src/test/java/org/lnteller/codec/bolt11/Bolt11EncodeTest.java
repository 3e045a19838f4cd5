package org.lnteller.codec.bolt11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.codec.bolt11.SpecExamples.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.lnteller.codec.Network;

/** Writing invoices: what is written decodes back to the same fields, signed by the same key. */
class Bolt11EncodeTest {

    /** Spec examples whose field order is the encoder's (s, p, d/h, x, f, r, 9). */
    static final List<String> examplesInEncoderOrder = List.of(DONATION, COFFEE, NONSENSE, HASHED, MAINNET_ROUTES);

    static final List<String> validExamples = VALID;

    @ParameterizedTest
    @FieldSource("examplesInEncoderOrder")
    void reEncodingASpecExampleWithTheSpecKeyReproducesItCharacterForCharacter(String example) {
        String encoded = Bolt11.encode(draftOf(Bolt11.decode(example)), privateKey());

        // RFC 6979 nonces are deterministic, so the signature is the spec's own
        assertThat(encoded).isEqualTo(example);
    }

    @ParameterizedTest
    @FieldSource("validExamples")
    void reEncodingAnySpecExampleGivesAnInvoiceThatDecodesIdentically(String example) {
        Bolt11Invoice original = Bolt11.decode(example);

        Bolt11Invoice again = Bolt11.decode(Bolt11.encode(draftOf(original), privateKey()));

        assertThat(again).usingRecursiveComparison().ignoringFields("original").isEqualTo(original);
    }

    @Test
    void aFewHundredRandomInvoicesDecodeToWhatWasEncoded() {
        Random random = new Random(20240601L);
        for (int i = 0; i < 400; i++) {
            byte[] key = randomKey(random);
            InvoiceDraft draft = randomDraft(random);

            String encoded = Bolt11.encode(draft, key);
            Bolt11Invoice decoded = Bolt11.decode(encoded);

            String context = "invoice #" + i + " " + encoded;
            assertThat(decoded.network()).as(context).isEqualTo(draft.network());
            assertThat(decoded.amountMsat()).as(context).isEqualTo(draft.amountMsat());
            assertThat(decoded.timestamp()).as(context).isEqualTo(draft.timestamp());
            assertThat(decoded.paymentHash()).as(context).isEqualTo(draft.paymentHash());
            assertThat(decoded.paymentSecret()).as(context).isEqualTo(draft.paymentSecret());
            assertThat(decoded.description()).as(context).isEqualTo(draft.description());
            assertThat(decoded.descriptionHash()).as(context).isEqualTo(draft.descriptionHash());
            assertThat(decoded.expiry()).as(context).isEqualTo(draft.expiry());
            assertThat(decoded.minFinalCltvExpiryField()).as(context).isEqualTo(draft.minFinalCltvExpiry());
            assertThat(decoded.features()).as(context).isEqualTo(draft.features());
            assertThat(decoded.fallbacks()).as(context).isEqualTo(draft.fallbacks());
            assertThat(decoded.routes()).as(context).isEqualTo(draft.routes());
            assertThat(decoded.metadata()).as(context).isEqualTo(draft.metadata());
            assertThat(decoded.payee()).as(context).isEqualTo(Bolt11.nodeIdOf(key));
            assertThat(decoded.original()).as(context).isEqualTo(encoded);
            assertThat(Bolt11.decode(encoded.toUpperCase(Locale.ROOT)))
                    .as(context)
                    .usingRecursiveComparison()
                    .ignoringFields("original")
                    .isEqualTo(decoded);
        }
    }

    @Test
    void anInvoiceIsWrittenInLowerCaseWithTheShortestAmount() {
        String invoice = Bolt11.encode(
                InvoiceDraft.builder(
                                Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), Instant.ofEpochSecond(TIMESTAMP))
                        .amountMsat(2_500_000_000L)
                        .paymentSecret(paymentSecret())
                        .description("x")
                        .build(),
                privateKey());

        assertThat(invoice).startsWith("lnbc25m1").isLowerCase();
    }

    @Test
    void theTimestampIsTruncatedToWholeSeconds() {
        InvoiceDraft draft = InvoiceDraft.builder(
                        Network.MAINNET,
                        ByteVector.fromHex(PAYMENT_HASH_HEX),
                        Instant.ofEpochSecond(TIMESTAMP, 999_999_999))
                .paymentSecret(paymentSecret())
                .description("x")
                .build();

        assertThat(Bolt11.decode(Bolt11.encode(draft, privateKey())).timestamp())
                .isEqualTo(Instant.ofEpochSecond(TIMESTAMP));
    }

    @Test
    void aDraftNeedsExactlyOneOfDescriptionAndHash() {
        assertThatThrownBy(() -> InvoiceDraft.builder(
                                Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), Instant.ofEpochSecond(TIMESTAMP))
                        .paymentSecret(paymentSecret())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("description");
    }

    @Test
    void aDraftWithoutPaymentSecretIsRefusedBecauseNoReaderWouldAcceptTheInvoice() {
        assertThatThrownBy(() -> InvoiceDraft.builder(
                                Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), Instant.ofEpochSecond(TIMESTAMP))
                        .description("x")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payment secret");
    }

    @Test
    void aDraftRefusesAZeroAmountAndAnUnknownCompulsoryFeature() {
        InvoiceDraft.Builder builder = InvoiceDraft.builder(
                        Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), Instant.ofEpochSecond(TIMESTAMP))
                .paymentSecret(paymentSecret())
                .description("x");

        assertThatThrownBy(() -> builder.amountMsat(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        builder.amountMsat(OptionalLong.empty()).feature(100).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100");
    }

    @Test
    void anInvalidPrivateKeyIsRefused() {
        InvoiceDraft draft = InvoiceDraft.builder(
                        Network.MAINNET, ByteVector.fromHex(PAYMENT_HASH_HEX), Instant.ofEpochSecond(TIMESTAMP))
                .paymentSecret(paymentSecret())
                .description("x")
                .build();

        assertThatThrownBy(() -> Bolt11.encode(draft, new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bolt11.encode(draft, new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    /** The draft that would write {@code invoice}'s fields. */
    static InvoiceDraft draftOf(Bolt11Invoice invoice) {
        InvoiceDraft.Builder b = InvoiceDraft.builder(invoice.network(), invoice.paymentHash(), invoice.timestamp())
                .amountMsat(invoice.amountMsat())
                .expiry(invoice.expiry())
                .features(invoice.features());
        b.paymentSecret(invoice.paymentSecret());
        invoice.description().ifPresent(b::description);
        invoice.descriptionHash().ifPresent(b::descriptionHash);
        invoice.minFinalCltvExpiryField().ifPresent(b::minFinalCltvExpiry);
        invoice.fallbacks().forEach(b::fallback);
        invoice.routes().forEach(b::route);
        invoice.metadata().ifPresent(b::metadata);
        return b.build();
    }

    private static byte[] randomKey(Random random) {
        byte[] key = new byte[32];
        do {
            random.nextBytes(key);
        } while (!isValidKey(key));
        return key;
    }

    private static boolean isValidKey(byte[] key) {
        try {
            Bolt11.nodeIdOf(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,:;!?-ナンセンス杯éü€\uD83D\uDE00";

    private static InvoiceDraft randomDraft(Random r) {
        Network network = Network.values()[r.nextInt(Network.values().length)];
        InvoiceDraft.Builder b = InvoiceDraft.builder(
                network,
                ByteVector.of(bytes(r, 32)),
                Instant.ofEpochSecond(r.nextLong(0, InvoiceDraft.MAX_TIMESTAMP + 1)));
        b.amountMsat(randomAmount(r));
        b.paymentSecret(ByteVector.of(bytes(r, 32)));
        if (r.nextInt(3) > 0) {
            StringBuilder text = new StringBuilder();
            int length = r.nextInt(0, 120);
            for (int i = 0; i < length; i++) {
                int at = r.nextInt(ALPHABET.length());
                if (Character.isLowSurrogate(ALPHABET.charAt(at))) at--;
                text.append(ALPHABET.charAt(at));
                if (Character.isHighSurrogate(ALPHABET.charAt(at))) text.append(ALPHABET.charAt(at + 1));
            }
            b.description(text.toString());
        } else {
            b.descriptionHash(ByteVector.of(bytes(r, 32)));
        }
        switch (r.nextInt(4)) {
            case 0 -> b.expiry(Bolt11Invoice.DEFAULT_EXPIRY);
            case 1 -> b.expiry(Duration.ofSeconds(r.nextInt(0, 86_400)));
            case 2 -> b.expiry(Duration.ofSeconds(r.nextLong(0, 1L << 40)));
            default -> {} // the builder's default
        }
        if (r.nextBoolean()) b.minFinalCltvExpiry(r.nextInt(0, r.nextBoolean() ? 200 : Integer.MAX_VALUE));
        int[] usableBits = {8, 9, 14, 15, 16, 17, 24, 25, 48, 49, 99, 101, 255};
        for (int bit : usableBits) if (r.nextInt(3) == 0) b.feature(bit);
        if (r.nextInt(4) == 0) b.fallback(randomFallback(r));
        if (r.nextInt(4) == 0) b.fallback(randomFallback(r));
        int routes = r.nextInt(4) == 0 ? r.nextInt(1, 3) : 0;
        for (int i = 0; i < routes; i++) {
            List<RouteHop> hops = new ArrayList<>();
            int n = r.nextInt(1, 4);
            for (int h = 0; h < n; h++) {
                byte[] key = bytes(r, 33);
                key[0] = (byte) (r.nextBoolean() ? 2 : 3);
                hops.add(new RouteHop(
                        NodeId.of(key),
                        new ShortChannelId(r.nextLong()),
                        (r.nextLong(0, 1L << 32)),
                        r.nextLong(0, 1L << 32),
                        r.nextInt(0, 1 << 16)));
            }
            b.route(new RouteHint(hops));
        }
        if (r.nextInt(5) == 0) b.metadata(ByteVector.of(bytes(r, r.nextInt(0, 64))));
        b.includePayeeField(r.nextBoolean());
        return b.build();
    }

    private static OptionalLong randomAmount(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> OptionalLong.empty();
            case 1 -> OptionalLong.of(r.nextLong(1, 1000)); // below one satoshi
            case 2 -> OptionalLong.of(r.nextLong(1, 21_000_001) * 100_000_000_000L); // whole bitcoin
            case 3 -> OptionalLong.of(r.nextLong(1, 1_000_000) * 100_000_000L); // milli
            case 4 -> OptionalLong.of(r.nextLong(1, 1_000_000) * 100_000L); // micro
            case 5 -> OptionalLong.of(r.nextLong(1, 1_000_000) * 100L); // nano
            default -> OptionalLong.of(r.nextLong(1, 2_100_000_000_000_000_001L));
        };
    }

    private static FallbackAddress randomFallback(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> new FallbackAddress(FallbackAddress.P2PKH, ByteVector.of(bytes(r, 20)));
            case 1 -> new FallbackAddress(FallbackAddress.P2SH, ByteVector.of(bytes(r, 20)));
            case 2 -> new FallbackAddress(0, ByteVector.of(bytes(r, r.nextBoolean() ? 20 : 32)));
            default -> new FallbackAddress(1, ByteVector.of(bytes(r, 32)));
        };
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
