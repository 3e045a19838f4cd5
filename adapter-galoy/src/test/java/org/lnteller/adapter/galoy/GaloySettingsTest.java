package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GaloySettingsTest {
    private static final String KEY = "blink_settings-test-secret-0123456789";

    @Test
    void blinksPublicEndpointsAndTheDefaultsAreReadyToUse() {
        GaloySettings s = GaloySettings.blink(KEY, "wallet-1");

        assertThat(s.endpoint()).isEqualTo(URI.create("https://api.blink.sv/graphql"));
        assertThat(s.wsEndpoint()).isEqualTo(URI.create("wss://ws.blink.sv/graphql"));
        assertThat(s.callTimeout()).isEqualTo(GaloySettings.DEFAULT_CALL_TIMEOUT);
        assertThat(s.readRetries()).isEqualTo(3);
    }

    @Test
    void theApiKeyIsNeverShown() {
        GaloySettings s = GaloySettings.blink(KEY, "wallet-1");
        try (GaloyBackend backend = new GaloyBackend(s)) {
            assertThat(s.toString()).doesNotContain(KEY).contains("<redacted>").contains("wallet-1");
            assertThat(backend.toString()).doesNotContain(KEY).contains("wallet-1");
        }
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtConstruction() {
        URI http = URI.create("https://api.blink.sv/graphql");
        URI ws = URI.create("wss://ws.blink.sv/graphql");

        assertThatThrownBy(() -> GaloySettings.of(http, ws, " ", "w")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaloySettings.of(http, ws, KEY, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaloySettings.of(ws, ws, KEY, "w")).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> GaloySettings.of(http, http, KEY, "w")).hasMessageContaining("wsEndpoint");
        assertThatThrownBy(
                        () -> GaloySettings.of(http, ws, KEY, "w").withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> GaloySettings.of(http, ws, KEY, "w")
                        .withRetries(-1, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("readRetries");
        assertThatThrownBy(() -> GaloySettings.of(http, ws, KEY, "w")
                        .withReconnect(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("wsReconnectMax");
    }

    @Test
    void retriesBackOffExponentiallyWithJitterUpToTheCap() {
        GaloySettings s = GaloySettings.blink(KEY, "w").withRetries(5, Duration.ofMillis(100), Duration.ofMillis(1000));
        GraphQlClient client = new GraphQlClient(s, null, null, d -> {}, new java.util.Random(42));

        for (int round = 0; round < 50; round++) {
            assertThat(client.backoff(0, Optional.empty()).toMillis()).isBetween(50L, 100L);
            assertThat(client.backoff(2, Optional.empty()).toMillis()).isBetween(200L, 400L);
            assertThat(client.backoff(10, Optional.empty()).toMillis()).isBetween(500L, 1000L);
        }
        assertThat(client.backoff(0, Optional.of(Duration.ofMillis(700))).toMillis())
                .as("Retry-After")
                .isEqualTo(700);
        assertThat(client.backoff(0, Optional.of(Duration.ofSeconds(60))).toMillis())
                .as("capped")
                .isEqualTo(1000);
    }

    @Test
    void aBuilderNamesOnlyWhatDiffersFromTheDefaultsAndChecksLikeTheConstructor() {
        GaloySettings built =
                GaloySettings.builder().apiKey(KEY).walletId("wallet-1").build();

        assertThat(built).isEqualTo(GaloySettings.blink(KEY, "wallet-1"));
        GaloySettings patient = built.toBuilder()
                .callTimeout(Duration.ofSeconds(60))
                .readRetries(0)
                .build();
        assertThat(patient)
                .isEqualTo(built.withTimeouts(Duration.ofSeconds(60), built.connectTimeout())
                        .withRetries(0, built.retryBase(), built.retryCap()));
        assertThat(patient.toBuilder().build()).isEqualTo(patient);
        assertThatThrownBy(() -> GaloySettings.builder().walletId("wallet-1").build())
                .hasMessageContaining("apiKey");
        assertThatThrownBy(
                        () -> built.toBuilder().retryCap(Duration.ofMillis(1)).build())
                .hasMessageContaining("retryCap");
    }
}
