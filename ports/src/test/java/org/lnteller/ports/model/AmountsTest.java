package org.lnteller.ports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class AmountsTest {
    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void satoshisAndMillisatoshisSayTheirUnit() {
        assertThat(Satoshi.of(546_448)).hasToString("546448 sat");
        assertThat(MilliSatoshi.of(1_500)).hasToString("1500 msat");
    }

    @Test
    void noAmountIsNegative() {
        assertThatThrownBy(() -> Satoshi.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MilliSatoshi.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FiatAmount(USD, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Satoshi.of(1).minus(Satoshi.of(2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arithmeticThatOverflowsThrowsInsteadOfWrapping() {
        assertThatThrownBy(() -> Satoshi.of(Long.MAX_VALUE).plus(Satoshi.of(1)))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Satoshi.of(Long.MAX_VALUE / 10).toMilliSatoshi())
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> FiatAmount.ofMinor("USD", Long.MAX_VALUE).times(2))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void millisatoshisBecomeSatoshisByANamedRounding() {
        assertThat(MilliSatoshi.of(1_999).truncateToSatoshi()).isEqualTo(Satoshi.of(1));
        assertThat(MilliSatoshi.of(1_001).ceilToSatoshi()).isEqualTo(Satoshi.of(2));
        assertThat(MilliSatoshi.of(2_000).ceilToSatoshi()).isEqualTo(Satoshi.of(2));
        assertThat(MilliSatoshi.of(2_000).isWholeSatoshi()).isTrue();
        assertThat(Satoshi.of(3).toMilliSatoshi()).isEqualTo(MilliSatoshi.of(3_000));
    }

    @Test
    void fiatIsKeptInMinorUnitsAndReadInWholeUnits() {
        assertThat(FiatAmount.ofMajor("USD", "100")).isEqualTo(FiatAmount.ofMinor("USD", 10_000));
        assertThat(FiatAmount.ofMajor("USD", "12.5").minor()).isEqualTo(1_250);
        assertThat(FiatAmount.ofMajor("JPY", "1000").minor()).isEqualTo(1_000);
        assertThat(FiatAmount.ofMinor("USD", 12_345)).hasToString("123.45 USD");
        assertThatThrownBy(() -> FiatAmount.ofMajor("USD", "1.001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decimal places");
        assertThatThrownBy(() -> FiatAmount.ofMajor("JPY", "1.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FiatAmount.ofMinor("XYZ", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fiatOfDifferentCurrenciesDoesNotMix() {
        assertThatThrownBy(() -> FiatAmount.ofMajor("USD", "1").plus(FiatAmount.ofMajor("EUR", "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRateConvertsFiatToSatsWithTheRoundingItIsTold() {
        ExchangeRate rate = new ExchangeRate(USD, new BigDecimal("60000"), "test", Instant.EPOCH);
        // $100 at 60000 USD/BTC = 166666.67 sats
        assertThat(rate.toSatoshi(FiatAmount.ofMajor("USD", "100"), RoundingMode.FLOOR))
                .isEqualTo(Satoshi.of(166_666));
        assertThat(rate.toSatoshi(FiatAmount.ofMajor("USD", "100"), RoundingMode.CEILING))
                .isEqualTo(Satoshi.of(166_667));
        assertThat(rate.withMarkup(new BigDecimal("5")).fiatPerBtc()).isEqualByComparingTo("63000");
        assertThat(rate.withMarkup(new BigDecimal("-5")).fiatPerBtc()).isEqualByComparingTo("57000");
        assertThatThrownBy(() -> rate.toSatoshi(FiatAmount.ofMajor("EUR", "1"), RoundingMode.FLOOR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExchangeRate(USD, BigDecimal.ZERO, "test", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreSafeInAPathALogLineAndAKey() {
        assertThat(TxId.of("6a0f1b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b").value()).hasSize(36);
        assertThatThrownBy(() -> TxId.of("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TxId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AppId.of("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TxId.of("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPaymentHashIsTheSha256OfItsPreimage() {
        Preimage preimage = Preimage.fromHex("00".repeat(32));
        assertThat(preimage.paymentHash().hex())
                .isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
        assertThat(PaymentHash.fromHex(preimage.paymentHash().hex())).isEqualTo(preimage.paymentHash());
        assertThatThrownBy(() -> PaymentHash.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PaymentHash.fromHex("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}
