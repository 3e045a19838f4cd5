package org.lnteller.adapter.galoy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
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
 * Pushed invoice updates: Blink's {@code myUpdates} subscription over the graphql-transport-ws
 * protocol ({@code connection_init} with {@code X-API-KEY} in its payload, {@code connection_ack},
 * {@code subscribe}, {@code next}, {@code error}, {@code complete}, {@code ping}/{@code pong}).
 *
 * <p>Why {@code myUpdates} and not {@code lnInvoicePaymentStatusByHash}: one stream carries every
 * invoice of the account, so there is no subscription to open per invoice, and invoices issued by
 * another server instance on the same wallet are heard too.
 *
 * <p>The socket connects while at least one listener is subscribed, and reconnects after any loss
 * (close, error, {@code complete}, a ping left unanswered for {@code callTimeout}) with a backoff
 * doubling from {@code wsReconnectMin} to {@code wsReconnectMax}, with jitter. Updates sent while
 * the socket was down are lost by the protocol, so every {@code connection_ack} is followed by a
 * catch-up: the invoices this instance issued that are still pending are read once by hash, and
 * those found paid are pushed. A listener therefore hears of a payment at the latest one reconnect
 * after it, and polling {@code invoiceStatus} stays correct without any of this.
 *
 * <p>Threading: socket events arrive on the HttpClient's threads; reconnects, pings and catch-ups
 * run on one scheduler thread; listeners are called on one delivery thread, in order.
 */
final class InvoicePush implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvoicePush.class);
    static final String SUBPROTOCOL = "graphql-transport-ws";

    private final GaloySettings settings;
    private final HttpClient http;
    private final ObjectMapper json;
    /** Reads an invoice's status (with the read retries); used by the catch-up. */
    private final Function<PaymentHash, InvoiceStatus> statusReader;

    private final Clock clock;
    private final Random random;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService delivery;

    private final List<Consumer<InvoiceUpdate>> listeners = new CopyOnWriteArrayList<>();
    /** Invoices this instance issued and has not seen settle, with their expiry. */
    private final Map<PaymentHash, Instant> watched = new ConcurrentHashMap<>();

    /** Guards the connection state below. */
    private final Object lock = new Object();

    private boolean running;
    private boolean closed;
    /** Numbers each connection, so that callbacks of an old socket are ignored. */
    private long generation;

    private @Nullable Connection connection;
    private Duration nextDelay;
    private @Nullable ScheduledFuture<?> pending;
    private int connects;

    InvoicePush(
            GaloySettings settings,
            HttpClient http,
            ObjectMapper json,
            Function<PaymentHash, InvoiceStatus> statusReader,
            Clock clock,
            Random random) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.statusReader = statusReader;
        this.clock = clock;
        this.random = random;
        this.nextDelay = settings.wsReconnectMin();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("galoy-push"));
        this.delivery = Executors.newSingleThreadExecutor(daemon("galoy-push-delivery"));
    }

    /** Remembers an invoice this instance issued, for the catch-up after a reconnect. */
    void watch(PaymentHash hash, Instant expiresAt) {
        Instant now = clock.instant();
        watched.values().removeIf(expiry -> expiry.isBefore(now));
        watched.put(hash, expiresAt);
    }

    /** Adds a listener, connecting if it is the first. The handle removes it; the last one out disconnects. */
    AutoCloseable subscribe(Consumer<InvoiceUpdate> listener) {
        Objects.requireNonNull(listener, "listener");
        Consumer<InvoiceUpdate> own =
                update -> listener.accept(update); // an identity of its own, so closing removes only it
        listeners.add(own);
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the Galoy backend is closed");
            if (!running) {
                running = true;
                nextDelay = settings.wsReconnectMin();
                connect();
            }
        }
        return () -> unsubscribe(own);
    }

    private void unsubscribe(Consumer<InvoiceUpdate> listener) {
        listeners.remove(listener);
        synchronized (lock) {
            if (listeners.isEmpty() && running) {
                running = false;
                stop();
            }
        }
    }

    /** How many times a socket was opened and acknowledged; for tests and diagnostics. */
    int connects() {
        synchronized (lock) {
            return connects;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            running = false;
            stop();
        }
        listeners.clear();
        scheduler.shutdownNow();
        delivery.shutdownNow();
    }

    // ---------------------------------------------------------------- connection lifecycle (under lock)

    // FutureReturnValueIgnored: the socket's outcome is handled in whenComplete, and the acknowledgement timeout is a
    // scheduled side effect
    @SuppressWarnings("FutureReturnValueIgnored")
    private void connect() {
        long gen = ++generation;
        Connection c = new Connection(gen);
        connection = c;
        log.debug("Connecting Blink subscription #{} to {}", gen, settings.wsEndpoint());
        http.newWebSocketBuilder()
                .connectTimeout(settings.connectTimeout())
                .subprotocols(SUBPROTOCOL)
                .buildAsync(settings.wsEndpoint(), c)
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        lost(gen, "cannot open the socket: " + rootMessage(failure));
                        return;
                    }
                    c.opened(ws);
                });
        // an acknowledgement that never comes is a lost connection too
        schedule(
                () -> {
                    if (!c.acked) c.abort("no connection_ack within " + settings.callTimeout());
                },
                settings.connectTimeout().plus(settings.callTimeout()));
    }

    private void stop() {
        if (pending != null) pending.cancel(false);
        pending = null;
        Connection c = connection;
        connection = null;
        generation++;
        if (c != null) c.closeQuietly();
    }

    /** The connection {@code gen} is gone; reconnect after the backoff if still wanted. */
    private void lost(long gen, String why) {
        lost(gen, why, false);
    }

    /** {@code refused}: Blink refused the key; retrying soon cannot help, so wait the longest. */
    private void lost(long gen, String why, boolean refused) {
        synchronized (lock) {
            if (gen != generation || !running) return;
            Connection c = connection;
            connection = null;
            generation++;
            if (c != null) c.closeQuietly();
            if (refused) nextDelay = settings.wsReconnectMax();
            Duration wait = jittered(nextDelay);
            nextDelay = min(nextDelay.multipliedBy(2), settings.wsReconnectMax());
            if (refused) {
                log.error(
                        "Blink refused the API key on the subscription socket ({}); retrying in {} ms",
                        why,
                        wait.toMillis());
            } else {
                log.warn("Blink subscription lost ({}); reconnecting in {} ms", why, wait.toMillis());
            }
            if (pending != null) pending.cancel(false);
            pending = schedule(
                    () -> {
                        synchronized (lock) {
                            if (running && connection == null) connect();
                        }
                    },
                    wait);
        }
    }

    private void acknowledged(long gen) {
        synchronized (lock) {
            if (gen != generation || !running) return;
            connects++;
            nextDelay = settings.wsReconnectMin();
        }
        log.info("Blink subscription #{} is up", gen);
        scheduler.execute(this::catchUp);
    }

    private Duration jittered(Duration d) {
        long millis = d.toMillis();
        return Duration.ofMillis(millis / 2 + (long) (random.nextDouble() * (millis - millis / 2 + 1)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private @Nullable ScheduledFuture<?> schedule(Runnable task, Duration after) {
        try {
            return scheduler.schedule(task, Math.max(1, after.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return null;
        }
    }

    // ---------------------------------------------------------------- updates

    /** Reads the pending invoices this instance issued and pushes those that settled meanwhile. */
    // ModifyCollectionInEnhancedForLoop: watched is a ConcurrentHashMap, whose iterators tolerate removal
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
    private void catchUp() {
        Instant now = clock.instant();
        for (Map.Entry<PaymentHash, Instant> e : watched.entrySet()) {
            if (!isRunning()) return;
            if (e.getValue().isBefore(now)) {
                watched.remove(e.getKey());
                continue;
            }
            try {
                InvoiceStatus status = statusReader.apply(e.getKey());
                if (status == InvoiceStatus.PAID || status == InvoiceStatus.EXPIRED) {
                    deliver(new InvoiceUpdate(e.getKey(), status));
                }
            } catch (RuntimeException failed) {
                // the poll of the invoice monitor will see it; the catch-up is only a shortcut
                log.warn("Catch-up read of invoice {} failed: {}", e.getKey(), failed.getMessage());
            }
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    private void deliver(InvoiceUpdate update) {
        if (update.status() != InvoiceStatus.PENDING) watched.remove(update.paymentHash());
        try {
            delivery.execute(() -> {
                for (Consumer<InvoiceUpdate> l : listeners) {
                    try {
                        l.accept(update);
                    } catch (RuntimeException e) {
                        // one faulty listener must not keep the others from hearing
                        log.warn("An invoice update listener failed on {}", update, e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            log.debug("Dropped {}: the backend is closing", update);
        }
    }

    /** One {@code next} of {@code myUpdates}: a received Lightning payment of the configured wallet becomes an update. */
    private void onNext(JsonNode payload) {
        JsonNode myUpdates = payload.path("data").path("myUpdates");
        List<BlinkError> errors = BlinkError.listFrom(payload.get("errors"));
        errors.addAll(BlinkError.listFrom(myUpdates.get("errors")));
        if (!errors.isEmpty()) log.warn("Blink subscription reported: {}", BlinkError.describe(errors));
        JsonNode update = myUpdates.path("update");
        if (!"LnUpdate".equals(update.path("__typename").asText())) return;
        String wallet = update.path("walletId").asText(null);
        if (wallet != null && !wallet.equals(settings.walletId())) return;
        if ("SEND".equals(update.path("transaction").path("direction").asText())) return;
        String hashHex = update.path("transaction")
                .path("initiationVia")
                .path("paymentHash")
                .asText(null);
        Optional<InvoiceStatus> status = statusOf(update.path("status").asText(""));
        if (hashHex == null || status.isEmpty()) {
            log.warn("Blink pushed an LnUpdate without a payment hash or status; ignored");
            return;
        }
        PaymentHash hash;
        try {
            hash = PaymentHash.fromHex(hashHex);
        } catch (IllegalArgumentException e) {
            log.warn("Blink pushed an LnUpdate with a malformed payment hash; ignored");
            return;
        }
        log.debug("Blink pushed {} for invoice {}", status.get(), hash);
        deliver(new InvoiceUpdate(hash, status.get()));
    }

    static Optional<InvoiceStatus> statusOf(String blinkStatus) {
        return switch (blinkStatus) {
            case "PAID" -> Optional.of(InvoiceStatus.PAID);
            case "PENDING" -> Optional.of(InvoiceStatus.PENDING);
            case "EXPIRED" -> Optional.of(InvoiceStatus.EXPIRED);
            default -> Optional.empty();
        };
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- one socket

    /** One socket and its protocol state. Callbacks arrive one at a time (the JDK's WebSocket contract). */
    private final class Connection implements WebSocket.Listener {
        private final long gen;
        private final StringBuilder partial = new StringBuilder();
        private volatile @Nullable WebSocket ws;
        private volatile boolean acked;
        /** When the last unanswered ping was sent; null when every ping was answered. */
        private volatile @Nullable Instant pingSent;
        /** Sends one after another: the JDK refuses a send while the previous one is in progress. */
        private CompletableFuture<WebSocket> sends = CompletableFuture.completedFuture(null);

        Connection(long gen) {
            this.gen = gen;
        }

        void opened(WebSocket socket) {
            this.ws = socket;
            synchronized (lock) {
                if (gen != generation) {
                    closeQuietly();
                    return;
                }
            }
            ObjectNode init = json.createObjectNode();
            init.put("type", "connection_init");
            init.putObject("payload").put("X-API-KEY", settings.apiKey());
            send(init);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    handle(json.readTree(text));
                } catch (Exception e) {
                    log.warn("Unreadable message on the Blink subscription: {}", e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        private void handle(JsonNode message) {
            String type = message.path("type").asText("");
            switch (type) {
                case "connection_ack" -> {
                    acked = true;
                    ObjectNode subscribe = json.createObjectNode();
                    subscribe.put("id", "myUpdates-" + gen);
                    subscribe.put("type", "subscribe");
                    ObjectNode payload = subscribe.putObject("payload");
                    payload.put("query", Operations.MY_UPDATES.document());
                    payload.put("operationName", Operations.MY_UPDATES.name());
                    send(subscribe);
                    acknowledged(gen);
                    schedulePing();
                }
                case "next" -> onNext(message.path("payload"));
                case "error" ->
                    lost(
                            gen,
                            "the server refused the subscription: "
                                    + BlinkError.describe(BlinkError.listFrom(message.path("payload"))));
                case "complete" -> lost(gen, "the server completed the subscription");
                case "ping" -> {
                    ObjectNode pong = json.createObjectNode();
                    pong.put("type", "pong");
                    send(pong);
                }
                case "pong" -> pingSent = null;
                default -> log.debug("Ignored a '{}' message on the Blink subscription", type);
            }
        }

        // FutureReturnValueIgnored: a ping is a scheduled side effect; a closed scheduler (null) means the push is
        // closing
        @SuppressWarnings("FutureReturnValueIgnored")
        private void schedulePing() {
            schedule(
                    () -> {
                        if (!isCurrent()) return;
                        if (pingSent != null) return;
                        pingSent = clock.instant();
                        ObjectNode ping = json.createObjectNode();
                        ping.put("type", "ping");
                        send(ping);
                        Instant sent = pingSent;
                        schedule(
                                () -> {
                                    if (isCurrent() && sent.equals(pingSent))
                                        abort("no pong within " + settings.callTimeout());
                                },
                                settings.callTimeout());
                        schedulePing();
                    },
                    settings.wsPingInterval());
        }

        private boolean isCurrent() {
            synchronized (lock) {
                return gen == generation && running;
            }
        }

        private synchronized void send(ObjectNode message) {
            WebSocket socket = ws;
            if (socket == null) return;
            String text = message.toString();
            sends = sends.handle((ok, failed) -> null)
                    .thenCompose(ignored -> socket.sendText(text, true))
                    .whenComplete((ok, failed) -> {
                        // the message may hold the API key: name its type only
                        if (failed != null)
                            lost(gen, "cannot send " + message.path("type").asText() + ": " + rootMessage(failed));
                    });
        }

        void abort(String why) {
            WebSocket socket = ws;
            if (socket != null) socket.abort();
            lost(gen, why);
        }

        // FutureReturnValueIgnored: abort() is all that follows the close, and a failed close needs nothing more
        @SuppressWarnings("FutureReturnValueIgnored")
        void closeQuietly() {
            WebSocket socket = ws;
            if (socket == null) return;
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((ok, failed) -> socket.abort());
            } catch (RuntimeException e) {
                socket.abort();
            }
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            // graphql-transport-ws: 4401 Unauthorized, 4403 Forbidden (a key Blink does not accept)
            lost(
                    gen,
                    "closed by the server (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason)
                            + ")",
                    statusCode == 4401 || statusCode == 4403);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(gen, rootMessage(error));
        }
    }
}
