package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.codec.lnurl.Lnurl;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.model.Satoshi;

/**
 * A customer buys sats with bills on the real server: the server pays the customer's invoice, an
 * LNURL-pay service, exactly once. The customer's wallet is a second
 * simulated node; the LNURL service is a real HTTP server on loopback.
 */
class CashInEndToEndTest {
    /** $20 at 60,000 USD/BTC plus the 5 % cash-in commission (63,000): 31,746 sats, rounded down. */
    private static final long SATS_FOR_20 = 31_746;

    @TempDir
    Path data;

    @TempDir
    Path customerData;

    private ServerHarness server;
    private SimulatedLightning customer;
    private String token;

    @BeforeEach
    void start() {
        // the customers' LNURL services of these tests run on this machine
        server = new ServerHarness(data, Map.of("LNURL_ALLOW_PRIVATE_HOSTS", "true"));
        customer = ServerHarness.customerWallet(customerData);
        Answer added = server.post("/api/admin/app/add", ADMIN_TOKEN, Map.of("name", "lobby"));
        token = added.body().path("credentials").path("token").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String cashIn(String id, int version, String toAddress, List<Integer> bills, boolean send) {
        long dollars = bills.stream().mapToLong(Integer::longValue).sum();
        StringBuilder json =
                new StringBuilder("{\"id\":\"" + id + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\""
                        + dollars + "\",\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + (dollars / 20 * SATS_FOR_20)
                        + "\",\"txVersion\":"
                        + version + ",\"toAddress\":\"" + toAddress + "\",\"send\":" + send + ",\"bills\":[");
        for (int i = 0; i < bills.size(); i++)
            json.append(i == 0 ? "" : ",")
                    .append("{\"denomination\":")
                    .append(bills.get(i))
                    .append(",\"fiatCode\":\"USD\"}");
        return json.append("]}").toString();
    }

    private long balanceSats() {
        return server.get("/api/admin/balance", ADMIN_TOKEN)
                .body()
                .path("available_sat")
                .asLong();
    }

    @Test
    void theCustomersInvoiceIsPaidOnceEvenWhenTheMachineResendsItsSend() {
        CreatedInvoice invoice = customer.createInvoice(Satoshi.of(SATS_FOR_20), Duration.ofMinutes(10), "my wallet");

        Answer probe = server.get("/probe?address=" + invoice.bolt11(), token);
        assertThat(probe.status()).as(probe.raw()).isEqualTo(200);
        assertThat(probe.body().path("maxByBalanceSats").asLong()).isPositive();

        long before = balanceSats();
        assertThat(server.post(
                                "/tx",
                                token,
                                cashIn("1a1a1a1a-0000-4000-8000-000000000001", 4, invoice.bolt11(), List.of(20), false))
                        .status())
                .isEqualTo(200);
        Answer sent = server.post(
                "/tx", token, cashIn("1a1a1a1a-0000-4000-8000-000000000001", 5, invoice.bolt11(), List.of(20), true));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(200);
        assertThat(sent.body().path("sendConfirmed").asBoolean()).isTrue();
        assertThat(sent.body().path("status").asText()).isEqualTo("confirmed");

        Answer again = server.post(
                "/tx", token, cashIn("1a1a1a1a-0000-4000-8000-000000000001", 5, invoice.bolt11(), List.of(20), true));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("sendConfirmed").asBoolean()).isTrue();
        long fee = sent.body().path("fee").asLong();
        assertThat(before - balanceSats()).as("paid once, with its fee").isEqualTo(SATS_FOR_20 + fee);
    }

    @Test
    void theBannerWarnsThatCustomersLnurlsMayReachPrivateHosts() {
        assertThat(server.banner()).contains("WARNING", "LNURL_ALLOW_PRIVATE_HOSTS=true");
    }

    @Test
    void aCashInWithoutADestinationIsRefusedSayingWhatCashInPays() {
        Answer refused = server.post(
                "/tx",
                token,
                "{\"id\":\"1a1a1a1a-0000-4000-8000-000000000002\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"cryptoAtoms\":\"31746\",\"txVersion\":1}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").asText()).contains("customer's scanned");
    }

    @Test
    void anLnurlPayIsResolvedToAnInvoiceForTheExactAmountAndPaid() throws IOException {
        try (LnurlService lnurl = new LnurlService(customer, amount -> amount)) {
            String address = lnurl.lnurl();
            server.post("/tx", token, cashIn("1a1a1a1a-0000-4000-8000-000000000003", 1, address, List.of(20), false));
            Answer sent = server.post(
                    "/tx", token, cashIn("1a1a1a1a-0000-4000-8000-000000000003", 2, address, List.of(20), true));
            assertThat(sent.status()).as(sent.raw()).isEqualTo(200);
            assertThat(sent.body().path("sendConfirmed").asBoolean()).isTrue();
            assertThat(lnurl.invoicesIssued.get()).isEqualTo(1);
        }
    }

    @Test
    void anLnurlServiceThatAnswersWithAnInvoiceForTheWrongAmountIsRefusedAndNothingIsPaid() throws IOException {
        try (LnurlService lnurl = new LnurlService(customer, amount -> amount + 1_000)) {
            String address = lnurl.lnurl();
            long before = balanceSats();
            server.post("/tx", token, cashIn("1a1a1a1a-0000-4000-8000-000000000004", 1, address, List.of(20), false));
            Answer sent = server.post(
                    "/tx", token, cashIn("1a1a1a1a-0000-4000-8000-000000000004", 2, address, List.of(20), true));
            assertThat(sent.status()).isEqualTo(400);
            assertThat(sent.body().path("code").asText()).isEqualTo("amountMismatch");
            assertThat(balanceSats()).isEqualTo(before);
            Answer tx = server.get("/tx/1a1a1a1a-0000-4000-8000-000000000004", token);
            assertThat(tx.body().path("status").asText()).isEqualTo("failed");
            assertThat(server.get("/api/admin/cashins/stuck", ADMIN_TOKEN)
                            .body()
                            .path("items")
                            .get(0)
                            .path("id")
                            .asText())
                    .isEqualTo("1a1a1a1a-0000-4000-8000-000000000004");
            Answer refunded = server.post(
                    "/api/admin/txs/1a1a1a1a-0000-4000-8000-000000000004/refund",
                    ADMIN_TOKEN,
                    Map.of("operator", "alice", "reason", "cash handed back"));
            assertThat(refunded.status()).as(refunded.raw()).isEqualTo(200);
            assertThat(refunded.body().path("status").asText()).isEqualTo("refunded");
            assertThat(customer.invoiceStatus(lnurl.lastHash)).isEqualTo(InvoiceStatus.PENDING);
        }
    }

    /** An LNURL-pay service on loopback (allowed, over http too, with LNURL_ALLOW_PRIVATE_HOSTS), backed by the customer's wallet. */
    private static final class LnurlService implements AutoCloseable {
        final AtomicLong invoicesIssued = new AtomicLong();
        volatile org.lnteller.ports.model.PaymentHash lastHash;
        private final HttpServer http;

        LnurlService(SimulatedLightning wallet, LongUnaryOperator invoiceMsatFor) throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String metadata = "[[\\\"text/plain\\\",\\\"alice's wallet\\\"]]";
            http.createContext(
                    "/.well-known/lnurlp/alice",
                    exchange -> respond(
                            exchange,
                            "{\"tag\":\"payRequest\",\"callback\":\"http://127.0.0.1:" + port()
                                    + "/callback/alice\",\"minSendable\":1000,\"maxSendable\":100000000000,\"metadata\":\""
                                    + metadata + "\"}"));
            http.createContext("/callback/alice", exchange -> {
                String query = exchange.getRequestURI().getQuery();
                long msat = Long.parseLong(query.replaceAll(".*amount=(\\d+).*", "$1"));
                CreatedInvoice invoice = wallet.createInvoice(
                        Satoshi.of(invoiceMsatFor.applyAsLong(msat) / 1000), Duration.ofMinutes(10), "alice");
                lastHash = invoice.paymentHash();
                invoicesIssued.incrementAndGet();
                respond(exchange, "{\"pr\":\"" + invoice.bolt11() + "\",\"routes\":[]}");
            });
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        /** LUD-01: the pay request's URL as a bech32 LNURL, as a customer's QR code holds it. */
        String lnurl() {
            return Lnurl.encode(URI.create("http://127.0.0.1:" + port() + "/.well-known/lnurlp/alice"));
        }

        private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
