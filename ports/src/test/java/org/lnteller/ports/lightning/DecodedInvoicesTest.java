package org.lnteller.ports.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;

/** {@link PaymentRequest} and {@link CreatedInvoice} read what they report from the decoded invoice. */
class DecodedInvoicesTest {
    private static final PaymentHash HASH = PaymentHash.fromHex("ab".repeat(32));
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void aPaymentRequestIsReconciledByItsInvoicesOwnHashAndCarriesItsText() {
        Bolt11Invoice invoice = TestInvoices.signed(HASH, MilliSatoshi.of(5_000_000), T0, Duration.ofHours(1));

        PaymentRequest request = new PaymentRequest(invoice, Optional.empty(), MilliSatoshi.of(10_000));

        assertThat(request.paymentHash()).isEqualTo(HASH);
        assertThat(request.bolt11()).isEqualTo(invoice.original()).startsWith("lnbcrt50u1");
    }

    @Test
    void aCreatedInvoiceReportsTheHashAmountAndExpiryWrittenInIt() {
        CreatedInvoice created = TestInvoices.created(HASH, MilliSatoshi.of(5_000_000), T0, Duration.ofMinutes(30));

        assertThat(created.paymentHash()).isEqualTo(HASH);
        assertThat(created.amount()).isEqualTo(MilliSatoshi.of(5_000_000));
        assertThat(created.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(created.bolt11()).isEqualTo(created.invoice().original());
    }

    @Test
    void anInvoiceWithoutAnAmountIsNotOneTheBackendIssuedForUs() {
        Bolt11Invoice amountless = TestInvoices.signed(
                TestInvoices.DEFAULT_KEY, HASH, Optional.empty(), T0, Duration.ofHours(1), "any amount");

        assertThatThrownBy(() -> new CreatedInvoice(amountless)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInvoiceABackendIssuedIsHeldToTheHashItReportedAndTheAmountAsked() {
        String text = TestInvoices.signed(HASH, MilliSatoshi.of(5_000_000), T0, Duration.ofHours(1))
                .original();

        CreatedInvoice created =
                CreatedInvoice.issued("node", "  " + text + "\n", HASH.hex().toUpperCase(), Satoshi.of(5_000));

        assertThat(created.paymentHash()).isEqualTo(HASH);
        assertThat(created.bolt11()).isEqualTo(text);
        assertProtocolFailure(
                () -> CreatedInvoice.issued("node", text, "cd".repeat(32), Satoshi.of(5_000)), "payment hash");
        assertProtocolFailure(
                () -> CreatedInvoice.issued("node", text, HASH.hex(), Satoshi.of(5_001)), "not 5001000 msat");
        assertProtocolFailure(
                () -> CreatedInvoice.issued(
                        "node", text.substring(0, text.length() - 1) + "q", HASH.hex(), Satoshi.of(5_000)),
                "cannot be read");
    }

    private static void assertProtocolFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String says) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        UnableToCreateInvoice.class,
                        e -> assertThat(e.kind()).isEqualTo(LightningBackendException.Kind.PROTOCOL))
                .hasMessageContaining(says);
    }

    @Test
    void anOptionalCountOfMillisatoshisBecomesAnOptionalAmount() {
        assertThat(MilliSatoshi.ofOptional(java.util.OptionalLong.of(7))).contains(MilliSatoshi.of(7));
        assertThat(MilliSatoshi.ofOptional(java.util.OptionalLong.empty())).isEmpty();
    }
}
