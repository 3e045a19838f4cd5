package org.lnteller.adapter.phoenixd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.ports.model.Satoshi;

class PhoenixdSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theFullAccessPasswordIsReadFromPhoenixConfAndTheLimitedOneIgnored() throws Exception {
        Path conf = dir.resolve("phoenix.conf");
        Files.writeString(
                conf,
                "# phoenixd\nhttp-password-limited-access=limited0123\nhttp-password=full4567\nwebhook-secret=w\n");

        assertThat(PhoenixdSettings.passwordFromConf(conf)).isEqualTo("full4567");
    }

    @Test
    void aConfWithoutAPasswordNamesTheFileAndNoValueInIt() throws Exception {
        Path conf = dir.resolve("phoenix.conf");
        Files.writeString(conf, "http-password-limited-access=limited-secret-0123\n");

        assertThatThrownBy(() -> PhoenixdSettings.passwordFromConf(conf))
                .hasMessageContaining(conf.toString())
                .hasMessageNotContaining("limited-secret-0123");
        assertThatThrownBy(() -> PhoenixdSettings.passwordFromConf(dir.resolve("missing.conf")))
                .hasMessageContaining("missing.conf");
    }

    @Test
    void toStringNeverShowsThePassword() {
        PhoenixdSettings s = PhoenixdSettings.of(URI.create("http://127.0.0.1:9740"), "secret-password-4242");

        assertThat(s.toString()).doesNotContain("secret-password-4242").contains("<redacted>");
        assertThat(new PhoenixdBackend(s).toString()).doesNotContain("secret-password-4242");
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> PhoenixdSettings.of(URI.create("ftp://127.0.0.1:9740"), "p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhoenixdSettings.of(URI.create("http://127.0.0.1:9740"), " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBuilderNamesOnlyWhatDiffersFromTheDefaultsAndChecksLikeTheConstructor() {
        PhoenixdSettings built = PhoenixdSettings.builder().password("full4567").build();

        assertThat(built).isEqualTo(PhoenixdSettings.of(URI.create(PhoenixdSettings.DEFAULT_URL), "full4567"));
        PhoenixdSettings paying = built.toBuilder()
                .payWait(Duration.ofSeconds(90))
                .maxLiquidityFee(Satoshi.of(5_000))
                .build();
        assertThat(paying)
                .isEqualTo(built.withTimeouts(built.callTimeout(), built.connectTimeout(), Duration.ofSeconds(90))
                        .withLiquidity(Satoshi.of(5_000), built.autoLiquidity()));
        assertThat(paying.toBuilder().build()).isEqualTo(paying);
        assertThatThrownBy(() -> PhoenixdSettings.builder().build()).hasMessageContaining("password");
        assertThatThrownBy(() -> built.toBuilder()
                        .url(URI.create("ftp://127.0.0.1:9740"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
