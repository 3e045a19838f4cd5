package org.lnteller.adapter.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.ExchangeRatesContract;
import org.lnteller.ports.rates.UnableToFetchRate;

class FixedRatesTest extends ExchangeRatesContract {
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T12:00:00Z"));

    @Override
    protected ExchangeRates newRates() {
        return new FixedRates(Map.of(USD, new BigDecimal("60000"), EUR, new BigDecimal("55000.50")), clock);
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Test
    void eachCurrencyHasItsFixedPriceFromTheFixedSourceObservedNow() {
        ExchangeRate eur = newRates().current(EUR);

        assertThat(eur.fiatPerBtc()).isEqualByComparingTo("55000.50");
        assertThat(eur.source()).isEqualTo("fixed");
        assertThat(eur.observedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aCurrencyWithoutAFixedPriceIsRefused() {
        assertThatThrownBy(() -> newRates().current(Currency.getInstance("CHF")))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("CHF");
    }

    @Test
    void aPriceThatIsNotPositiveIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new FixedRates(Map.of(USD, BigDecimal.ZERO), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USD");
    }
}
