package org.lnteller.adapter.lnd.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.Preimage;

/**
 * The LND stand-in as a process of its own (for the crash test, whose server is killed while the
 * node must live on). Arguments: the REST port (0 for a free one) and the channel balance in sat.
 * Prints the REST port, the control port, then the settings a server needs, one per line
 * ({@code LND_REST_URL=...}, {@code LND_MACAROON_HEX=...}, {@code LND_TLS_CERT=...},
 * {@code LNTELLER_NETWORK=mainnet}). The control API (plain HTTP on loopback):
 * {@code POST /fake/foreign-invoices/register} {@code {"bolt11", "preimage" (hex), "amount" (sat),
 * "expiresAt"}} makes another wallet's invoice payable; {@code GET /fake/sends} answers the number
 * of payments that moved money, per payment hash.
 */
public final class FakeLndMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLndMain() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long balance = args.length > 1 ? Long.parseLong(args[1]) : 100_000_000L;
        FakeLnd lnd = FakeLnd.start(Network.MAINNET, balance, port);
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
        control.createContext("/fake/sends", x -> answer(x, JSON.writeValueAsString(lnd.sends())));
        control.start();
        System.out.println(lnd.port());
        System.out.println(control.getAddress().getPort());
        System.out.println("LND_REST_URL=" + lnd.restUrl());
        System.out.println("LND_MACAROON_HEX=" + lnd.macaroonHex());
        System.out.println("LND_TLS_CERT=" + lnd.certificate().pemFile());
        System.out.println("LNTELLER_NETWORK=mainnet");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void answer(HttpExchange x, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
