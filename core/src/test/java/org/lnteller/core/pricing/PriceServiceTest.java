package org.lnteller.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.rates.FixedExchangeRates;
import org.lnteller.ports.usecase.Quote;

class PriceServiceTest {
    private static final Currency USD = Currency.getInstance("USD");
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final FixedExchangeRates rates = FixedExchangeRates.of(clock, "USD", "50000");
    private final PriceService prices = new PriceService(rates, new PricePolicy(List.of(USD), new BigDecimal("4"),
            new BigDecimal("5"), FiatAmount.ofMajor("USD", "5"), Satoshi.of(2_000_000), PricePolicy.CashOutPriceCheck.WARN), clock);

    @Test
    void bothDirectionsEarnTheirCommission() {
        Quote quote = prices.quotes().get(0);
        assertThat(quote.marketPrice()).isEqualByComparingTo("50000");
        assertThat(quote.cashInPrice()).isEqualByComparingTo("52000");
        assertThat(quote.cashOutPrice()).isEqualByComparingTo("47500");
        assertThat(quote.minimumTx()).isEqualTo(FiatAmount.ofMajor("USD", "5"));
    }

    @Test
    void aQuoteSaysHowOldItsRateIs() {
        Instant observed = clock.instant();
        PriceService cached = new PriceService(fiat -> new ExchangeRate(fiat, new BigDecimal("50000"), "cache", observed),
                prices.policy(), clock);
        clock.advance(Duration.ofSeconds(42));
        Quote quote = cached.quotes().get(0);
        assertThat(quote.age()).isEqualTo(Duration.ofSeconds(42));
        assertThat(quote.source()).isEqualTo("cache");
    }

    @Test
    void aCashOutNeedsMoreSatsThanTheMarketRoundedUp() {
        // $100 at 47500 USD/BTC is 210526.3 sats: the customer gives 210527.
        assertThat(prices.cashOutAtomsFor(FiatAmount.ofMajor("USD", "100"))).isEqualTo(Satoshi.of(210_527));
    }

    @Test
    void aCashInBuysFewerSatsThanTheMarketRoundedDown() {
        // $100 at 52000 USD/BTC is 192307.69 sats: the customer gets 192307.
        assertThat(prices.cashInAtomsFor(FiatAmount.ofMajor("USD", "100"))).isEqualTo(Satoshi.of(192_307));
    }
}
