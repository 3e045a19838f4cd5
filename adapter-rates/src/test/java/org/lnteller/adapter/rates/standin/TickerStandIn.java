package org.lnteller.adapter.rates.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A public ticker on a free loopback port, answering exactly as the exchange documents it (one
 * stand-in per exchange, so each has a base URL of its own). Prices are set per currency; a
 * currency without one is answered as the exchange answers an unknown pair. Any other path, a
 * method other than GET, a query it does not expect: 404 and a recorded {@link #violations()}.
 *
 * <p>Faults: {@link #lieBy} (a price off by a percentage), {@link #observedAt} (the time the
 * answer claims, for a stale one), {@link #delay} (an answer slower than any timeout),
 * {@link #status} (an error status instead of an answer).
 *
 * <p>The answers (fields, types, key names) follow the documentation: Kraken's
 * {@code GET /0/public/Ticker} ({@code {"error":[],"result":{"XXBTZUSD":{"a":[..],"b":[..],"c":[..],
 * "v":[..],"p":[..],"t":[..],"l":[..],"h":[..],"o":".."}}}}), Bitstamp's
 * {@code GET /api/v2/ticker/{pair}/} (strings, {@code timestamp} in Unix seconds), and the Coinbase
 * Exchange {@code GET /products/{id}/ticker} ({@code price}, {@code time} ISO-8601, {@code trade_id}).
 */
public final class TickerStandIn implements AutoCloseable {
    public enum Exchange {
        KRAKEN,
        BITSTAMP,
        COINBASE
    }

    private static final Pattern KRAKEN = Pattern.compile("/0/public/Ticker");
    private static final Pattern BITSTAMP = Pattern.compile("/api/v2/ticker/btc([a-z]{3})/");
    private static final Pattern COINBASE = Pattern.compile("/products/BTC-([A-Z]{3})/ticker");
    /** Kraken's legacy pair names for the currencies it listed first. */
    private static final Set<String> KRAKEN_LEGACY = Set.of("USD", "EUR", "GBP", "CAD", "JPY");

    private final Exchange exchange;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ticker-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, BigDecimal> prices = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile BigDecimal liePercent = BigDecimal.ZERO;
    private volatile Instant observedAt;
    private volatile Duration delay = Duration.ZERO;
    private volatile int status = 200;

    private TickerStandIn(Exchange exchange, Clock clock) {
        this.exchange = exchange;
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A stand-in of {@code exchange} whose answers are dated by {@code clock} unless {@link #observedAt} says otherwise. */
    public static TickerStandIn of(Exchange exchange, Clock clock) {
        return new TickerStandIn(exchange, clock);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Quotes {@code fiatPerBtc} for {@code currency} (e.g. "USD", "60000.5"). */
    public TickerStandIn price(String currency, String fiatPerBtc) {
        prices.put(currency, new BigDecimal(fiatPerBtc));
        return this;
    }

    /** Every price answered is off by {@code percent} (20 = 20 % too dear). */
    public TickerStandIn lieBy(int percent) {
        liePercent = BigDecimal.valueOf(percent);
        return this;
    }

    /** The answers claim to be from {@code instant} (Bitstamp's timestamp, Coinbase's last trade); null for now. */
    public TickerStandIn observedAt(Instant instant) {
        observedAt = instant;
        return this;
    }

    /** Each answer waits this long before it is sent. */
    public TickerStandIn delay(Duration d) {
        delay = d;
        return this;
    }

    /** Answers this HTTP status (e.g. 503) with an error body instead of a ticker; 200 to recover. */
    public TickerStandIn status(int code) {
        status = code;
        return this;
    }

    public int requests() {
        return requests.get();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            if (!"GET".equals(ex.getRequestMethod())) {
                violations.add(ex.getRequestMethod() + " " + ex.getRequestURI());
                send(ex, 405, "{\"error\":[\"EGeneral:Invalid arguments\"]}");
                return;
            }
            if (status != 200) {
                send(ex, status, "{\"message\":\"service unavailable\"}");
                return;
            }
            switch (exchange) {
                case KRAKEN -> kraken(ex, path, query);
                case BITSTAMP -> bitstamp(ex, path, query);
                case COINBASE -> coinbase(ex, path, query);
            }
        }
    }

    private void kraken(HttpExchange ex, String path, String query) throws IOException {
        if (!KRAKEN.matcher(path).matches() || query == null || !query.matches("pair=XBT[A-Z]{3}")) {
            violations.add("GET " + ex.getRequestURI());
            send(ex, 404, "{\"error\":[\"EGeneral:Unknown method\"]}");
            return;
        }
        String ccy = query.substring("pair=XBT".length());
        BigDecimal p = priceOf(ccy);
        if (p == null) {
            send(ex, 200, "{\"error\":[\"EQuery:Unknown asset pair\"]}");
            return;
        }
        String key = KRAKEN_LEGACY.contains(ccy) ? "XXBTZ" + ccy : "XBT" + ccy;
        String v = p.toPlainString();
        send(
                ex,
                200,
                "{\"error\":[],\"result\":{\"" + key + "\":{\"a\":[\"" + v + "\",\"1\",\"1.000\"],\"b\":[\"" + v
                        + "\",\"1\",\"1.000\"],\"c\":[\"" + v
                        + "\",\"0.00067643\"],\"v\":[\"1912.35851398\",\"3061.87431306\"],\"p\":[\""
                        + v + "\",\"" + v + "\"],\"t\":[21087,33574],\"l\":[\"" + v + "\",\"" + v + "\"],\"h\":[\"" + v
                        + "\",\"" + v
                        + "\"],\"o\":\"" + v + "\"}}}");
    }

    private void bitstamp(HttpExchange ex, String path, String query) throws IOException {
        Matcher m = BITSTAMP.matcher(path);
        if (!m.matches() || query != null) {
            violations.add("GET " + ex.getRequestURI());
            send(ex, 404, "<html><body>Not found</body></html>");
            return;
        }
        BigDecimal p = priceOf(m.group(1).toUpperCase(Locale.ROOT));
        if (p == null) {
            send(ex, 404, "<html><body>Not found</body></html>");
            return;
        }
        String v = p.toPlainString();
        send(
                ex,
                200,
                "{\"timestamp\": \"" + when().getEpochSecond() + "\", \"open\": \"" + v + "\", \"high\": \"" + v
                        + "\", \"low\": \"" + v + "\", \"last\": \"" + v
                        + "\", \"volume\": \"1234.56789012\", \"vwap\": \"" + v
                        + "\", \"bid\": \"" + v + "\", \"ask\": \"" + v + "\", \"side\": \"0\", \"open_24\": \"" + v
                        + "\", \"percent_change_24\": \"0.52\"}");
    }

    private void coinbase(HttpExchange ex, String path, String query) throws IOException {
        Matcher m = COINBASE.matcher(path);
        if (!m.matches() || query != null) {
            violations.add("GET " + ex.getRequestURI());
            send(ex, 404, "{\"message\":\"NotFound\"}");
            return;
        }
        if (ex.getRequestHeaders().getFirst("User-Agent") == null) {
            // Coinbase's documented requirement
            violations.add("no User-Agent: " + ex.getRequestURI());
            send(ex, 400, "{\"message\":\"User-Agent header is required.\"}");
            return;
        }
        BigDecimal p = priceOf(m.group(1));
        if (p == null) {
            send(ex, 404, "{\"message\":\"NotFound\"}");
            return;
        }
        String v = p.toPlainString();
        send(
                ex,
                200,
                "{\"ask\":\"" + v + "\",\"bid\":\"" + v
                        + "\",\"volume\":\"53602.03940154\",\"trade_id\":86326522,\"price\":\"" + v
                        + "\",\"size\":\"0.00698254\",\"time\":\"" + when() + "\",\"rfq_volume\":\"123.122\"}");
    }

    private BigDecimal priceOf(String ccy) {
        BigDecimal p = prices.get(ccy);
        if (p == null) return null;
        return p.multiply(BigDecimal.ONE.add(liePercent.movePointLeft(2))).stripTrailingZeros();
    }

    private Instant when() {
        Instant at = observedAt;
        return at != null ? at : clock.instant();
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return exchange.name().toLowerCase(Locale.ROOT) + " stand-in at " + baseUrl();
    }
}
