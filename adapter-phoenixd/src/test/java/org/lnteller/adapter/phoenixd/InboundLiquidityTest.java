package org.lnteller.adapter.phoenixd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.phoenixd.standin.PhoenixdStandIn;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InboundLiquidityTooExpensive;
import org.lnteller.ports.model.Satoshi;

/**
 * phoenixd buys inbound liquidity for a payment its channels cannot receive and takes the fee out
 * of that payment: a cash-out that would cost the operator more than the cap is refused before any
 * invoice exists, and the fee of one within the cap is logged.
 */
class InboundLiquidityTest {
    private PhoenixdStandIn standIn;

    @BeforeEach
    void start() {
        standIn = PhoenixdStandIn.start(100_000);
        // 50,000 sat receivable; a channel costs 1,000 sat of mining fee + 1 % of what is bought
        standIn.liquidity(50_000, 1_000, 10_000, 0);
    }

    @AfterEach
    void stop() {
        assertThat(standIn.violations()).as("calls phoenixd would refuse").isEmpty();
        standIn.close();
    }

    private PhoenixdBackend backend(long capSat) {
        return new PhoenixdBackend(TestPhoenixd.settings(standIn)
                .withLiquidity(Satoshi.of(capSat), PhoenixdSettings.DEFAULT_AUTO_LIQUIDITY));
    }

    @Test
    void anAmountTheChannelsCanReceiveNeedsNoLiquidityAndIsIssuedUnderAZeroCap() {
        try (PhoenixdBackend backend = backend(0)) {
            CreatedInvoice invoice = backend.createInvoice(Satoshi.of(50_000), Duration.ofMinutes(10), "fits");

            assertThat(invoice.amount()).isEqualTo(Satoshi.of(50_000).toMilliSatoshi());
            assertThat(standIn.calls("estimateliquidityfees")).isZero();
        }
    }

    @Test
    void aCashOutWhoseLiquidityFeeExceedsTheCapIsRefusedAndNoInvoiceIsIssued() {
        try (PhoenixdBackend backend = backend(5_000)) {
            InboundLiquidityTooExpensive refused = catchThrowableOfType(
                    () -> backend.createInvoice(Satoshi.of(60_000), Duration.ofMinutes(10), "too big"),
                    InboundLiquidityTooExpensive.class);

            // 1,000 + 1 % of (60,000 + 2,000,000) = 21,600 sat
            assertThat(refused.fee()).contains(Satoshi.of(21_600));
            assertThat(refused.cap()).isEqualTo(Satoshi.of(5_000));
            assertThat(refused.getMessage()).contains("21600").contains("5000");
            assertThat(standIn.calls("createinvoice")).isZero();
        }
    }

    @Test
    void aLiquidityFeeWithinTheCapIsLoggedAndTheInvoiceIssued() {
        try (PhoenixdBackend backend = backend(25_000)) {
            CreatedInvoice invoice =
                    backend.createInvoice(Satoshi.of(60_000), Duration.ofMinutes(10), "needs a channel");

            assertThat(invoice.amount()).isEqualTo(Satoshi.of(60_000).toMilliSatoshi());
            assertThat(CapturedLogs.lines())
                    .anySatisfy(l -> assertThat(l)
                            .contains("needs inbound liquidity")
                            .contains("about 21600 sat")
                            .contains(invoice.amount().truncateToSatoshi().toString()));
        }
    }

    @Test
    void theFeeCreditPaysTheLiquidityFeeFirst() {
        standIn.liquidity(50_000, 1_000, 10_000, 21_000);
        try (PhoenixdBackend backend = backend(1_000)) {
            CreatedInvoice invoice = backend.createInvoice(Satoshi.of(60_000), Duration.ofMinutes(10), "credit pays");

            assertThat(invoice.paymentHash()).isNotNull();
        }
    }

    @Test
    void aFeeAsLargeAsThePaymentIsRefusedWhateverTheCap() {
        standIn.liquidity(10_000, 1_000, 10_000, 0);
        try (PhoenixdBackend backend = backend(1_000_000)) {
            InboundLiquidityTooExpensive refused = catchThrowableOfType(
                    () -> backend.createInvoice(Satoshi.of(20_000), Duration.ofMinutes(10), "swallowed by fees"),
                    InboundLiquidityTooExpensive.class);

            assertThat(refused.fee()).isEqualTo(Optional.of(Satoshi.of(21_200)));
        }
    }
}
