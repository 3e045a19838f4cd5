package org.lnteller.adapter.lnd;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.lnteller.adapter.lnd.RestClient.Event;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushed invoice updates: {@code GET /v1/invoices/subscribe}, one long response of
 * {@code {"result": Invoice}} lines, kept open while at least one listener is subscribed.
 *
 * <p>Lossless across reconnects: every invoice carries lnd's {@code settle_index} (and
 * {@code add_index}), and each reconnect asks for {@code settle_index=<highest seen>}, for which
 * lnd first replays every invoice settled after it, then goes on live. The first connection asks
 * for nothing old (the invoice monitor's poll covers what happened before this process ran).
 * A stream that delivers nothing for {@link #IDLE_REOPEN} is reopened, so a connection that died
 * without a word (no RST) is not trusted for ever. Reconnects back off from {@code reconnectMin}
 * to {@code reconnectMax}, doubling, with jitter.
 *
 * <p>Threading: one daemon thread reads the stream and calls the listeners, in order; a listener
 * must not block.
 */
final class InvoiceStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvoiceStream.class);
    static final Duration IDLE_REOPEN = Duration.ofMinutes(10);

    private final LndSettings settings;
    private final RestClient client;
    private final Random random;
    private final List<Consumer<InvoiceUpdate>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private @Nullable ExecutorService thread;
    private volatile RestClient.@Nullable Lines current;
    private volatile boolean closed;
    /** The highest {@code settle_index} and {@code add_index} seen; 0 before any. */
    private volatile long settleIndex;

    private volatile long addIndex;
    private final AtomicInteger connects = new AtomicInteger();

    InvoiceStream(LndSettings settings, RestClient client, Random random) {
        this.settings = settings;
        this.client = client;
        this.random = random;
    }

    AutoCloseable subscribe(Consumer<InvoiceUpdate> listener) {
        Objects.requireNonNull(listener, "listener");
        Consumer<InvoiceUpdate> own =
                update -> listener.accept(update); // an identity of its own, so closing removes only it
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the LND backend is closed");
            listeners.add(own);
            if (thread == null) {
                thread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "lnd-invoice-stream");
                    t.setDaemon(true);
                    return t;
                });
                thread.execute(this::run);
            }
        }
        return () -> unsubscribe(own);
    }

    private void unsubscribe(Consumer<InvoiceUpdate> listener) {
        synchronized (lock) {
            listeners.remove(listener);
            if (listeners.isEmpty()) stop();
        }
    }

    /** How many times the stream was opened; for tests and diagnostics. */
    int connects() {
        return connects.get();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            listeners.clear();
            stop();
        }
    }

    private void stop() {
        ExecutorService t = thread;
        thread = null;
        if (t != null) t.shutdownNow();
        RestClient.Lines c = current;
        if (c != null) c.close();
    }

    private boolean wanted() {
        synchronized (lock) {
            return !closed && !listeners.isEmpty() && !Thread.currentThread().isInterrupted();
        }
    }

    private void run() {
        Duration delay = settings.reconnectMin();
        while (wanted()) {
            String path = "/v1/invoices/subscribe"
                    + (settleIndex > 0 || addIndex > 0
                            ? "?add_index=" + addIndex + "&settle_index=" + settleIndex
                            : "");
            boolean heard = false;
            String why;
            try (RestClient.Lines lines = client.stream("GET", path, null)) {
                current = lines;
                connects.incrementAndGet();
                log.debug("LND invoice stream #{} opened (settle_index {})", connects.get(), settleIndex);
                while (true) {
                    Optional<Event> next = lines.next(IDLE_REOPEN);
                    if (next.isEmpty()) {
                        why = "silent for " + IDLE_REOPEN;
                        break;
                    }
                    // a message is handled here; the stream's end says why it ended
                    Optional<String> over = next.get()
                            .fold(
                                    message -> {
                                        onInvoice(message.result());
                                        return Optional.empty();
                                    },
                                    error -> Optional.of(
                                            "lnd ended it: " + error.error().message()),
                                    ended -> Optional.of(ended.why().message()));
                    if (over.isPresent()) {
                        why = over.get();
                        break;
                    }
                    if (!heard) log.info("LND invoice stream is up");
                    heard = true;
                    delay = settings.reconnectMin();
                }
            } catch (InterruptedException stopping) {
                return;
            }
            if (!wanted()) return;
            Duration wait = jittered(delay);
            delay = min(delay.multipliedBy(2), settings.reconnectMax());
            log.warn(
                    "LND invoice stream lost ({}); reconnecting in {} ms with catch-up from settle_index {}",
                    why,
                    wait.toMillis(),
                    settleIndex);
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException stopping) {
                return;
            }
        }
    }

    /** One invoice of the stream: its indexes are remembered, a settled or cancelled one is pushed. */
    private void onInvoice(JsonNode invoice) {
        settleIndex = Math.max(settleIndex, invoice.path("settle_index").asLong(0));
        addIndex = Math.max(addIndex, invoice.path("add_index").asLong(0));
        Optional<InvoiceStatus> status =
                LndBackend.statusOfState(invoice.path("state").asText(""));
        if (status.isEmpty() || status.get() == InvoiceStatus.PENDING) return;
        LndBackend.hashOf(invoice)
                .ifPresentOrElse(
                        hash -> {
                            InvoiceUpdate update = new InvoiceUpdate(hash, status.get());
                            log.debug("LND pushed {} for invoice {}", status.get(), hash);
                            for (Consumer<InvoiceUpdate> l : listeners) {
                                try {
                                    l.accept(update);
                                } catch (RuntimeException failed) {
                                    // one faulty listener must not keep the others from hearing
                                    log.warn("An invoice update listener failed on {}", update, failed);
                                }
                            }
                        },
                        () -> log.warn("LND pushed an invoice without a readable r_hash; ignored"));
    }

    private Duration jittered(Duration d) {
        long millis = d.toMillis();
        return Duration.ofMillis(millis / 2 + (long) (random.nextDouble() * (millis - millis / 2 + 1)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
