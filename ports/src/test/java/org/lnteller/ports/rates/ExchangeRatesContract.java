package org.lnteller.ports.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.model.FiatAmount;

/**
 * What every {@link ExchangeRates} promises. An adapter's test extends this class and implements
 * {@link #newRates()}, a source that knows {@link #configuredCurrency()} and not
 * {@link #unconfiguredCurrency()}.
 */
public abstract class ExchangeRatesContract {

    /** A source that has a rate for {@link #configuredCurrency()} and none for {@link #unconfiguredCurrency()}. */
    protected abstract ExchangeRates newRates();

    protected Currency configuredCurrency() {
        return Currency.getInstance("USD");
    }

    /** XTS is the ISO 4217 code reserved for testing: no real price source quotes it. */
    protected Currency unconfiguredCurrency() {
        return Currency.getInstance("XTS");
    }

    /** The time the source runs by. Override when it runs on a test clock. */
    protected Instant now() {
        return Instant.now();
    }

    /** How old a rate may be when handed out (a source may cache). */
    protected Duration maxAge() {
        return Duration.ofMinutes(15);
    }

    /** How far ahead of {@link #now()} the source's clock may run. */
    protected Duration clockSkew() {
        return Duration.ofSeconds(5);
    }

    @Test
    public void aConfiguredCurrencyHasAPositivePriceFromANamedSource() {
        ExchangeRate rate = newRates().current(configuredCurrency());

        assertThat(rate.currency()).isEqualTo(configuredCurrency());
        assertThat(rate.fiatPerBtc()).isPositive();
        assertThat(rate.source()).isNotBlank();
    }

    @Test
    public void aRateWasObservedRecentlyAndNotInTheFuture() {
        ExchangeRates rates = newRates();

        Instant before = now();
        ExchangeRate rate = rates.current(configuredCurrency());
        Instant after = now();

        assertThat(rate.observedAt()).isBetween(before.minus(maxAge()), after.plus(clockSkew()));
    }

    @Test
    public void aRateBuysSomeSatoshisForAHundredUnitsOfTheCurrency() {
        ExchangeRate rate = newRates().current(configuredCurrency());

        FiatAmount hundred = FiatAmount.ofMajor(configuredCurrency(), BigDecimal.valueOf(100));

        assertThat(rate.toSatoshi(hundred, RoundingMode.DOWN).sat()).isPositive();
    }

    @Test
    public void askingAgainStillGivesARate() {
        ExchangeRates rates = newRates();
        rates.current(configuredCurrency());

        ExchangeRate again = rates.current(configuredCurrency());

        assertThat(again.currency()).isEqualTo(configuredCurrency());
        assertThat(again.fiatPerBtc()).isPositive();
    }

    @Test
    public void aCurrencyWithoutARateIsRefusedWithUnableToFetchRate() {
        ExchangeRates rates = newRates();

        assertThatThrownBy(() -> rates.current(unconfiguredCurrency()))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining(unconfiguredCurrency().getCurrencyCode());
    }
}
