package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.Fault;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.ExchangeRatesContract;
import org.lnteller.ports.rates.UnableToFetchRate;

/** The rates contract against the fake Blink's realtimePrice. */
class GaloyExchangeRatesTest extends ExchangeRatesContract {
    @RegisterExtension
    static final TestBlink blink = new TestBlink();

    private final FakeBlink fake = blink.fake();

    @Override
    protected ExchangeRates newRates() {
        return open();
    }

    private GaloyBackend open() {
        return blink.open(0);
    }

    @Test
    void aRateIsBlinksPriceOfOneSatoshiScaledToABitcoinExactly() {
        fake.ledger().setPrice("USD", new BigDecimal("61234.5"));
        fake.ledger().setPrice("JPY", new BigDecimal("9000000"));
        GaloyBackend rates = open();

        ExchangeRate usd = rates.current(Currency.getInstance("USD"));
        ExchangeRate jpy = rates.current(Currency.getInstance("JPY"));

        assertThat(usd.fiatPerBtc()).isEqualByComparingTo("61234.5");
        assertThat(usd.source()).isEqualTo(GaloyBackend.RATE_SOURCE);
        assertThat(jpy.fiatPerBtc()).as("a currency without minor units").isEqualByComparingTo("9000000");
        fake.ledger().setPrice("USD", new BigDecimal("60000"));
    }

    @Test
    void aPriceServiceThatIsBusyIsAskedAgain() {
        GaloyBackend rates = open();
        int before = fake.calls("RealtimePrice");
        fake.inject("RealtimePrice", 1, new Fault.Status(429));
        fake.inject("RealtimePrice", 1, new Fault.Status(503));

        assertThat(rates.current(Currency.getInstance("USD")).fiatPerBtc()).isPositive();
        assertThat(fake.calls("RealtimePrice")).isEqualTo(before + 3);
    }

    @Test
    void aPriceServiceThatStaysDownIsUnableToFetchRateNamingTheCurrency() {
        GaloyBackend rates = open();
        fake.inject("RealtimePrice", 10, new Fault.Status(502));

        assertThatThrownBy(() -> rates.current(Currency.getInstance("EUR")))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("EUR")
                .hasMessageContaining("502");
    }
}
