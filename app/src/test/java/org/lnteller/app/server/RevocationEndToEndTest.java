package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.server.ServerHarness.Answer;

/** The operator revokes machines through the whole server (H2 store, core, HTTP), and keeps it to the listeners asked for. */
class RevocationEndToEndTest {
    @TempDir
    Path data;

    @Test
    void disablingRotatingAndDeletingTakeEffectOnTheNextRequest() {
        try (ServerHarness server = new ServerHarness(data, Map.of())) {
            Answer added = server.post("/api/admin/app/add", ADMIN_TOKEN, Map.of("name", "corner-shop"));
            String app = added.body().path("app_id").asText();
            String token = added.body().path("credentials").path("token").asText();
            assertThat(server.get("/rates", token).status()).isEqualTo(200);

            assertThat(server.post("/api/admin/apps/" + app + "/disable", ADMIN_TOKEN, "")
                            .status())
                    .isEqualTo(200);
            Answer disabled = server.get("/rates", token);
            assertThat(disabled.status()).isEqualTo(403);
            // this server sells no renewals: the refusal does not send the machine there
            assertThat(disabled.body().path("error").asText())
                    .contains("disabled")
                    .doesNotContain("/api/atm/renew");
            assertThat(server.post("/api/admin/apps/" + app + "/enable", ADMIN_TOKEN, "")
                            .status())
                    .isEqualTo(200);
            assertThat(server.get("/rates", token).status()).isEqualTo(200);

            Answer rotated = server.post("/api/admin/apps/" + app + "/rotate-token", ADMIN_TOKEN, "");
            String fresh = rotated.body().path("credentials").path("token").asText();
            assertThat(server.get("/rates", token).status()).isEqualTo(401);
            assertThat(server.get("/rates", fresh).status()).isEqualTo(200);

            assertThat(server.send(server.request("/api/admin/apps/" + app, ADMIN_TOKEN)
                                    .DELETE()
                                    .build())
                            .status())
                    .isEqualTo(200);
            assertThat(server.get("/rates", fresh).status()).isEqualTo(403);
            assertThat(server.get("/api/admin/apps", ADMIN_TOKEN).body().path("apps"))
                    .isEmpty();
        }
    }

    @Test
    void withAMetricsPortMetricsAreServedThereWithoutATokenAndOnTheApiPortOnlyWithIt() {
        try (ServerHarness server = new ServerHarness(data, Map.of("HTTP_BIND", "127.0.0.1", "METRICS_PORT", "0"))) {
            int port = server.metricsPort().orElseThrow();
            server.get("/healthz", null);
            Answer open = server.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build());
            assertThat(open.status()).isEqualTo(200);
            assertThat(server.get("/metrics", null).status()).isEqualTo(401);
            assertThat(server.get("/metrics", ADMIN_TOKEN).status()).isEqualTo(200);
            assertThat(server.banner())
                    .contains("listening: 127.0.0.1:")
                    .contains("metrics without a token on 127.0.0.1:" + port);
        }
    }
}
