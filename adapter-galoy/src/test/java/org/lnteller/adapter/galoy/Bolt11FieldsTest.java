package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.galoy.fake.Bolt11Writer;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/** The adapter's BOLT #11 field reader, on the specification's own examples and on the fake's invoices. */
class Bolt11FieldsTest {
    /** BOLT #11's "please make a donation of any amount using payment_hash 0001020304050607080900010203040506070809000102030405060708090102". */
    private static final String DONATION = "lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql";
    /** BOLT #11's "please send $3 for a cup of coffee to the same peer, within one minute": 2500u, x = 60. */
    private static final String COFFEE = "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh";
    private static final PaymentHash SPEC_HASH = PaymentHash.fromHex("0001020304050607080900010203040506070809000102030405060708090102");

    @Test
    void anAmountlessInvoiceOfTheSpecificationHasItsHashTimestampAndTheDefaultHourOfExpiry() {
        Bolt11Fields f = Bolt11Fields.read(DONATION);

        assertThat(f.amount()).isEmpty();
        assertThat(f.paymentHash()).isEqualTo(SPEC_HASH);
        assertThat(f.timestamp()).isEqualTo(Instant.ofEpochSecond(1496314658));
        assertThat(f.expiry()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anInvoiceWithAnAmountAndAnExpiryOfTheSpecificationReadsBoth() {
        Bolt11Fields f = Bolt11Fields.read(COFFEE.toUpperCase());

        assertThat(f.amount()).contains(MilliSatoshi.of(250_000_000));
        assertThat(f.expiry()).isEqualTo(Duration.ofSeconds(60));
        assertThat(f.expiresAt()).isEqualTo(Instant.ofEpochSecond(1496314658 + 60));
    }

    @Test
    void theFakesInvoicesReadBackAsWritten() {
        PaymentHash hash = PaymentHash.fromHex("ff".repeat(32));
        Instant at = Instant.ofEpochSecond(1_700_000_000);
        for (long msat : new long[] {1_000, 10_000_000, 123_456_000, 1_500_000_000_000L, 1}) {
            String text = Bolt11Writer.write("bc", Optional.of(MilliSatoshi.of(msat)), at, hash, new byte[32], "x", Duration.ofMinutes(30));

            Bolt11Fields f = Bolt11Fields.read(text);

            assertThat(f.amount()).contains(MilliSatoshi.of(msat));
            assertThat(f.paymentHash()).isEqualTo(hash);
            assertThat(f.expiresAt()).isEqualTo(at.plus(Duration.ofMinutes(30)));
        }
    }

    @Test
    void textThatIsNoInvoiceIsUnreadable() {
        String flipped = COFFEE.substring(0, 40) + (COFFEE.charAt(40) == 'q' ? 'p' : 'q') + COFFEE.substring(41);

        assertThatThrownBy(() -> Bolt11Fields.read("this is not an invoice")).isInstanceOf(Bolt11Fields.UnreadableInvoice.class);
        assertThatThrownBy(() -> Bolt11Fields.read(flipped)).hasMessageContaining("checksum");
        assertThatThrownBy(() -> Bolt11Fields.read("lnbc1qqqqqq")).isInstanceOf(Bolt11Fields.UnreadableInvoice.class);
        assertThatThrownBy(() -> Bolt11Fields.read(COFFEE.substring(0, 10) + COFFEE.substring(10).toUpperCase()))
                .hasMessageContaining("mixed case");
    }

    @Test
    void aPicoAmountThatIsNotAWholeMillisatoshiIsUnreadable() {
        String text = Bolt11Writer.write("bc", Optional.of(MilliSatoshi.of(1)), Instant.ofEpochSecond(1), SPEC_HASH,
                new byte[32], "", Duration.ofMinutes(1));
        assertThat(text).startsWith("lnbc10p1");
        String odd = text.replaceFirst("lnbc10p1", "lnbc11p1");

        assertThatThrownBy(() -> Bolt11Fields.read(odd)).isInstanceOf(Bolt11Fields.UnreadableInvoice.class);
    }
}
