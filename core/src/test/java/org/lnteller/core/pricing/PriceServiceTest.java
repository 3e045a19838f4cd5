package org.lnteller.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
    private final PriceService prices = new PriceService(
            rates,
            new PricePolicy(
                    List.of(USD),
                    new BigDecimal("4"),
                    new BigDecimal("5"),
                    FiatAmount.ofMajor("USD", "5"),
                    Satoshi.of(2_000_000),
                    PricePolicy.CashOutPriceCheck.WARN),
            clock);

    @Test
    void bothDirectionsEarnTheirCommission() {
        Quote quote = prices.quotes().get(0);
        assertThat(quote.marketPrice()).isEqualByComparingTo("50000");
        assertThat(quote.cashInPrice()).isEqualByComparingTo("52000");
        // lamassu-server's cash-out price, bid / (1 + commission): 50000 / 1.05
        assertThat(quote.cashOutPrice().setScale(5, RoundingMode.FLOOR)).isEqualByComparingTo("47619.04761");
        assertThat(quote.minimumTx()).isEqualTo(FiatAmount.ofMajor("USD", "5"));
    }

    @Test
    void aQuoteSaysHowOldItsRateIs() {
        Instant observed = clock.instant();
        PriceService cached = new PriceService(
                fiat -> new ExchangeRate(fiat, new BigDecimal("50000"), "cache", observed), prices.policy(), clock);
        clock.advance(Duration.ofSeconds(42));
        Quote quote = cached.quotes().get(0);
        assertThat(quote.age()).isEqualTo(Duration.ofSeconds(42));
        assertThat(quote.source()).isEqualTo("cache");
    }

    @Test
    void aCashOutNeedsMoreSatsThanTheMarketRoundedUp() {
        // $100 at 50000 / 1.05 USD/BTC is exactly 210000 sats: a whole number is not pushed up
        assertThat(prices.cashOutAtomsFor(FiatAmount.ofMajor("USD", "100"))).isEqualTo(Satoshi.of(210_000));
        // $100 at 47000 / 1.05 is 223404.26 sats: the customer gives 223405
        PriceService at47000 = new PriceService(FixedExchangeRates.of(clock, "USD", "47000"), prices.policy(), clock);
        assertThat(at47000.cashOutAtomsFor(FiatAmount.ofMajor("USD", "100"))).isEqualTo(Satoshi.of(223_405));
    }

    @Test
    void aMachineComputingItsCashOutFromTheAdvertisedPriceAsksForWhatTheServerRequires() {
        // the machine divides the fiat by the cash-out price it was given (rounded to 5 decimals, down)
        BigDecimal advertised = prices.quotes().get(0).cashOutPrice().setScale(5, RoundingMode.FLOOR);
        long machineSats = new BigDecimal("100")
                .multiply(BigDecimal.valueOf(100_000_000L))
                .divide(advertised, 0, RoundingMode.HALF_UP)
                .longValueExact();
        assertThat(machineSats)
                .isGreaterThanOrEqualTo(
                        prices.cashOutAtomsFor(FiatAmount.ofMajor("USD", "100")).sat());
    }

    @Test
    void aCashInBuysFewerSatsThanTheMarketRoundedDown() {
        // $100 at 52000 USD/BTC is 192307.69 sats: the customer gets 192307.
        assertThat(prices.cashInAtomsFor(FiatAmount.ofMajor("USD", "100"))).isEqualTo(Satoshi.of(192_307));
    }
}
