package org.lnteller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    @Test
    void byDefaultTheApiListensEverywhereAndMetricsNeedTheAdminTokenOnItsPort() {
        assertThat(Config.from(Settings.of(Map.of())).http())
                .isEqualTo(new HttpSettings(
                        "0.0.0.0",
                        Optional.empty(),
                        "127.0.0.1",
                        4,
                        100,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5)));
    }

    @Test
    void theOperatorBindsToLoopbackAndGivesMetricsAListenerOfTheirOwn() {
        HttpSettings http = Config.from(Settings.of(Map.of(
                        "HTTP_BIND",
                        "127.0.0.1",
                        "METRICS_PORT",
                        "9100",
                        "METRICS_BIND",
                        "10.0.0.5",
                        "HTTP_TX_CONCURRENCY_PER_APP",
                        "2",
                        "HTTP_TX_CONCURRENCY",
                        "50",
                        "HTTP_TX_WAIT_MS",
                        "0",
                        "HTTP_BODY_DEADLINE_MS",
                        "3000")))
                .http();
        assertThat(http)
                .isEqualTo(new HttpSettings(
                        "127.0.0.1", Optional.of(9100), "10.0.0.5", 2, 50, Duration.ZERO, Duration.ofSeconds(3)));
    }

    @Test
    void aBadAddressPortOrLimitStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("HTTP_BIND", "http://0.0.0.0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_BIND");
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("METRICS_PORT", "8080"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("METRICS_PORT")
                .hasMessageContaining("HTTP_PORT");
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("METRICS_PORT", "70000"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("METRICS_PORT");
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("HTTP_TX_CONCURRENCY_PER_APP", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_TX_CONCURRENCY_PER_APP");
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("HTTP_TX_WAIT_MS", "-1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_TX_WAIT_MS");
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("HTTP_BODY_DEADLINE_MS", "soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_BODY_DEADLINE_MS");
    }
}
