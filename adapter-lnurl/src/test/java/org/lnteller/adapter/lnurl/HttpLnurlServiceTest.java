package org.lnteller.adapter.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.lnurl.LocalLnurlServer.Answer;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.codec.lnurl.LightningAddress;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.lnurl.LnurlServiceContract;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * The client against real HTTP services on loopback: so these tests run it with private hosts
 * allowed (LNURL_ALLOW_PRIVATE_HOSTS), on a network where the public names of the contract resolve
 * to public (documentation) addresses. What the default settings refuse: {@link LnurlHostRulesTest}.
 */
class HttpLnurlServiceTest extends LnurlServiceContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The service's node key: any valid secp256k1 scalar signs the test invoices. */
    private static final byte[] SERVICE_KEY = filled(32, 0x11);

    private final LocalLnurlServer server = newServer();
    private final AtomicInteger services = new AtomicInteger();
    private final AtomicInteger invoiceRequests = new AtomicInteger();
    private final TestNetwork network = new TestNetwork()
            .name("pay.example.com", "203.0.113.10")
            .name("127.0.0.1.example.com", "203.0.113.11")
            .name("localhost.example.com", "203.0.113.12");
    private final HttpLnurlService service = local(Duration.ofSeconds(5), Duration.ofSeconds(5), 65_536);

    /** A client that may ask the local server: private hosts allowed. */
    private HttpLnurlService local(Duration connect, Duration request, int maxBytes) {
        return new HttpLnurlService(connect, request, maxBytes, true, network, TestTls.client());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---- the contract's hooks: each service lives under its own path on the one local server ----

    @Override
    protected LnurlService service() {
        return service;
    }

    @Override
    protected URI startPayService(
            MilliSatoshi min, MilliSatoshi max, String metadata, Function<MilliSatoshi, String> invoiceFor) {
        String base = "/service" + services.incrementAndGet();
        servePayRequest(base + "/lnurlp", server.url(base + "/callback"), min, max, metadata);
        server.answer(base + "/callback", query -> {
            invoiceRequests.incrementAndGet();
            return Answer.json(invoiceAnswer(invoiceFor.apply(amountIn(query))));
        });
        return server.url(base + "/lnurlp");
    }

    @Override
    protected URI startRefusingService(String reason) {
        String path = "/service" + services.incrementAndGet() + "/lnurlp";
        server.answer(path, query -> Answer.json(error(reason)));
        return server.url(path);
    }

    @Override
    protected URI startServiceRefusingInvoices(MilliSatoshi min, MilliSatoshi max, String metadata, String reason) {
        String base = "/service" + services.incrementAndGet();
        servePayRequest(base + "/lnurlp", server.url(base + "/callback"), min, max, metadata);
        server.answer(base + "/callback", query -> {
            invoiceRequests.incrementAndGet();
            return Answer.json(error(reason));
        });
        return server.url(base + "/lnurlp");
    }

    @Override
    protected URI startGarbageService() {
        String path = "/service" + services.incrementAndGet() + "/lnurlp";
        server.answer(path, query -> Answer.json("{\"tag\": \"payRequest\", \"callback\": "));
        return server.url(path);
    }

    @Override
    protected int invoiceRequestsReceived() {
        return invoiceRequests.get();
    }

    // ---- HTTP behaviour ----

    @Test
    void aLightningAddressGetsARealInvoiceForTheExactAmountAndItsMetadata() {
        // the path a Lightning address resolves to (LUD-16), served from this machine
        String wellKnown =
                new LightningAddress("alice", "pay.example.com").payRequestUrl().getRawPath();
        String metadata = "[[\"text/plain\",\"Pay alice\"],[\"text/identifier\",\"alice@pay.example.com\"]]";
        servePayRequest(wellKnown, server.url("/lnurlp/alice/callback"), MIN, MAX, metadata);
        server.answer("/lnurlp/alice/callback", query -> {
            String invoice = realInvoice(amountIn(query), metadata);
            return Answer.json("{\"pr\":\"" + invoice + "\",\"routes\":[[{\"nodeId\":\"02ab\"}]],"
                    + "\"successAction\":{\"tag\":\"message\",\"message\":\"Thanks\"}}");
        });

        PayRequest request = service.payRequest(server.url(wellKnown));
        String text = service.requestInvoice(request, MilliSatoshi.of(21_000_000));

        Bolt11Invoice invoice = Bolt11.decode(text);
        assertThat(invoice.amountMsat()).hasValue(21_000_000);
        assertThat(invoice.descriptionHash()).contains(ByteVector.of(sha256(request.metadata())));
        assertThat(server.queries("/lnurlp/alice/callback")).containsExactly("amount=21000000");
    }

    @Test
    void theAmountIsAddedAfterTheQueryTheCallbackAlreadyHas() {
        servePayRequest("/lnurlp", server.url("/callback?user=alice&k1=a%20b"), MIN, MAX, METADATA);
        server.answer("/callback", query -> Answer.json(invoiceAnswer("lninvoice")));

        PayRequest request = service.payRequest(server.url("/lnurlp"));
        service.requestInvoice(request, MilliSatoshi.of(5_000));

        assertThat(request.callback().getRawQuery()).isEqualTo("user=alice&k1=a%20b");
        assertThat(server.queries("/callback")).containsExactly("user=alice&k1=a%20b&amount=5000");
    }

    @Test
    void aServiceErrorSentWithAnHttpErrorStatusKeepsItsReasonForTheOperatorsLog() {
        server.answer("/lnurlp/bob", query -> new Answer(404, error("No such user: bob"), Map.of()));

        assertFails(() -> service.payRequest(server.url("/lnurlp/bob")), Kind.REFUSED, "No such user: bob");
    }

    @Test
    void anHttpErrorWithoutAReasonIsRefusedWithItsStatus() {
        server.answer("/lnurlp/alice", query -> Answer.status(503, "<html>Service Unavailable</html>"));

        assertFails(() -> service.payRequest(server.url("/lnurlp/alice")), Kind.REFUSED, "HTTP 503");
    }

    @Test
    void aServiceReasonIsLoggedOnOneLineAndCutShort() {
        String reason = "Limit\nexceeded\u0007 " + "x".repeat(1_000);
        server.answer("/lnurlp/alice", query -> Answer.json(error(reason)));

        assertThatThrownBy(() -> service.payRequest(server.url("/lnurlp/alice")))
                .hasMessageContaining("refused: Limit exceeded x")
                .hasMessageNotContaining("\n")
                .matches(e -> e.getMessage().length() < 300, "is short enough for a screen");
    }

    @Test
    void anAnswerThatIsNotJsonIsMalformed() {
        server.answer("/lnurlp/alice", query -> Answer.json("<html><body>It works!</body></html>"));

        assertFails(() -> service.payRequest(server.url("/lnurlp/alice")), Kind.MALFORMED, "not valid JSON");
    }

    @Test
    void aWithdrawRequestIsNotAPayRequest() {
        server.answer(
                "/lnurlw",
                query -> Answer.json(
                        "{\"tag\":\"withdrawRequest\",\"callback\":\"" + server.url("/cb")
                                + "\",\"k1\":\"x\",\"minWithdrawable\":1000,\"maxWithdrawable\":2000,\"defaultDescription\":\"\"}"));

        assertFails(() -> service.payRequest(server.url("/lnurlw")), Kind.MALFORMED, "withdrawRequest");
    }

    @Test
    void aCallbackAnswerWithoutAnInvoiceIsMalformed() {
        servePayRequest("/lnurlp", server.url("/callback"), MIN, MAX, METADATA);
        server.answer("/callback", query -> Answer.json("{\"routes\":[]}"));
        PayRequest request = service.payRequest(server.url("/lnurlp"));

        assertFails(() -> service.requestInvoice(request, MIN), Kind.MALFORMED, "no invoice");
    }

    @Test
    void anAnswerLargerThanTheLimitIsMalformed() {
        HttpLnurlService small = local(Duration.ofSeconds(5), Duration.ofSeconds(5), 1024);
        String padding = " ".repeat(2_000);
        server.answer(
                "/declared", query -> Answer.json(payRequestJson(server.url("/cb"), MIN, MAX, METADATA) + padding));

        assertFails(() -> small.payRequest(server.url("/declared")), Kind.MALFORMED, "larger than 1 KiB");
    }

    @Test
    void anUndeclaredEndlessAnswerIsCutOffAtTheLimit() {
        HttpLnurlService small = local(Duration.ofSeconds(5), Duration.ofSeconds(5), 1024);
        server.handle("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            try {
                for (int i = 0; i < 10_000; i++) LocalLnurlServer.write(exchange, " ".repeat(1_024));
            } catch (IOException clientHungUp) {
                // expected: the client stops reading at its limit
            }
        });

        long start = System.nanoTime();
        assertFails(() -> small.payRequest(server.url("/endless")), Kind.MALFORMED, "larger than 1 KiB");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void anAnswerWithinTheLimitIsRead() {
        String body = payRequestJson(server.url("/cb"), MIN, MAX, METADATA);
        HttpLnurlService exact =
                local(Duration.ofSeconds(5), Duration.ofSeconds(5), body.getBytes(StandardCharsets.UTF_8).length);
        server.answer("/lnurlp", query -> Answer.json(body));

        assertThat(exact.payRequest(server.url("/lnurlp")).metadata()).isEqualTo(METADATA);
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsATimeout() {
        HttpLnurlService impatient = local(Duration.ofSeconds(1), Duration.ofMillis(300), 65_536);
        server.handle("/slow", exchange -> server.sleepUntilClosed(Duration.ofSeconds(10)));

        long start = System.nanoTime();
        assertFails(() -> impatient.payRequest(server.url("/slow")), Kind.TIMEOUT, "300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aServiceThatTricklesItsAnswerIsATimeout() {
        HttpLnurlService impatient = local(Duration.ofSeconds(1), Duration.ofMillis(500), 65_536);
        server.handle("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try {
                for (int i = 0; i < 100; i++) {
                    LocalLnurlServer.write(exchange, " ");
                    server.sleepUntilClosed(Duration.ofMillis(100));
                }
            } catch (IOException clientHungUp) {
                // expected: the client gives up at its deadline
            }
        });

        long start = System.nanoTime();
        assertFails(() -> impatient.payRequest(server.url("/trickle")), Kind.TIMEOUT, "500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aPortNobodyListensOnIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertFails(
                () -> service.payRequest(URI.create("http://127.0.0.1:" + port + "/lnurlp/alice")),
                Kind.UNREACHABLE,
                "127.0.0.1");
    }

    @Test
    void anAddressOfThisMachinesNetworkIsRefusedWithoutConnectingUnderTheDefaultSettings() throws IOException {
        InetAddress lan = nonLoopbackAddress().orElse(null);
        assumeTrue(lan != null, "this machine has no address besides loopback");
        HttpLnurlService defaults = new HttpLnurlService();
        try (ServerSocket listener = new ServerSocket(0, 10, lan)) {
            URI url = URI.create("http://" + lan.getHostAddress() + ":" + listener.getLocalPort() + "/lnurlp/alice");
            URI secure =
                    URI.create("https://" + lan.getHostAddress() + ":" + listener.getLocalPort() + "/lnurlp/alice");

            assertFails(() -> defaults.payRequest(url), Kind.NOT_ALLOWED, "not secure");
            if (PublicAddresses.nonPublicRange(lan).isPresent())
                assertFails(() -> defaults.payRequest(secure), Kind.NOT_ALLOWED, "does not contact");

            listener.setSoTimeout(300);
            assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
            // the listener would have seen a connection: one made by hand is there to accept
            try (Socket probe = new Socket(lan, listener.getLocalPort());
                    Socket accepted = listener.accept()) {
                assertThat(accepted.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aRedirectIsNotFollowed() {
        URI elsewhere = startPayService(MIN, MAX, METADATA, amount -> "lnunused");
        server.answer("/moved", query -> new Answer(302, "", Map.of("Location", elsewhere.toString())));

        assertFails(() -> service.payRequest(server.url("/moved")), Kind.REFUSED, "redirect");
        assertThat(server.hits(elsewhere.getPath())).isZero();
    }

    @Test
    void aPayRequestWhoseCallbackIsPlainHttpOnAPublicHostIsNotAllowed() {
        servePayRequest("/lnurlp", URI.create("http://pay.example.com/callback"), MIN, MAX, METADATA);

        assertFails(() -> service.payRequest(server.url("/lnurlp")), Kind.NOT_ALLOWED, "not secure");
    }

    @Test
    void manyCustomersAtOnceEachGetTheirOwnInvoice() throws Exception {
        URI url = startPayService(MIN, MAX, METADATA, amount -> "lninvoicefor" + amount.msat());
        ExecutorService customers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> invoices = new ArrayList<>();
            for (int i = 1; i <= 24; i++) {
                long msat = 1_000L * i;
                invoices.add(
                        customers.submit(() -> service.requestInvoice(service.payRequest(url), MilliSatoshi.of(msat))));
            }
            for (int i = 1; i <= 24; i++) {
                assertThat(invoices.get(i - 1).get()).isEqualTo("lninvoicefor" + 1_000L * i);
            }
        } finally {
            customers.shutdownNow();
        }
        assertThat(invoiceRequestsReceived()).isEqualTo(24);
    }

    @Test
    void boundsThatAreNotPositiveAreRefusedAtConstruction() {
        assertThatThrownBy(() -> new HttpLnurlService(Duration.ZERO, Duration.ofSeconds(5), 1024, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpLnurlService(Duration.ofSeconds(5), Duration.ofMillis(-1), 1024, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpLnurlService(Duration.ofSeconds(5), Duration.ofSeconds(5), 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private void servePayRequest(String path, URI callback, MilliSatoshi min, MilliSatoshi max, String metadata) {
        String body = payRequestJson(callback, min, max, metadata);
        server.answer(path, query -> Answer.json(body));
    }

    private static String payRequestJson(URI callback, MilliSatoshi min, MilliSatoshi max, String metadata) {
        ObjectNode json = JSON.createObjectNode()
                .put("tag", "payRequest")
                .put("callback", callback.toString())
                .put("minSendable", min.msat())
                .put("maxSendable", max.msat())
                .put("metadata", metadata)
                .put("commentAllowed", 0);
        return json.toString();
    }

    private static String invoiceAnswer(String invoice) {
        return JSON.createObjectNode()
                .put("pr", invoice)
                .set("routes", JSON.createArrayNode())
                .toString();
    }

    private static String error(String reason) {
        return JSON.createObjectNode()
                .put("status", "ERROR")
                .put("reason", reason)
                .toString();
    }

    /** The {@code amount} parameter of a callback query, as LUD-06 sends it. */
    private static MilliSatoshi amountIn(String query) {
        for (String pair : String.valueOf(query).split("&")) {
            if (pair.startsWith("amount=")) return MilliSatoshi.of(Long.parseLong(pair.substring("amount=".length())));
        }
        throw new AssertionError("no amount in the callback query: " + query);
    }

    /** A signed regtest invoice for {@code amount} committing to {@code metadata}, as a real service makes it. */
    private static String realInvoice(MilliSatoshi amount, String metadata) {
        byte[] preimage = filled(32, 0x42);
        InvoiceDraft draft = InvoiceDraft.builder(Network.REGTEST, ByteVector.of(sha256(preimage)), Instant.now())
                .amountMsat(amount.msat())
                .descriptionHash(ByteVector.of(sha256(metadata)))
                .paymentSecret(ByteVector.of(filled(32, 0x07)))
                .build();
        return Bolt11.encode(draft, SERVICE_KEY);
    }

    private static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    private static LocalLnurlServer newServer() {
        try {
            return new LocalLnurlServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local LNURL server", e);
        }
    }
}
