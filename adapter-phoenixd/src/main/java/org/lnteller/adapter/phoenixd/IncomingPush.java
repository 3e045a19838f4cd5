package org.lnteller.adapter.phoenixd;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.model.PaymentHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushed incoming payments: phoenixd's {@code /websocket}, which sends every event of the node as
 * a JSON text frame; {@code {"type":"payment_received","paymentHash":"...","amountSat":...}} is the
 * one read here (others are ignored). Authenticated with the same HTTP Basic header as the API.
 *
 * <p>The socket is open while at least one listener is subscribed, and reconnects after any loss
 * (close, error, a node restart) with a wait doubling from {@code wsReconnectMin} to
 * {@code wsReconnectMax}. phoenixd does not replay events sent while no socket was open, so each
 * (re)connect is followed by a catch-up: the invoices this instance issued that are still pending
 * are read once by hash, and those found paid (or expired) are pushed. Polling stays correct
 * without any of this.
 *
 * <p>Threading: socket callbacks run on the HttpClient's threads; reconnects and catch-ups on one
 * scheduler thread; listeners are called on one delivery thread, in order.
 */
final class IncomingPush implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IncomingPush.class);

    private final PhoenixdSettings settings;
    private final HttpClient http;
    private final PhoenixdHttp api;
    private final Function<PaymentHash, InvoiceStatus> statusReader;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService delivery;
    private final List<Consumer<InvoiceUpdate>> listeners = new CopyOnWriteArrayList<>();
    /** Invoices this instance issued and has not seen settle, with their expiry. */
    private final Map<PaymentHash, Instant> watched = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private boolean closed;
    private long generation;
    private @Nullable WebSocket socket;
    private Duration nextDelay;
    private @Nullable ScheduledFuture<?> reconnect;
    private int connects;

    IncomingPush(
            PhoenixdSettings settings,
            HttpClient http,
            PhoenixdHttp api,
            Function<PaymentHash, InvoiceStatus> statusReader,
            Clock clock) {
        this.settings = settings;
        this.http = http;
        this.api = api;
        this.statusReader = statusReader;
        this.clock = clock;
        this.nextDelay = settings.wsReconnectMin();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "phoenixd-push"));
        this.delivery = Executors.newSingleThreadExecutor(r -> daemon(r, "phoenixd-push-delivery"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Remembers an invoice for the catch-up after a reconnect, until it settles or expires. */
    void watch(PaymentHash hash, Instant expiresAt) {
        // invoices settled by polling are never pushed: forget those long expired, so the map stays bounded
        Instant forgotten = clock.instant().minus(Duration.ofMinutes(1));
        watched.values().removeIf(expiry -> expiry.isBefore(forgotten));
        watched.put(hash, expiresAt);
    }

    AutoCloseable subscribe(Consumer<InvoiceUpdate> listener) {
        listeners.add(listener);
        synchronized (lock) {
            if (!closed && socket == null && reconnect == null)
                reconnect = scheduler.schedule(this::connect, 0, TimeUnit.MILLISECONDS);
        }
        return () -> {
            listeners.remove(listener);
            if (listeners.isEmpty()) disconnect();
        };
    }

    int connects() {
        synchronized (lock) {
            return connects;
        }
    }

    private URI wsUri() {
        URI base = settings.url();
        String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
        String path = base.getPath() == null ? "" : base.getPath();
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return URI.create(scheme + "://" + base.getRawAuthority() + path + "/websocket");
    }

    // FutureReturnValueIgnored: the socket's outcome is handled in whenComplete
    @SuppressWarnings("FutureReturnValueIgnored")
    private void connect() {
        long gen;
        synchronized (lock) {
            reconnect = null;
            if (closed || listeners.isEmpty() || socket != null) return;
            gen = ++generation;
        }
        URI uri = wsUri();
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(settings.connectTimeout())
                .header("Authorization", api.authorization())
                .buildAsync(uri, new Listener(gen));
        opening.whenComplete((ws, error) -> {
            if (error != null) {
                log.warn("phoenixd websocket {} could not open ({}); polling covers meanwhile", uri, describe(error));
                lost(gen);
                return;
            }
            boolean keep;
            synchronized (lock) {
                keep = !closed && gen == generation && !listeners.isEmpty();
                if (keep) {
                    socket = ws;
                    connects++;
                    nextDelay = settings.wsReconnectMin();
                }
            }
            if (!keep) {
                ws.abort();
                return;
            }
            log.info("phoenixd websocket open at {}", uri);
            scheduler.execute(this::catchUp);
        });
    }

    /** Reads every watched invoice once; pushes those that settled or expired while no socket listened. */
    // ModifyCollectionInEnhancedForLoop: watched is a ConcurrentHashMap, whose iterators tolerate removal
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
    private void catchUp() {
        Instant now = clock.instant();
        for (Map.Entry<PaymentHash, Instant> e : watched.entrySet()) {
            PaymentHash hash = e.getKey();
            try {
                InvoiceStatus status = statusReader.apply(hash);
                if (status == InvoiceStatus.PAID
                        || status == InvoiceStatus.EXPIRED
                        || status == InvoiceStatus.NOT_FOUND) {
                    watched.remove(hash);
                    if (status != InvoiceStatus.NOT_FOUND) deliver(new InvoiceUpdate(hash, status));
                } else if (e.getValue().isBefore(now.minus(Duration.ofMinutes(1)))) {
                    watched.remove(hash);
                }
            } catch (RuntimeException ex) {
                log.debug("catch-up read of {} failed ({}); the monitor's polling covers it", hash, ex.getMessage());
            }
        }
    }

    private void onText(String text) {
        JsonNode event;
        try {
            event = api.json().readTree(text);
        } catch (Exception e) {
            log.warn("phoenixd websocket sent a frame that is not JSON; ignored");
            return;
        }
        if (!"payment_received".equals(event.path("type").asText())) return;
        String hex = event.path("paymentHash").asText("");
        PaymentHash hash;
        try {
            hash = PaymentHash.fromHex(hex);
        } catch (IllegalArgumentException e) {
            log.warn("phoenixd pushed a payment_received without a readable paymentHash; ignored");
            return;
        }
        watched.remove(hash);
        log.debug(
                "phoenixd pushed payment_received for {} ({} sat)",
                hash,
                event.path("amountSat").asText("?"));
        deliver(new InvoiceUpdate(hash, InvoiceStatus.PAID));
    }

    private void deliver(InvoiceUpdate update) {
        delivery.execute(() -> {
            for (Consumer<InvoiceUpdate> l : listeners) {
                try {
                    l.accept(update);
                } catch (RuntimeException e) {
                    log.warn("an invoice update listener failed on {}", update, e);
                }
            }
        });
    }

    /** The socket of {@code gen} is gone: schedule the next connection. */
    private void lost(long gen) {
        synchronized (lock) {
            if (gen != generation) return;
            socket = null;
            if (closed || listeners.isEmpty() || reconnect != null) return;
            Duration delay = nextDelay;
            nextDelay = nextDelay.multipliedBy(2).compareTo(settings.wsReconnectMax()) > 0
                    ? settings.wsReconnectMax()
                    : nextDelay.multipliedBy(2);
            reconnect = scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void disconnect() {
        WebSocket ws;
        synchronized (lock) {
            generation++;
            ws = socket;
            socket = null;
            if (reconnect != null) reconnect.cancel(false);
            reconnect = null;
        }
        if (ws != null) ws.abort();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        disconnect();
        scheduler.shutdownNow();
        delivery.shutdown();
    }

    private static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c != c.getCause()) c = c.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /** One socket's callbacks; those of an old generation only end it. */
    private final class Listener implements WebSocket.Listener {
        private final long gen;
        private final StringBuilder partial = new StringBuilder();

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                IncomingPush.this.onText(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            log.warn("phoenixd websocket closed ({} {}); reconnecting", statusCode, reason);
            lost(gen);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            log.warn("phoenixd websocket lost ({}); reconnecting", describe(error));
            lost(gen);
        }
    }
}
