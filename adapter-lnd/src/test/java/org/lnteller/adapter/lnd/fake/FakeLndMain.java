package org.lnteller.adapter.lnd.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;

/**
 * The LND stand-in as a process of its own (for the crash test, whose server is killed while the
 * node must live on). Arguments: the REST port (0 for a free one) and the channel balance in sat.
 * Prints the REST port, the control port, then the settings a server needs, one per line
 * ({@code LND_REST_URL=...}, {@code LND_MACAROON_HEX=...}, {@code LND_TLS_CERT=...},
 * {@code LNTELLER_NETWORK=mainnet}). The control API (plain HTTP on loopback):
 * {@code POST /fake/foreign-invoices/register} {@code {"bolt11", "preimage" (hex), "amount" (sat),
 * "expiresAt"}} makes another wallet's invoice payable; {@code POST /fake/foreign-invoices?amount=SATS}
 * answers a customer wallet's invoice this node can pay ({@code {"bolt11", "paymentHash"}}, valid 1 h);
 * {@code POST /fake/invoices/{hash}/pay} settles an invoice this node issued, as the customer's
 * wallet paying it would (pushed on the invoice subscriptions; 404 unknown, 409 not open);
 * {@code GET /fake/sends} answers the number of payments that moved money, per payment hash, and
 * {@code GET /fake/settled} the number of times each invoice of this node was settled.
 */
public final class FakeLndMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PAY = Pattern.compile("/fake/invoices/([0-9a-f]{64})/pay");

    private FakeLndMain() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long balance = args.length > 1 ? Long.parseLong(args[1]) : 100_000_000L;
        FakeLnd lnd = FakeLnd.start(Network.MAINNET, balance, port);
        HttpServer control = control(lnd);
        System.out.println(lnd.port());
        System.out.println(control.getAddress().getPort());
        System.out.println("LND_REST_URL=" + lnd.restUrl());
        System.out.println("LND_MACAROON_HEX=" + lnd.macaroonHex());
        System.out.println("LND_TLS_CERT=" + lnd.certificate().pemFile());
        System.out.println("LNTELLER_NETWORK=mainnet");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** The control API of {@code lnd}, started on a free loopback port. */
    public static HttpServer control(FakeLnd lnd) throws IOException {
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        control.setExecutor(Executors.newCachedThreadPool());
        control.createContext("/fake/foreign-invoices/register", x -> {
            JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
            lnd.register(
                    body.path("bolt11").asText(),
                    Preimage.fromHex(body.path("preimage").asText()),
                    Optional.of(body.path("amount").asLong() * 1000),
                    Instant.parse(body.path("expiresAt").asText()));
            answer(x, "{}");
        });
        control.createContext("/fake/foreign-invoices", x -> {
            if (!"POST".equals(x.getRequestMethod())
                    || !x.getRequestURI().getPath().equals("/fake/foreign-invoices")) {
                answer(x, 404, "{}");
                return;
            }
            String query = Optional.ofNullable(x.getRequestURI().getQuery()).orElse("");
            Optional<Long> amountMsat = Optional.empty();
            for (String pair : query.split("&")) {
                if (pair.startsWith("amount=")) amountMsat = Optional.of(Long.parseLong(pair.substring(7)) * 1000);
            }
            FakeLnd.Foreign invoice = lnd.foreignInvoice(amountMsat, Duration.ofHours(1));
            ObjectNode out = JSON.createObjectNode();
            out.put("bolt11", invoice.bolt11());
            out.put("paymentHash", invoice.paymentHash().hex());
            answer(x, 200, out.toString());
        });
        control.createContext("/fake/invoices/", x -> {
            Matcher m = PAY.matcher(x.getRequestURI().getPath());
            if (!"POST".equals(x.getRequestMethod()) || !m.matches()) {
                answer(x, 404, "{}");
                return;
            }
            try {
                lnd.payInvoice(PaymentHash.fromHex(m.group(1)));
                answer(x, 200, "{}");
            } catch (IllegalArgumentException unknown) {
                answer(x, 404, JSON.writeValueAsString(Map.of("error", String.valueOf(unknown.getMessage()))));
            } catch (IllegalStateException notOpen) {
                answer(x, 409, JSON.writeValueAsString(Map.of("error", String.valueOf(notOpen.getMessage()))));
            }
        });
        control.createContext("/fake/sends", x -> answer(x, JSON.writeValueAsString(lnd.sends())));
        control.createContext("/fake/settled", x -> answer(x, JSON.writeValueAsString(lnd.settled())));
        control.start();
        return control;
    }

    private static void answer(HttpExchange x, String body) throws IOException {
        answer(x, 200, body);
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
