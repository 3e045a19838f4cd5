package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.galoy.fake.FakeBlinkMain;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.model.Satoshi;

/** The fake Blink as a process of its own: what other modules' tests use to keep a ledger outside the server. */
class FakeBlinkProcessTest {

    @Test
    void theFakeRunsAsItsOwnProcessPrintsItsPortAndServesTheAdapter() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dlnteller.shared=" + System.getProperty("lnteller.shared", "../../shared"),
                "-Dlnteller.log.suffix=-fake-process",
                FakeBlinkMain.class.getName(),
                "0",
                "200000");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = Integer.parseInt(out.readLine().trim());
            Map<String, String> env = new HashMap<>();
            for (int i = 0; i < 4; i++) {
                String[] kv = out.readLine().split("=", 2);
                env.put(kv[0], kv[1]);
            }
            assertThat(env.get("GALOY_ENDPOINT")).isEqualTo("http://127.0.0.1:" + port + "/graphql");

            try (GaloyBackend backend = new GaloyBackend(GaloySettings.of(
                            URI.create(env.get("GALOY_ENDPOINT")),
                            URI.create(env.get("GALOY_WS_ENDPOINT")),
                            env.get("GALOY_API_KEY"),
                            env.get("GALOY_WALLET_ID"))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)))) {
                CreatedInvoice invoice = backend.createInvoice(Satoshi.of(1_000), Duration.ofMinutes(5), "cash-out");
                assertThat(control(
                                        port,
                                        "/fake/invoices/"
                                                + invoice.paymentHash().hex() + "/pay")
                                .path("done")
                                .asBoolean())
                        .isTrue();
                assertThat(backend.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PAID);

                JsonNode foreign = control(port, "/fake/foreign-invoices?amount=5000");
                PaymentOutcome paid = backend.pay(new PaymentRequest(
                        Bolt11.decode(foreign.path("bolt11").asText()),
                        Optional.empty(),
                        Satoshi.of(100).toMilliSatoshi()));
                assertThat(paid).isInstanceOf(PaymentOutcome.Succeeded.class);
                assertThat(backend.balance().available())
                        .isEqualTo(Satoshi.of(200_000 + 1_000 - 5_000 - 6).toMilliSatoshi());
            }
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS))
                    .as("stops on SIGTERM")
                    .isTrue();
        }
    }

    private static JsonNode control(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }
}
