package org.lnteller.codec.bolt11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.InvalidInvoice.Reason;

/** The shared BOLT #11 vectors: every valid row decodes to every column, every invalid row is refused for its reason. */
class Bolt11SharedVectorsTest {

    /** The spec's words for each invalid example, lower case without a final period. */
    private static final Map<String, Reason> REASON_FOR_WHY = Map.of(
            "bech32 checksum is invalid", Reason.BAD_CHECKSUM,
            "invalid multiplier", Reason.INVALID_MULTIPLIER,
            "invalid sub-millisatoshi precision", Reason.SUB_MILLISATOSHI,
            "malformed bech32 string (no 1)", Reason.NOT_AN_INVOICE,
            "malformed bech32 string (mixed case)", Reason.MIXED_CASE,
            "signature is not recoverable", Reason.BAD_SIGNATURE,
            "string is too short", Reason.TOO_SHORT,
            "same, but adding invalid unknown feature 100", Reason.UNKNOWN_REQUIRED_FEATURE);

    static Stream<Arguments> validVectors() {
        return SharedVectors.rows("bolt11-sample.tsv").stream().map(r -> Arguments.of(r.get("name"), r));
    }

    static Stream<Arguments> invalidVectors() {
        return SharedVectors.rows("bolt11-invalid-sample.tsv").stream().map(r -> Arguments.of(r.get("name"), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validVectors")
    void aPublishedValidInvoiceDecodesToEveryColumn(String name, Map<String, String> row) {
        Bolt11Invoice invoice = Bolt11.decode(row.get("invoice"));

        assertThat(invoice.network())
                .isEqualTo(Network.fromBolt11Prefix(row.get("network")).orElseThrow());
        assertThat(invoice.amountMsat())
                .isEqualTo(optional(row.get("amount_msat"))
                        .map(s -> OptionalLong.of(Long.parseLong(s)))
                        .orElse(OptionalLong.empty()));
        assertThat(invoice.timestamp()).isEqualTo(Instant.ofEpochSecond(Long.parseLong(row.get("timestamp"))));
        assertThat(invoice.paymentHash().hex()).isEqualTo(row.get("payment_hash_hex"));
        assertThat(invoice.paymentSecret().hex()).isEqualTo(row.get("payment_secret_hex"));
        assertThat(invoice.description()).isEqualTo(optional(row.get("description")));
        assertThat(invoice.descriptionHash().map(ByteVector::hex)).isEqualTo(optional(row.get("description_hash_hex")));
        assertThat(invoice.expiry()).isEqualTo(Duration.ofSeconds(Long.parseLong(row.get("expiry_seconds"))));
        String cltv = row.get("min_final_cltv_expiry");
        assertThat(invoice.minFinalCltvExpiryField())
                .isEqualTo(cltv.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(cltv)));
        assertThat(invoice.minFinalCltvExpiry()).isEqualTo(cltv.isEmpty() ? 18 : Integer.parseInt(cltv));
        assertThat(invoice.payee().hex()).isEqualTo(row.get("payee_pubkey_hex"));
        assertThat(invoice.features()).containsExactly(featureBits(row.get("features_hex_or_bits")));
        assertThat(invoice.original()).isEqualTo(row.get("invoice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidVectors")
    void aPublishedInvalidInvoiceIsRefusedForItsStatedReason(String name, Map<String, String> row) {
        String why = row.get("why").trim().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        Reason expected = REASON_FOR_WHY.get(why);
        if (expected == null) fail("no Reason is mapped for the vector's why text '" + row.get("why") + "'");

        assertThatThrownBy(() -> Bolt11.decode(row.get("invoice")))
                .isInstanceOfSatisfying(
                        InvalidInvoice.class, e -> assertThat(e.reason()).isEqualTo(expected))
                .hasMessageNotContaining("null");
    }

    private static Optional<String> optional(String cell) {
        return cell.isEmpty() ? Optional.empty() : Optional.of(cell);
    }

    private static Integer[] featureBits(String cell) {
        if (cell.isEmpty()) return new Integer[0];
        return Arrays.stream(cell.split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toArray(Integer[]::new);
    }
}
