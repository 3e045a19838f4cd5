package org.lnteller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.codec.Network;
import org.lnteller.core.machine.MachineConfigService;
import org.lnteller.ports.usecase.MachineConfig;

class MachineProfileSettingsTest {
    @TempDir
    Path dir;

    @Test
    void byDefaultAnAmericanMachineInTheServersTimeZoneWithoutOperatorOrTerms() {
        MachineConfigService.Settings profile =
                Config.from(Settings.of(Map.of())).machineProfile();

        assertThat(profile.country()).isEqualTo("US");
        assertThat(profile.languages()).containsExactly("en-US");
        assertThat(profile.fiat().getCurrencyCode()).isEqualTo("USD");
        assertThat(profile.timezone()).isEqualTo(ZoneId.systemDefault());
        assertThat(profile.network()).isEqualTo(Network.REGTEST);
        assertThat(profile.operator()).isEmpty();
        assertThat(profile.terms()).isEmpty();
    }

    @Test
    void theOperatorDescribesPlaceContactAndTerms() throws Exception {
        Path terms = Files.writeString(
                dir.resolve("terms.txt"), "\nBitcoin is final. Check the invoice.\n", StandardCharsets.UTF_8);

        MachineConfigService.Settings profile = Config.from(Settings.of(Map.of(
                        "LNTELLER_FIAT_CURRENCIES",
                        "EUR",
                        "SIMULATED_RATE_EUR",
                        "55000",
                        "MACHINE_COUNTRY",
                        "de",
                        "MACHINE_LANGUAGES",
                        "de-de, en-US",
                        "MACHINE_TIMEZONE",
                        "Europe/Berlin",
                        "OPERATOR_NAME",
                        "Kiosk GmbH",
                        "OPERATOR_EMAIL",
                        "hallo@example.de",
                        "MACHINE_TERMS_FILE",
                        terms.toString(),
                        "MACHINE_TERMS_ACCEPT",
                        "Einverstanden")))
                .machineProfile();

        assertThat(profile.country()).isEqualTo("DE");
        assertThat(profile.languages()).containsExactly("de-DE", "en-US");
        assertThat(profile.fiat().getCurrencyCode()).isEqualTo("EUR");
        assertThat(profile.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(profile.operator())
                .contains(new MachineConfig.OperatorInfo("Kiosk GmbH", "", "hallo@example.de", "", ""));
        assertThat(profile.terms())
                .contains(new MachineConfigService.TermsText(
                        "Bitcoin is final. Check the invoice.", "Terms and Conditions", "Einverstanden", "Cancel"));
    }

    @Test
    void aBadSettingStopsTheStartNamingIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "  \n");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'G', 'r', (byte) 0xFC, 'n'});
        for (Map<String, String> bad : List.of(
                Map.of("MACHINE_COUNTRY", "USA"),
                Map.of("MACHINE_LANGUAGES", "en-US,,es"),
                Map.of("MACHINE_TIMEZONE", "Mars/Olympus"),
                Map.of("MACHINE_TERMS_FILE", dir.resolve("missing.txt").toString()),
                Map.of("MACHINE_TERMS_FILE", empty.toString()),
                Map.of("MACHINE_TERMS_FILE", latin1.toString()))) {
            String name = bad.keySet().iterator().next();
            assertThatThrownBy(() -> Config.from(Settings.of(bad)))
                    .as(name)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(name);
        }
        assertThat(Config.from(Settings.of(Map.of("MACHINE_TIMEZONE", "+02:00")))
                        .machineProfile()
                        .timezone())
                .isEqualTo(ZoneId.of("+02:00"));
        assertThat(Optional.of(Config.from(Settings.of(Map.of("OPERATOR_PHONE", "+15550000")))
                        .machineProfile()
                        .operator()))
                .hasValueSatisfying(
                        o -> assertThat(o).map(MachineConfig.OperatorInfo::name).contains(""));
    }
}
