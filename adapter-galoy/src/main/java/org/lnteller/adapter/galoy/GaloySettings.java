package org.lnteller.adapter.galoy;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the Blink (Galoy) account is and how patiently to talk to it.
 *
 * @param endpoint        the GraphQL endpoint over HTTPS, e.g. {@value #BLINK_ENDPOINT}
 * @param wsEndpoint      the GraphQL subscription endpoint (graphql-transport-ws), e.g. {@value #BLINK_WS_ENDPOINT}
 * @param apiKey          a Blink API key, sent as {@code X-API-KEY}; a secret, never shown by {@link #toString()}
 * @param walletId        the account's BTC wallet, which issues invoices and pays
 * @param callTimeout     how long one HTTP call may take, from sending the request to the whole answer
 * @param connectTimeout  how long opening a connection (HTTP or WebSocket) may take
 * @param readRetries     how often a read (status, balance, probe, rate) is retried after a transient
 *                        failure; 0 disables retries. Sends are never retried.
 * @param retryBase       the first retry's backoff; it doubles with each retry (with full jitter)
 * @param retryCap        the longest backoff between two retries
 * @param wsReconnectMin  the first wait before the subscription reconnects after losing its socket
 * @param wsReconnectMax  the longest wait between two reconnects (the wait doubles up to this)
 * @param wsPingInterval  how often the subscription pings the server; a ping unanswered within
 *                        {@code callTimeout} drops the socket and reconnects
 */
public record GaloySettings(
        URI endpoint,
        URI wsEndpoint,
        String apiKey,
        String walletId,
        Duration callTimeout,
        Duration connectTimeout,
        int readRetries,
        Duration retryBase,
        Duration retryCap,
        Duration wsReconnectMin,
        Duration wsReconnectMax,
        Duration wsPingInterval) {

    /** Blink's public GraphQL endpoint. */
    public static final String BLINK_ENDPOINT = "https://api.blink.sv/graphql";
    /** Blink's public subscription endpoint. */
    public static final String BLINK_WS_ENDPOINT = "wss://ws.blink.sv/graphql";

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_READ_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BASE = Duration.ofMillis(250);
    public static final Duration DEFAULT_RETRY_CAP = Duration.ofSeconds(5);
    public static final Duration DEFAULT_WS_RECONNECT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_WS_RECONNECT_MAX = Duration.ofSeconds(60);
    public static final Duration DEFAULT_WS_PING_INTERVAL = Duration.ofSeconds(30);

    public GaloySettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(wsEndpoint, "wsEndpoint");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(walletId, "walletId");
        requireScheme(endpoint, "endpoint", "http", "https");
        requireScheme(wsEndpoint, "wsEndpoint", "ws", "wss");
        if (apiKey.isBlank()) throw new IllegalArgumentException("a Blink API key is required");
        if (walletId.isBlank()) throw new IllegalArgumentException("a Blink wallet id is required");
        requirePositive(callTimeout, "callTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (readRetries < 0) throw new IllegalArgumentException("readRetries must not be negative: " + readRetries);
        requirePositive(retryBase, "retryBase");
        requirePositive(retryCap, "retryCap");
        if (retryCap.compareTo(retryBase) < 0) throw new IllegalArgumentException("retryCap is shorter than retryBase");
        requirePositive(wsReconnectMin, "wsReconnectMin");
        requirePositive(wsReconnectMax, "wsReconnectMax");
        if (wsReconnectMax.compareTo(wsReconnectMin) < 0) {
            throw new IllegalArgumentException("wsReconnectMax is shorter than wsReconnectMin");
        }
        requirePositive(wsPingInterval, "wsPingInterval");
    }

    /** The given account with every duration at its default. */
    public static GaloySettings of(URI endpoint, URI wsEndpoint, String apiKey, String walletId) {
        return new GaloySettings(
                endpoint,
                wsEndpoint,
                apiKey,
                walletId,
                DEFAULT_CALL_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_RETRIES,
                DEFAULT_RETRY_BASE,
                DEFAULT_RETRY_CAP,
                DEFAULT_WS_RECONNECT_MIN,
                DEFAULT_WS_RECONNECT_MAX,
                DEFAULT_WS_PING_INTERVAL);
    }

    /** The given account on Blink's public endpoints, every duration at its default. */
    public static GaloySettings blink(String apiKey, String walletId) {
        return of(URI.create(BLINK_ENDPOINT), URI.create(BLINK_WS_ENDPOINT), apiKey, walletId);
    }

    /**
     * A builder with every setting at its default except the API key and the wallet id (the endpoints
     * default to Blink's), which have none: an
     * embedder names the settings it changes instead of passing every one by position.
     * {@link Builder#build()} checks them as the constructor does.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint;
        b.wsEndpoint = wsEndpoint;
        b.apiKey = apiKey;
        b.walletId = walletId;
        b.callTimeout = callTimeout;
        b.connectTimeout = connectTimeout;
        b.readRetries = readRetries;
        b.retryBase = retryBase;
        b.retryCap = retryCap;
        b.wsReconnectMin = wsReconnectMin;
        b.wsReconnectMax = wsReconnectMax;
        b.wsPingInterval = wsPingInterval;
        return b;
    }

    /** Collects the settings of a {@link GaloySettings}; not thread-safe, meant for one thread's setup. */
    public static final class Builder {
        private URI endpoint = URI.create(BLINK_ENDPOINT);
        private URI wsEndpoint = URI.create(BLINK_WS_ENDPOINT);
        private @Nullable String apiKey;
        private @Nullable String walletId;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int readRetries = DEFAULT_READ_RETRIES;
        private Duration retryBase = DEFAULT_RETRY_BASE;
        private Duration retryCap = DEFAULT_RETRY_CAP;
        private Duration wsReconnectMin = DEFAULT_WS_RECONNECT_MIN;
        private Duration wsReconnectMax = DEFAULT_WS_RECONNECT_MAX;
        private Duration wsPingInterval = DEFAULT_WS_PING_INTERVAL;

        private Builder() {}

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder wsEndpoint(URI wsEndpoint) {
            this.wsEndpoint = wsEndpoint;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder walletId(String walletId) {
            this.walletId = walletId;
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readRetries(int readRetries) {
            this.readRetries = readRetries;
            return this;
        }

        public Builder retryBase(Duration retryBase) {
            this.retryBase = retryBase;
            return this;
        }

        public Builder retryCap(Duration retryCap) {
            this.retryCap = retryCap;
            return this;
        }

        public Builder wsReconnectMin(Duration wsReconnectMin) {
            this.wsReconnectMin = wsReconnectMin;
            return this;
        }

        public Builder wsReconnectMax(Duration wsReconnectMax) {
            this.wsReconnectMax = wsReconnectMax;
            return this;
        }

        public Builder wsPingInterval(Duration wsPingInterval) {
            this.wsPingInterval = wsPingInterval;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming a setting that is missing or out of range */
        public GaloySettings build() {
            return new GaloySettings(
                    endpoint,
                    wsEndpoint,
                    Objects.requireNonNull(apiKey, "apiKey"),
                    Objects.requireNonNull(walletId, "walletId"),
                    callTimeout,
                    connectTimeout,
                    readRetries,
                    retryBase,
                    retryCap,
                    wsReconnectMin,
                    wsReconnectMax,
                    wsPingInterval);
        }
    }

    public GaloySettings withTimeouts(Duration callTimeout, Duration connectTimeout) {
        return toBuilder()
                .callTimeout(callTimeout)
                .connectTimeout(connectTimeout)
                .build();
    }

    public GaloySettings withRetries(int readRetries, Duration retryBase, Duration retryCap) {
        return toBuilder()
                .readRetries(readRetries)
                .retryBase(retryBase)
                .retryCap(retryCap)
                .build();
    }

    public GaloySettings withReconnect(Duration wsReconnectMin, Duration wsReconnectMax, Duration wsPingInterval) {
        return toBuilder()
                .wsReconnectMin(wsReconnectMin)
                .wsReconnectMax(wsReconnectMax)
                .wsPingInterval(wsPingInterval)
                .build();
    }

    /** Everything but the API key. */
    @Override
    public String toString() {
        return "GaloySettings[endpoint=" + endpoint + ", wsEndpoint=" + wsEndpoint + ", apiKey=<redacted>, walletId="
                + walletId + ", callTimeout=" + callTimeout + ", connectTimeout=" + connectTimeout
                + ", readRetries=" + readRetries + ", retryBase=" + retryBase + ", retryCap=" + retryCap
                + ", wsReconnectMin=" + wsReconnectMin + ", wsReconnectMax=" + wsReconnectMax
                + ", wsPingInterval=" + wsPingInterval + "]";
    }

    private static void requireScheme(URI uri, String name, String... schemes) {
        String scheme = uri.getScheme();
        for (String s : schemes) {
            if (s.equalsIgnoreCase(scheme)) return;
        }
        throw new IllegalArgumentException(name + " must be a " + String.join(" or ", schemes) + " URI: " + uri);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
