package org.lnteller.adapter.lnd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.lnd.fake.FakeLnd;
import org.lnteller.adapter.lnd.fake.FakeLndMain;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.model.Satoshi;

/**
 * The stand-in's control API, as the benchmark drives it from another process: the customer pays
 * an invoice the node issued, the customer shows an invoice the node can pay, and the node counts
 * settles and sends per hash so that a run can prove each happened once.
 */
class FakeLndControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeLnd fake;
    private HttpServer control;
    private LndBackend backend;

    @BeforeEach
    void start() throws Exception {
        fake = FakeLnd.start(Network.MAINNET, 100_000);
        control = FakeLndMain.control(fake);
        backend = TestLnd.backend(TestLnd.settings(fake));
    }

    @AfterEach
    void stop() {
        backend.close();
        control.stop(0);
        fake.close();
        assertThat(fake.violations()).as("requests outside lnd's swagger").isEmpty();
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + control.getAddress().getPort() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCustomerPaysAnInvoiceTheNodeIssuedOnceAndASecondPaymentIsRefused() throws Exception {
        CreatedInvoice invoice = backend.createInvoice(Satoshi.of(2_000), Duration.ofMinutes(10), "cash-out");
        String hash = invoice.paymentHash().hex();

        assertThat(call("POST", "/fake/invoices/" + hash + "/pay").statusCode()).isEqualTo(200);
        HttpResponse<String> again = call("POST", "/fake/invoices/" + hash + "/pay");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(backend.invoiceStatus(invoice.paymentHash())).isEqualTo(InvoiceStatus.PAID);
        JsonNode settled = JSON.readTree(call("GET", "/fake/settled").body());
        assertThat(settled.path(hash).asInt()).isEqualTo(1);
        assertThat(settled.size()).isEqualTo(1);
    }

    @Test
    void payingAnInvoiceTheNodeNeverIssuedIsNotFound() throws Exception {
        assertThat(call("POST", "/fake/invoices/" + "ab".repeat(32) + "/pay").statusCode())
                .isEqualTo(404);
        assertThat(call("POST", "/fake/invoices/not-a-hash/pay").statusCode()).isEqualTo(404);
    }

    @Test
    void aCustomersInvoiceFromTheControlApiIsPaidByTheNodeAndCountedAsOneSend() throws Exception {
        JsonNode customer =
                JSON.readTree(call("POST", "/fake/foreign-invoices?amount=3000").body());
        PaymentRequest request = new PaymentRequest(
                Bolt11.decode(customer.path("bolt11").asText()),
                Optional.empty(),
                Satoshi.of(100).toMilliSatoshi());
        assertThat(request.paymentHash().hex())
                .isEqualTo(customer.path("paymentHash").asText());

        assertThat(backend.pay(request)).isInstanceOf(PaymentOutcome.Succeeded.class);

        JsonNode sends = JSON.readTree(call("GET", "/fake/sends").body());
        assertThat(sends.path(request.paymentHash().hex()).asInt()).isEqualTo(1);
        assertThat(sends.size()).isEqualTo(1);
    }
}
