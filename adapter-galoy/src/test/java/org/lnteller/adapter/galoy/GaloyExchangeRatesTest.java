package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.Fault;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.ExchangeRatesContract;
import org.lnteller.ports.rates.UnableToFetchRate;

/** The rates contract against the fake Blink's realtimePrice. */
class GaloyExchangeRatesTest extends ExchangeRatesContract {
    private static FakeBlink fake;
    private final List<GaloyBackend> opened = new ArrayList<>();

    @BeforeAll
    static void startFake() {
        fake = FakeBlink.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @AfterEach
    void closeAndCheckTheSchema() {
        opened.forEach(GaloyBackend::close);
        fake.clearFaults();
        assertThat(fake.violations()).isEmpty();
    }

    @Override
    protected ExchangeRates newRates() {
        return open();
    }

    private GaloyBackend open() {
        GaloyBackend backend =
                new GaloyBackend(TestBlink.settings(fake, fake.ledger().newAccount(0)));
        opened.add(backend);
        return backend;
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
