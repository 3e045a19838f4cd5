package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.ports.tx.CashOutStatus;
import org.slf4j.LoggerFactory;

class ServerBehaviourTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.sharedByTheClass();

    @Test
    void healthzIsOkWhileTheServerIsHealthyAnd503WhenNot() {
        var ok = api.send("GET", "/healthz", null, null);
        api.healthy.set(false);
        var down = api.send("GET", "/healthz", null, null);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("status").asText()).isEqualTo("ok");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("code").asText()).isEqualTo("unhealthy");
    }

    @Test
    void metricsTimeEachRequestByRouteTemplateNotByRawPath() {
        api.transactions.store(Txs.cashOut(FakeApps.ATM, "tx-metrics-1", CashOutStatus.NOT_SEEN));
        api.machine("GET", "/tx/tx-metrics-1", null);
        api.machine("GET", "/tx/tx-metrics-2", null);
        api.send("GET", "/no/such/route", null, null);

        var reply = api.admin("GET", "/metrics", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(reply.body())
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/tx/{id}\",status=\"200\"} 1")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/tx/{id}\",status=\"404\"} 1")
                .contains("route=\"unmatched\",status=\"404\"")
                .doesNotContain("tx-metrics-1");
    }

    @Test
    void anUnknownRouteIs404JsonAndAWrongMethod405Json() {
        var unknown = api.send("GET", "/api/nothing", null, null);
        var wrongMethod = api.send("DELETE", "/tx", FakeApps.ATM_TOKEN, null);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("notFound");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("code").asText()).isEqualTo("methodNotAllowed");
    }

    @Test
    void theRequestLogNamesRouteAppAndTxButNeverAToken() {
        Logger logger = (Logger) LoggerFactory.getLogger("org.lnteller.adapter.http");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            api.machine("POST", "/tx?rid=rid-7", """
                    {"id":"ac33e82f-0b36-49d6-8bfa-71457d8fdc35","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"1","txVersion":1}""", "request-id", "req-42\tsplit", "config-version", "9");
            api.admin("POST", "/api/admin/app/add", """
                    {"name":"Lobby ATM"}""");
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line)
                        .contains("POST /tx 200")
                        .contains("app=atm-1")
                        .contains("tx=ac33e82f-0b36-49d6-8bfa-71457d8fdc35"))
                .anySatisfy(line -> assertThat(line)
                        .contains("rid=rid-7")
                        .contains("config-version=9")
                        .contains("request-id=req-42")
                        .doesNotContain("\t"))
                .anySatisfy(line -> assertThat(line).contains("POST /api/admin/app/add 201"))
                .allSatisfy(line -> assertThat(line)
                        .doesNotContain(FakeApps.ATM_TOKEN)
                        .doesNotContain(ApiHarness.ADMIN_TOKEN)
                        .doesNotContain(FakeApps.NEW_TOKEN));
    }

    @Test
    void aChunkedBodyOver64KibIs413WithoutReachingTheCore() throws Exception {
        byte[] huge = ("{\"direction\":\"cashOut\",\"padding\":\"" + "x".repeat(100 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(api.base.resolve("/tx"))
                .header("Authorization", "Bearer " + FakeApps.ATM_TOKEN)
                // an input stream has no known length, so the client sends it chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .build();

        HttpResponse<String> reply = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).isEqualTo(413);
        assertThat(reply.body()).contains("\"code\":\"payloadTooLarge\"");
        assertThat(api.transactions.posts).isEmpty();
    }

    @Test
    void aRequestJettyCannotParseIsAnswered400InJsonToo() throws Exception {
        try (Socket socket = new Socket(api.base.getHost(), api.base.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write("GET /tx/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response)
                    .startsWith("HTTP/1.1 400")
                    .contains("application/json")
                    .contains("\"code\":\"badRequest\"");
        }
    }

    @Test
    void closingLetsAMachinePostInFlightFinishAndThenRefusesConnections() throws Exception {
        ApiHarness server = ApiHarness.started(builder -> builder.simulatedPayments(Optional.empty()));
        CountDownLatch release = new CountDownLatch(1);
        server.transactions.answer = (app, post) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeMachineTransactions.accept(app, post);
        };
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(server.base.resolve("/tx"))
                .header("Authorization", "Bearer " + FakeApps.ATM_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"id":"a8c0359c-e44f-41d8-8a78-76d3e4f5022d","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"1","txVersion":1}"""))
                .build();
        CompletableFuture<HttpResponse<String>> inFlight =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        while (server.transactions.posts.isEmpty()) Thread.sleep(5);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        Thread.sleep(200);
        assertThat(closing).as("close waits for the request in flight").isNotDone();
        release.countDown();

        assertThat(inFlight.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        closing.get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> client.send(
                        HttpRequest.newBuilder(server.base.resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }
}
