package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which addresses the server listens on, and who may read {@code /metrics}. */
class ExposureTest {

    @Test
    void metricsNeedTheAdminTokenOnTheApiPort() {
        try (ApiHarness api = ApiHarness.started(builder -> {})) {
            assertThat(api.machine("GET", "/rates", null).status()).isEqualTo(200);
            assertThat(api.send("GET", "/metrics", null, null).status()).isEqualTo(401);
            assertThat(api.send("GET", "/metrics", FakeApps.ATM_TOKEN, null).status())
                    .isEqualTo(401);
            var scraped = api.admin("GET", "/metrics", null);
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body()).contains("http_server_requests");
        }
    }

    @Test
    void aMetricsListenerServesMetricsAndHealthWithoutATokenAndNothingElse() {
        try (ApiHarness api = ApiHarness.started(builder -> builder.metricsListener("127.0.0.1", 0))) {
            assertThat(api.machine("GET", "/rates", null).status()).isEqualTo(200);
            int port = api.api.metricsPort().orElseThrow();
            assertThat(port).isNotEqualTo(api.base.getPort());
            ApiHarness.Reply scraped = api.sendTo(URI.create("http://127.0.0.1:" + port), "GET", "/metrics", null);
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body()).contains("http_server_requests");
            assertThat(api.sendTo(URI.create("http://127.0.0.1:" + port), "GET", "/healthz", null)
                            .status())
                    .isEqualTo(200);
            assertThat(api.sendTo(URI.create("http://127.0.0.1:" + port), "GET", "/rates", FakeApps.ATM_TOKEN)
                            .status())
                    .isEqualTo(404);
            assertThat(api.sendTo(
                                    URI.create("http://127.0.0.1:" + port),
                                    "GET",
                                    "/api/admin/apps",
                                    ApiHarness.ADMIN_TOKEN)
                            .status())
                    .isEqualTo(404);
            // the API's port still wants the token
            assertThat(api.send("GET", "/metrics", null, null).status()).isEqualTo(401);
        }
    }

    @Test
    void boundToLoopbackTheServerCannotBeReachedOnTheHostsOtherAddresses() throws IOException {
        Optional<InetAddress> outside = nonLoopbackAddress();
        assumeTrue(outside.isPresent(), "this host has no non-loopback IPv4 address");
        try (ApiHarness everywhere = ApiHarness.started(builder -> {})) {
            // the default (0.0.0.0) answers there: the check below can tell the difference
            connect(outside.get(), everywhere.base.getPort());
        }
        try (ApiHarness loopback = ApiHarness.started(builder -> builder.bind("127.0.0.1"))) {
            assertThat(loopback.send("GET", "/healthz", null, null).status()).isEqualTo(200);
            assertThatThrownBy(() -> connect(outside.get(), loopback.base.getPort()))
                    .isInstanceOf(IOException.class);
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) return Optional.of(address);
            }
        }
        return Optional.empty();
    }
}
