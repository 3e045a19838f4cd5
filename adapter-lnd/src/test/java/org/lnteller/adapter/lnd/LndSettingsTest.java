package org.lnteller.adapter.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.Network;

class LndSettingsTest {
    private static final URI REST = URI.create("https://127.0.0.1:8080");
    private static final String MACAROON = "0201036c6e64";
    private static final byte[] PIN = new byte[32];

    @Test
    void aBuilderNamesOnlyWhatDiffersFromTheDefaultsAndChecksLikeTheConstructor() {
        LndSettings built = LndSettings.builder()
                .restUrl(REST)
                .macaroonHex(MACAROON)
                .certSha256(PIN)
                .network(Network.REGTEST)
                .build();
        LndSettings defaults = LndSettings.of(REST, MACAROON, PIN, Network.REGTEST);

        assertThat(built).isEqualTo(defaults);
        LndSettings slow =
                built.toBuilder().payWait(Duration.ofSeconds(45)).readRetries(0).build();
        assertThat(slow.payWait()).isEqualTo(Duration.ofSeconds(45));
        assertThat(slow.readRetries()).isZero();
        assertThat(slow.payTimeout()).isEqualTo(LndSettings.DEFAULT_PAY_TIMEOUT);
        assertThat(slow.toBuilder().build()).isEqualTo(slow);
        assertThatThrownBy(() -> LndSettings.builder()
                        .restUrl(REST)
                        .macaroonHex(MACAROON)
                        .certSha256(PIN)
                        .build())
                .hasMessageContaining("network");
        assertThatThrownBy(() -> built.toBuilder()
                        .restUrl(URI.create("http://127.0.0.1:8080"))
                        .build())
                .hasMessageContaining("https");
    }
}
