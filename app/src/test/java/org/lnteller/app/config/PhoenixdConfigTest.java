package org.lnteller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.Satoshi;

class PhoenixdConfigTest {
    @TempDir
    Path dir;

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>(
                Map.of("LIGHTNING_BACKEND", "phoenixd", "EXCHANGE_RATES", "fixed", "FIXED_RATE_USD", "60000"));
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void phoenixdIsChosenWithItsDefaultsAndThePasswordNeverShown() {
        Config c = Config.from(Settings.of(env("PHOENIXD_PASSWORD", "full-access-secret-123")));

        assertThat(c.backend()).isEqualTo(Config.Backend.PHOENIXD);
        Config.Phoenixd p = c.phoenixd().orElseThrow();
        assertThat(p.url()).hasToString("http://127.0.0.1:9740");
        assertThat(p.maxLiquidityFee()).isEqualTo(Satoshi.ZERO);
        assertThat(p.autoLiquidity()).isEqualTo(Satoshi.of(2_000_000));
        assertThat(p.payWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.network()).isEqualTo(Network.MAINNET);
        assertThat(c.toString())
                .contains("Phoenixd[url=http://127.0.0.1:9740")
                .doesNotContain("full-access-secret-123");
    }

    @Test
    void thePasswordIsReadFromPhoenixConfWhenNotGiven() throws Exception {
        Path conf = dir.resolve("phoenix.conf");
        Files.writeString(conf, "http-password-limited-access=lim\nhttp-password=from-the-conf-file\n");

        Config c = Config.from(
                Settings.of(env("PHOENIXD_PASSWORD_FILE", conf.toString(), "PHOENIXD_MAX_LIQUIDITY_FEE_SATS", "5000")));

        assertThat(c.phoenixd().orElseThrow().password()).isEqualTo("from-the-conf-file");
        assertThat(c.phoenixd().orElseThrow().maxLiquidityFee()).isEqualTo(Satoshi.of(5_000));
    }

    @Test
    void noPasswordAnywhereStopsTheStartNamingBothSettings() {
        assertThatThrownBy(() -> Config.from(Settings.of(
                        env("PHOENIXD_PASSWORD_FILE", dir.resolve("none.conf").toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PHOENIXD_PASSWORD")
                .hasMessageContaining("PHOENIXD_PASSWORD_FILE")
                .hasMessageContaining("none.conf");
    }

    @Test
    void phoenixdPricesFromThePublicTickersUnlessAFixedPriceIsChosenOnPurpose() {
        Map<String, String> env = env("PHOENIXD_PASSWORD", "p");
        env.remove("EXCHANGE_RATES");
        env.remove("FIXED_RATE_USD");

        assertThat(Config.from(Settings.of(env)).rates().sources()).containsExactly("kraken", "bitstamp", "coinbase");
        assertThat(Config.from(Settings.of(env("PHOENIXD_PASSWORD", "p")))
                        .rates()
                        .fixed())
                .containsValue(new java.math.BigDecimal("60000"));
    }

    @Test
    void theSimulatedPriceNeverPricesPhoenixd() {
        Map<String, String> env = env("PHOENIXD_PASSWORD", "p", "SIMULATED_RATE_USD", "60000");
        env.remove("EXCHANGE_RATES");

        assertThatThrownBy(() -> Config.from(Settings.of(env)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIMULATED_RATE_USD")
                .hasMessageContaining("phoenixd")
                .hasMessageContaining("EXCHANGE_RATES");
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(
                        () -> Config.from(Settings.of(env("PHOENIXD_PASSWORD", "p", "PHOENIXD_URL", "localhost:9740"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PHOENIXD_URL");
    }
}
