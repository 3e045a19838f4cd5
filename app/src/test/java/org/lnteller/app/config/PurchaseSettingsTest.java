package org.lnteller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PurchaseSettingsTest {

    @Test
    void byDefaultTenAnHourWithABurstOfThreeAndAHundredUnpaidPurchasesAtMost() {
        Config config = Config.from(Settings.of(Map.of()));
        assertThat(config.purchaseEnabled()).isFalse();
        assertThat(config.purchases()).isEqualTo(new PurchaseSettings(10, 3, 100, Optional.empty()));
    }

    @Test
    void theOperatorSetsTheLimitsAndTheSecretWhichIsNeverShown() {
        String secret = "s".repeat(40);
        PurchaseSettings settings = Config.from(Settings.of(Map.of(
                        "ATM_PURCHASE_RATE_PER_HOUR",
                        "60",
                        "ATM_PURCHASE_BURST",
                        "5",
                        "ATM_PURCHASE_MAX_PENDING",
                        "7",
                        "ATM_PURCHASE_SECRET",
                        secret)))
                .purchases();
        assertThat(settings).isEqualTo(new PurchaseSettings(60, 5, 7, Optional.of(secret)));
        assertThat(settings.toString()).doesNotContain(secret).contains("<set>");
    }

    @Test
    void aMalformedOrOutOfRangeLimitOrAShortSecretStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("ATM_PURCHASE_BURST", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ATM_PURCHASE_BURST");
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("ATM_PURCHASE_RATE_PER_HOUR", "ten"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ATM_PURCHASE_RATE_PER_HOUR");
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("ATM_PURCHASE_MAX_PENDING", "-1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ATM_PURCHASE_MAX_PENDING");
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("ATM_PURCHASE_SECRET", "short"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ATM_PURCHASE_SECRET")
                .hasMessageNotContaining("short");
    }
}
