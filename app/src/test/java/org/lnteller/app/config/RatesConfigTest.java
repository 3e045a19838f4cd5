package org.lnteller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.rates.Ticker;

/** EXCHANGE_RATES and its settings: each backend keeps its old default, and a mistake stops the start. */
class RatesConfigTest {
    private static final Currency USD = Currency.getInstance("USD");

    private static Config config(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Config.from(Settings.of(m));
    }

    private static final String[] GALOY = {"LIGHTNING_BACKEND", "galoy", "GALOY_API_KEY", "k", "GALOY_WALLET_ID", "w"};

    private static String[] galoy(String... more) {
        String[] all = new String[GALOY.length + more.length];
        System.arraycopy(GALOY, 0, all, 0, GALOY.length);
        System.arraycopy(more, 0, all, GALOY.length, more.length);
        return all;
    }

    @Test
    void theSimulatedBackendKeepsItsFixedPriceOfSixtyThousandDollars() {
        RatesConfig rates = config().rates();

        assertThat(rates.isFixed()).isTrue();
        assertThat(rates.fixed()).containsExactly(Map.entry(USD, new BigDecimal("60000")));
    }

    @Test
    void theSimulatedBackendStillReadsTheOlderSimulatedRateAndFixedRateWins() {
        assertThat(config("SIMULATED_RATE_USD", "40000").rates().fixed().get(USD))
                .isEqualByComparingTo("40000");
        assertThat(config("SIMULATED_RATE_USD", "40000", "FIXED_RATE_USD", "45000")
                        .rates()
                        .fixed()
                        .get(USD))
                .isEqualByComparingTo("45000");
    }

    @Test
    void blinkKeepsItsOwnPriceByDefault() {
        assertThat(config(GALOY).rates().sources()).containsExactly("blink");
    }

    @Test
    void blinkCanBeOneSourceAmongTheTickers() {
        assertThat(config(galoy("EXCHANGE_RATES", "blink, Kraken")).rates().sources())
                .containsExactly("blink", "kraken");
    }

    @Test
    void theSimulatedBackendCanBePricedByTheTickersWithItsOwnSettings() {
        RatesConfig rates = config(
                        "EXCHANGE_RATES",
                        "coinbase,bitstamp",
                        "EXCHANGE_RATES_REFRESH_SECONDS",
                        "10",
                        "EXCHANGE_RATES_MAX_AGE_SECONDS",
                        "60",
                        "EXCHANGE_RATES_MAX_DEVIATION_PERCENT",
                        "1.5",
                        "EXCHANGE_RATES_TIMEOUT_MS",
                        "2000",
                        "EXCHANGE_RATES_COINBASE_URL",
                        "http://127.0.0.1:9999")
                .rates();

        assertThat(rates.sources()).containsExactly("coinbase", "bitstamp");
        assertThat(rates.refreshEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(rates.maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(rates.maxDeviationPercent()).isEqualByComparingTo("1.5");
        assertThat(rates.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(rates.tickerUrls().get(Ticker.COINBASE)).isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(rates.tickerUrls().get(Ticker.KRAKEN)).isEqualTo(URI.create("https://api.kraken.com"));
    }

    @Test
    void blinkIsASourceOnlyWhenBlinkIsTheBackend() {
        assertThatThrownBy(() -> config("EXCHANGE_RATES", "blink"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LIGHTNING_BACKEND=galoy");
    }

    @Test
    void aFixedPriceStandsAloneAndIsRequiredPerCurrencyWithARealBackend() {
        assertThatThrownBy(() -> config("EXCHANGE_RATES", "fixed,kraken"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alone");
        assertThatThrownBy(() -> config(galoy("EXCHANGE_RATES", "fixed")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FIXED_RATE_USD");
        assertThatThrownBy(() -> config("EXCHANGE_RATES", "fixed", "LNTELLER_FIAT_CURRENCIES", "USD,EUR"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FIXED_RATE_EUR");
        assertThat(config(galoy("EXCHANGE_RATES", "fixed", "FIXED_RATE_USD", "61000.5"))
                        .rates()
                        .fixed()
                        .get(USD))
                .isEqualByComparingTo("61000.5");
    }

    @Test
    void unknownDuplicatedOrNonsensicalSettingsStopTheStart() {
        assertThatThrownBy(() -> config("EXCHANGE_RATES", "kraken,binance"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("binance");
        assertThatThrownBy(() -> config("EXCHANGE_RATES", "kraken,kraken"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> config("EXCHANGE_RATES", "kraken", "EXCHANGE_RATES_REFRESH_SECONDS", "200"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("EXCHANGE_RATES_MAX_AGE_SECONDS");
        assertThatThrownBy(() -> config("EXCHANGE_RATES", "kraken", "EXCHANGE_RATES_KRAKEN_URL", "api.kraken.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("EXCHANGE_RATES_KRAKEN_URL");
        assertThatThrownBy(() -> config("FIXED_RATE_USD", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FIXED_RATE_USD");
    }
}
