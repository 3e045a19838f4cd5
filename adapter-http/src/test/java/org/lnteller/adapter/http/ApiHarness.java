package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.lnteller.ports.store.InMemoryTransactionStore;

/** A real server on a free port over the fakes, and a JDK HttpClient to talk to it. */
final class ApiHarness implements AutoCloseable {
    static final String ADMIN_TOKEN = "admin-secret-token-42";
    static final String PUBLIC_URL = "https://atm.example.com";

    final FakeMachineTransactions transactions = new FakeMachineTransactions();
    final FakeApps apps = new FakeApps();
    final FakeQuotes quotes = new FakeQuotes();
    final FakeOperator operator = new FakeOperator();
    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final FakeProbe probe = new FakeProbe();
    final FakeSimulatedPayments payments = new FakeSimulatedPayments();
    final AtomicBoolean healthy = new AtomicBoolean(true);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpApi api;
    final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Reply(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }
    }

    ApiHarness(boolean withSimulatedPayments) {
        this(withSimulatedPayments, Duration.ofSeconds(5));
    }

    ApiHarness(boolean withSimulatedPayments, Duration stopTimeout) {
        this(withSimulatedPayments, stopTimeout, builder -> {});
    }

    /** A server whose builder {@code settings} may change before it starts. */
    ApiHarness(Consumer<HttpApi.Builder> settings) {
        this(true, Duration.ofSeconds(5), settings);
    }

    private ApiHarness(boolean withSimulatedPayments, Duration stopTimeout, Consumer<HttpApi.Builder> settings) {
        HttpApi.Builder builder = HttpApi.builder()
                .machineTransactions(transactions)
                .apps(apps)
                .quotes(quotes)
                .destinationProbe(probe)
                .operator(operator)
                .transactionLog(store)
                .simulatedPayments(withSimulatedPayments ? Optional.of(payments) : Optional.empty())
                .adminToken(ADMIN_TOKEN)
                .publicUrl(PUBLIC_URL)
                .defaultCurrency(Currency.getInstance("USD"))
                .meterRegistry(registry)
                .healthCheck(healthy::get)
                .stopTimeout(stopTimeout);
        settings.accept(builder);
        api = builder.build();
        int port = api.start(0);
        base = URI.create("http://127.0.0.1:" + port);
    }

    void reset() {
        transactions.reset();
        apps.reset();
        quotes.reset();
        operator.reset();
        probe.reset();
        payments.reset();
        healthy.set(true);
    }

    /** Calls that change state: a bad request must cause none of them. */
    int writes() {
        return transactions.posts.size()
                + apps.writes()
                + payments.paid.size()
                + operator.resolutions.size()
                + probe.calls.size();
    }

    Reply send(String method, String path, String token, String body, String... headers) {
        return sendTo(base, method, path, token, body, headers);
    }

    /** A request to another of the server's listeners. */
    Reply sendTo(URI listener, String method, String path, String token, String... headers) {
        return sendTo(listener, method, path, token, null, headers);
    }

    private Reply sendTo(URI listener, String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(listener.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (body != null) request.header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply machine(String method, String path, String body, String... headers) {
        return send(method, path, FakeApps.ATM_TOKEN, body, headers);
    }

    Reply admin(String method, String path, String body) {
        return send(method, path, ADMIN_TOKEN, body);
    }

    @Override
    public void close() {
        api.close();
    }
}
