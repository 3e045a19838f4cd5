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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.lnteller.ports.store.InMemoryTransactionStore;

/**
 * A real server on a free port over the fakes, and a JDK HttpClient to talk to it. A JUnit 5
 * extension: a test class declares the server it needs in one line, with {@code @RegisterExtension}
 * and one of {@link #sharedByTheClass()}, {@link #forEachTest}, {@link #startedByEachTest()}.
 */
final class ApiHarness
        implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
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
    /** The server and its address, once started. */
    HttpApi api;

    URI base;

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

    private final Lifetime lifetime;
    private final Consumer<HttpApi.Builder> settings;

    /** When the server starts and stops: what a test class declares in its one line. */
    private enum Lifetime {
        /** Started before the class's first test, its fakes reset before each test, closed after the last. */
        CLASS,
        /** Started before each test and closed after it. */
        TEST,
        /** Started by the test itself ({@link #start}), closed after it. */
        STARTED_BY_THE_TEST
    }

    private ApiHarness(Lifetime lifetime, Consumer<HttpApi.Builder> settings) {
        this.lifetime = lifetime;
        this.settings = settings;
    }

    /**
     * One server for the whole class, on a {@code static} field with {@code @RegisterExtension}:
     * its fakes are reset before each test.
     */
    static ApiHarness sharedByTheClass() {
        return sharedByTheClass(builder -> {});
    }

    /** One server for the whole class, whose builder {@code settings} may change before it starts. */
    static ApiHarness sharedByTheClass(Consumer<HttpApi.Builder> settings) {
        return new ApiHarness(Lifetime.CLASS, settings);
    }

    /** A fresh server for each test, whose builder {@code settings} may change before it starts. */
    static ApiHarness forEachTest(Consumer<HttpApi.Builder> settings) {
        return new ApiHarness(Lifetime.TEST, settings);
    }

    /** A server each test starts with {@link #start(Consumer)} when it knows its settings, closed after it. */
    static ApiHarness startedByEachTest() {
        return new ApiHarness(Lifetime.STARTED_BY_THE_TEST, builder -> {});
    }

    /** A server started now, for a test that needs one of its own beside the class's (try-with-resources). */
    static ApiHarness started(Consumer<HttpApi.Builder> settings) {
        ApiHarness harness = new ApiHarness(Lifetime.STARTED_BY_THE_TEST, builder -> {});
        return harness.start(settings);
    }

    /** Starts the server over the fakes; {@code settings} may change the builder (they run after the defaults). */
    ApiHarness start(Consumer<HttpApi.Builder> settings) {
        if (api != null) throw new IllegalStateException("already started");
        HttpApi.Builder builder = HttpApi.builder()
                .machineTransactions(transactions)
                .apps(apps)
                .quotes(quotes)
                .destinationProbe(probe)
                .operator(operator)
                .transactionLog(store)
                .simulatedPayments(Optional.of(payments))
                .adminToken(ADMIN_TOKEN)
                .publicUrl(PUBLIC_URL)
                .defaultCurrency(Currency.getInstance("USD"))
                .meterRegistry(registry)
                .healthCheck(healthy::get)
                .stopTimeout(Duration.ofSeconds(5));
        settings.accept(builder);
        api = builder.build();
        int port = api.start(0);
        base = URI.create("http://127.0.0.1:" + port);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (lifetime == Lifetime.CLASS) start(settings);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (lifetime == Lifetime.CLASS) reset();
        if (lifetime == Lifetime.TEST) start(settings);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (lifetime != Lifetime.CLASS) close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (lifetime == Lifetime.CLASS) close();
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

    /** Closes the server, if it was started; the harness may be started again. */
    @Override
    public void close() {
        if (api == null) return;
        api.close();
        api = null;
    }
}
