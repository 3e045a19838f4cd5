package org.lnteller.ports.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.ExchangeRate;

class FixedExchangeRatesTest extends ExchangeRatesContract {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Override
    protected ExchangeRates newRates() {
        return FixedExchangeRates.of(clock, "USD", "60000.50");
    }

    @Override
    protected Instant now() {
        return NOW;
    }

    @Test
    void theRateIsTheOneConfiguredStampedWithTheClock() {
        ExchangeRate rate = newRates().current(USD);

        assertThat(rate).isEqualTo(new ExchangeRate(USD, new BigDecimal("60000.50"), FixedExchangeRates.SOURCE, NOW));
    }

    @Test
    void theMarketMovesOnlyWhenTheTestMovesIt() {
        FixedExchangeRates rates = new FixedExchangeRates(clock, Map.of(USD, new BigDecimal("60000")));

        rates.set(USD, new BigDecimal("58000"));
        rates.set(EUR, new BigDecimal("55000"));

        assertThat(rates.current(USD).fiatPerBtc()).isEqualByComparingTo("58000");
        assertThat(rates.current(EUR).fiatPerBtc()).isEqualByComparingTo("55000");
        rates.remove(EUR);
        assertThatThrownBy(() -> rates.current(EUR)).isInstanceOf(UnableToFetchRate.class);
    }

    @Test
    void aSourceThatIsDownFailsTheNextCallsAndThenRecovers() {
        FixedExchangeRates rates = FixedExchangeRates.of(clock, "USD", "60000");
        rates.failNext(2);

        assertThatThrownBy(() -> rates.current(USD))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("unreachable");
        assertThatThrownBy(() -> rates.current(USD)).isInstanceOf(UnableToFetchRate.class);
        assertThat(rates.current(USD).fiatPerBtc()).isEqualByComparingTo("60000");
        assertThat(rates.calls()).isEqualTo(3);
    }

    @Test
    void aRateThatIsNotPositiveIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> FixedExchangeRates.of(clock, "USD", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixedExchangeRates.of(clock, "USD", "-1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
