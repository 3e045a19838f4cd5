package org.lnteller.adapter.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.rates.standin.TickerStandIn;
import org.lnteller.adapter.rates.standin.TickerStandIn.Exchange;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.rates.ExchangeRatesContract;
import org.lnteller.ports.rates.UnableToFetchRate;

/**
 * The median of Kraken, Bitstamp and Coinbase stand-ins on loopback, each speaking its exchange's
 * documented answer, judged on a clock the test moves.
 */
class MedianExchangeRatesTest {
    private static final Currency USD = Currency.getInstance("USD");
    private static final Duration TIMEOUT = Duration.ofMillis(400);

    private final SettableClock clock = new SettableClock(Instant.now());
    private final TickerStandIn kraken =
            TickerStandIn.of(Exchange.KRAKEN, clock).price("USD", "60000");
    private final TickerStandIn bitstamp =
            TickerStandIn.of(Exchange.BITSTAMP, clock).price("USD", "60300");
    private final TickerStandIn coinbase =
            TickerStandIn.of(Exchange.COINBASE, clock).price("USD", "60600");
    private final List<AutoCloseable> toClose = new ArrayList<>(List.of(kraken, bitstamp, coinbase));
    private final CapturedLog log = new CapturedLog(MedianExchangeRates.class);

    private MedianExchangeRates median(TickerStandIn... standIns) {
        return median(
                new MedianExchangeRates.Settings(
                        Set.of(USD),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(180),
                        BigDecimal.valueOf(2),
                        TIMEOUT,
                        Duration.ofSeconds(30)),
                standIns);
    }

    private MedianExchangeRates median(MedianExchangeRates.Settings settings, TickerStandIn... standIns) {
        List<MedianExchangeRates.Source> sources = new ArrayList<>();
        for (TickerStandIn s : standIns) {
            Ticker t = s == kraken ? Ticker.KRAKEN : s == bitstamp ? Ticker.BITSTAMP : Ticker.COINBASE;
            sources.add(new MedianExchangeRates.Source(t.sourceName(), t.open(s.baseUrl(), TIMEOUT, clock)));
        }
        MedianExchangeRates rates = new MedianExchangeRates(sources, settings, clock);
        toClose.add(rates);
        return rates;
    }

    private MedianExchangeRates allThree() {
        return median(kraken, bitstamp, coinbase);
    }

    @AfterEach
    void closeAndCheckEveryRequestWasDocumented() throws Exception {
        log.close();
        for (AutoCloseable c : toClose) c.close();
        assertThat(kraken.violations()).isEmpty();
        assertThat(bitstamp.violations()).isEmpty();
        assertThat(coinbase.violations()).isEmpty();
    }

    @Test
    void theRateIsTheMedianOfThreeSourcesThatAgree() {
        MedianExchangeRates rates = allThree();
        rates.refreshNow();

        ExchangeRate rate = rates.current(USD);

        assertThat(rate.fiatPerBtc()).isEqualByComparingTo("60300");
        assertThat(rate.source()).isEqualTo("median of bitstamp,coinbase,kraken");
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void withOneSourceDownTheRateIsTheMeanOfTheTwoLeft() {
        coinbase.status(503);
        MedianExchangeRates rates = allThree();
        rates.refreshNow();

        ExchangeRate rate = rates.current(USD);

        assertThat(rate.fiatPerBtc()).isEqualByComparingTo("60150");
        assertThat(rate.source()).isEqualTo("median of bitstamp,kraken");
        assertThat(log.warnings())
                .anySatisfy(w -> assertThat(w).contains("coinbase").contains("503"));
    }

    @Test
    void aSourceThatLiesByTwentyPercentIsDroppedAndLogged() {
        bitstamp.price("USD", "60100");
        coinbase.lieBy(20);
        MedianExchangeRates rates = allThree();
        rates.refreshNow();

        ExchangeRate rate = rates.current(USD);

        assertThat(rate.fiatPerBtc()).isEqualByComparingTo("60050");
        assertThat(rate.source()).isEqualTo("median of bitstamp,kraken");
        assertThat(log.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .contains("coinbase")
                        .contains("72720")
                        .contains("from the median")
                        .contains("dropped"));
    }

    @Test
    void aLiarIsLoggedOnceWhileItKeepsLyingNotOnEveryRefresh() {
        coinbase.lieBy(20);
        MedianExchangeRates rates = allThree();

        for (int i = 0; i < 5; i++) rates.refreshNow();

        assertThat(log.warnings()).hasSize(1);
    }

    @Test
    void aStaleSourceIsDroppedAndLogged() {
        bitstamp.observedAt(clock.instant().minus(Duration.ofMinutes(10)));
        MedianExchangeRates rates = allThree();
        rates.refreshNow();

        ExchangeRate rate = rates.current(USD);

        assertThat(rate.fiatPerBtc()).isEqualByComparingTo("60300");
        assertThat(rate.source()).isEqualTo("median of coinbase,kraken");
        assertThat(log.warnings())
                .singleElement()
                .satisfies(w ->
                        assertThat(w).contains("bitstamp").contains("stale").contains("600 s ago"));
    }

    @Test
    void aSourceDatedInTheFutureIsDropped() {
        coinbase.observedAt(clock.instant().plus(Duration.ofMinutes(5)));
        MedianExchangeRates rates = allThree();
        rates.refreshNow();

        assertThat(rates.current(USD).source()).isEqualTo("median of bitstamp,kraken");
        assertThat(log.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w).contains("coinbase").contains("future"));
    }

    @Test
    void aSourceThatTimesOutIsDroppedAndTheRefreshStaysBounded() {
        kraken.delay(Duration.ofSeconds(3));
        MedianExchangeRates rates = allThree();

        long start = System.nanoTime();
        rates.refreshNow();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofMillis(1500));
        assertThat(rates.current(USD).fiatPerBtc()).isEqualByComparingTo("60450");
        assertThat(log.warnings())
                .anySatisfy(w -> assertThat(w).contains("kraken").contains("400 ms"));
    }

    @Test
    void allSourcesDownRefusesTheQuote() {
        kraken.status(503);
        bitstamp.status(500);
        coinbase.close();
        MedianExchangeRates rates = allThree();
        rates.refreshNow();

        assertThatThrownBy(() -> rates.current(USD))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("no fresh USD rate")
                .hasMessageContaining("kraken")
                .hasMessageContaining("bitstamp")
                .hasMessageContaining("coinbase");
        assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("USD quotes are refused"));
    }

    @Test
    void aPriceOnceGoodIsNeverHandedOutOnceItIsOlderThanTheMaximumAge() {
        MedianExchangeRates rates = allThree();
        rates.refreshNow();
        assertThat(rates.current(USD).fiatPerBtc()).isEqualByComparingTo("60300");
        kraken.status(503);
        bitstamp.status(503);
        coinbase.status(503);

        clock.advance(Duration.ofSeconds(90));
        rates.refreshNow();
        // answers 90 s old still count, and the failures are said once
        assertThat(rates.current(USD).fiatPerBtc()).isEqualByComparingTo("60300");
        assertThat(log.warnings())
                .hasSize(3)
                .allSatisfy(w -> assertThat(w).contains("failed").contains("503"));

        clock.advance(Duration.ofSeconds(91));
        assertThatThrownBy(() -> rates.current(USD))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("stale");
    }

    @Test
    void twoSourcesThatDisagreeCannotSayWhichLiesSoTheQuoteIsRefused() {
        coinbase.lieBy(20);
        MedianExchangeRates rates = median(kraken, coinbase);
        rates.refreshNow();

        assertThatThrownBy(() -> rates.current(USD))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("disagree");
    }

    @Test
    void machinesPollingTheRateCauseNoFetch() {
        MedianExchangeRates rates = allThree();
        rates.refreshNow();
        int before = kraken.requests() + bitstamp.requests() + coinbase.requests();

        for (int i = 0; i < 1_000; i++) rates.current(USD);

        assertThat(kraken.requests() + bitstamp.requests() + coinbase.requests())
                .isEqualTo(before)
                .isEqualTo(3);
    }

    @Test
    void beforeTheFirstAnswerTheQuoteIsRefusedNotGuessed() {
        MedianExchangeRates rates = allThree();

        assertThatThrownBy(() -> rates.current(USD))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("not been asked");
    }

    @Test
    void theBackgroundRefreshFollowsTheMarket() throws Exception {
        MedianExchangeRates rates = median(
                new MedianExchangeRates.Settings(
                        Set.of(USD),
                        Duration.ofMillis(50),
                        Duration.ofSeconds(180),
                        BigDecimal.valueOf(2),
                        TIMEOUT,
                        Duration.ofSeconds(30)),
                kraken,
                bitstamp,
                coinbase);
        rates.start();
        waitFor(() -> rates.current(USD).fiatPerBtc().compareTo(new BigDecimal("60300")) == 0);

        kraken.price("USD", "61000");
        bitstamp.price("USD", "61000");
        coinbase.price("USD", "61000");

        waitFor(() -> rates.current(USD).fiatPerBtc().compareTo(new BigDecimal("61000")) == 0);
    }

    @Test
    void aCurrencyThatIsNotFetchedIsRefusedNamingIt() {
        MedianExchangeRates rates = allThree();
        rates.refreshNow();

        assertThatThrownBy(() -> rates.current(Currency.getInstance("EUR")))
                .isInstanceOf(UnableToFetchRate.class)
                .hasMessageContaining("EUR")
                .hasMessageContaining("USD");
    }

    @Test
    void theMedianOfAnEvenCountIsTheExactMeanOfTheMiddleTwo() {
        assertThat(MedianExchangeRates.median(
                        List.of(new BigDecimal("3"), new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("10"))))
                .isEqualByComparingTo("2.5");
        assertThat(MedianExchangeRates.median(List.of(new BigDecimal("60000.01"), new BigDecimal("60000.02"))))
                .isEqualByComparingTo("60000.015");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (UnableToFetchRate notYet) {
                // the first round has not finished
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 5 s");
    }

    /** The port's promises, kept by the median of the three stand-ins once it has fetched. */
    @Nested
    class Contract extends ExchangeRatesContract {
        @Override
        protected ExchangeRates newRates() {
            MedianExchangeRates rates = allThree();
            rates.refreshNow();
            return rates;
        }

        @Override
        protected Instant now() {
            return clock.instant();
        }
    }
}
