package org.lnteller.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LnurlAllowPrivateHostsTest {

    @Test
    void customersLnurlsMayNotReachPrivateHostsUnlessTheOperatorSaysSo() {
        assertThat(Config.from(Settings.of(Map.of())).lnurlAllowPrivateHosts()).isFalse();
        assertThat(Config.from(Settings.of(Map.of("LNURL_ALLOW_PRIVATE_HOSTS", "true")))
                        .lnurlAllowPrivateHosts())
                .isTrue();
        assertThat(Config.from(Settings.of(Map.of("LNURL_ALLOW_PRIVATE_HOSTS", "false")))
                        .lnurlAllowPrivateHosts())
                .isFalse();
    }

    @Test
    void aValueThatIsNotABooleanStopsTheStart() {
        assertThatThrownBy(() -> Config.from(Settings.of(Map.of("LNURL_ALLOW_PRIVATE_HOSTS", "maybe"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LNURL_ALLOW_PRIVATE_HOSTS");
    }
}
