package org.lnteller.adapter.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.rates.standin.TickerStandIn;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.ExchangeRatesContract;
import org.lnteller.ports.rates.UnableToFetchRate;

/** One ticker against its stand-in on loopback: the port's contract, then the ways an exchange fails. */
abstract class TickerTestBase extends ExchangeRatesContract {
    static final Currency USD = Currency.getInstance("USD");
    static final Currency EUR = Currency.getInstance("EUR");

    final TickerStandIn standIn = TickerStandIn.of(exchange(), Clock.systemUTC())
            .price("USD", "60123.4")
            .price("EUR", "55000");

    abstract TickerStandIn.Exchange exchange();

    abstract Ticker ticker();

    ExchangeRates open(Duration timeout) {
        return ticker().open(standIn.baseUrl(), timeout, Clock.systemUTC());
    }

    @Override
    protected ExchangeRates newRates() {
        return open(Duration.ofSeconds(5));
    }

    @AfterEach
    void everyRequestWasOneTheExchangeDocumentsAndTheStandInStops() {
        assertThat(standIn.violations()).isEmpty();
        standIn.close();
    }

    @Test
    void theLastTradePriceIsReadInEachCurrencyUnderTheTickersName() {
        ExchangeRates rates = newRates();

        ExchangeRate usd = rates.current(USD);
        ExchangeRate eur = rates.current(EUR);

        assertThat(usd.fiatPerBtc()).isEqualByComparingTo("60123.4");
        assertThat(usd.source()).isEqualTo(ticker().sourceName());
        assertThat(eur.fiatPerBtc()).isEqualByComparingTo("55000");
        assertThat(eur.currency()).isEqualTo(EUR);
    }

    @Test
    void anErrorStatusIsAFailureNamingTheSourceAndTheStatus() {
        standIn.status(503);

        assertThatThrownBy(() -> newRates().current(USD))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining(ticker().sourceName())
                .hasMessageContaining("503");
    }

    @Test
    void aTickerThatDoesNotAnswerInTimeFailsWithinTheTimeout() {
        standIn.delay(Duration.ofSeconds(3));
        ExchangeRates rates = open(Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThatThrownBy(() -> rates.current(USD))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anUnreachableTickerFailsAsUnableToFetchRate() {
        ExchangeRates rates = open(Duration.ofSeconds(2));
        standIn.close();

        assertThatThrownBy(() -> rates.current(USD))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void theTimeTheAnswerClaimsIsTheObservedTimeWhenTheExchangeSaysOne() {
        Instant old = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        standIn.observedAt(old);

        Instant before = Instant.now();
        ExchangeRate rate = newRates().current(USD);

        if (exchange() == TickerStandIn.Exchange.KRAKEN) {
            // Kraken's ticker carries no time: stamped when the answer arrived
            assertThat(rate.observedAt()).isAfterOrEqualTo(before);
        } else {
            assertThat(rate.observedAt()).isEqualTo(old);
        }
    }
}
