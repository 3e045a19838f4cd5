package org.lnteller.adapter.phoenixd;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.model.Satoshi;

/**
 * Where phoenixd is, how to authenticate, how patiently to talk to it, and what the operator
 * allows it to spend on inbound liquidity.
 *
 * @param url              phoenixd's HTTP API, e.g. {@value #DEFAULT_URL} (phoenixd binds to loopback
 *                         by default); the websocket is {@code /websocket} on the same host
 * @param password         the full-access {@code http-password} of {@code phoenix.conf} (paying needs
 *                         full access); a secret, never shown by {@link #toString()}
 * @param callTimeout      how long one HTTP call other than a payment may take, answer included
 * @param connectTimeout   how long opening a connection (HTTP or websocket) may take
 * @param payWait          how long one {@code payinvoice} call is waited for. phoenixd answers only when
 *                         the payment has ended; past this wait the outcome is unknown and the payment
 *                         is reconciled through {@code payments/outgoingbyhash}, never sent again
 * @param readRetries      how often a read (status, balance, info) is retried after a transient failure;
 *                         0 disables retries. Payments are never retried.
 * @param retryBase        the first retry's backoff; it doubles with each retry
 * @param maxLiquidityFee  the most phoenixd may take out of one cash-out payment to open or enlarge a
 *                         channel (mining + service fee, after its fee credit); an invoice that would cost
 *                         more is refused. 0: only amounts the channels can receive as they are
 * @param autoLiquidity    phoenixd's {@code auto-liquidity} setting in sats (default 2,000,000): the inbound
 *                         liquidity it buys on top of a payment that does not fit, which the fee is paid on
 * @param wsReconnectMin   the first wait before the websocket reconnects after losing its socket
 * @param wsReconnectMax   the longest wait between two reconnects (the wait doubles up to this)
 */
public record PhoenixdSettings(
        URI url,
        String password,
        Duration callTimeout,
        Duration connectTimeout,
        Duration payWait,
        int readRetries,
        Duration retryBase,
        Satoshi maxLiquidityFee,
        Satoshi autoLiquidity,
        Duration wsReconnectMin,
        Duration wsReconnectMax) {

    /** phoenixd's default bind address and port. */
    public static final String DEFAULT_URL = "http://127.0.0.1:9740";

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PAY_WAIT = Duration.ofSeconds(60);
    public static final int DEFAULT_READ_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BASE = Duration.ofMillis(250);
    public static final Satoshi DEFAULT_MAX_LIQUIDITY_FEE = Satoshi.ZERO;
    public static final Satoshi DEFAULT_AUTO_LIQUIDITY = Satoshi.of(2_000_000);
    public static final Duration DEFAULT_WS_RECONNECT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_WS_RECONNECT_MAX = Duration.ofSeconds(30);

    public PhoenixdSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(maxLiquidityFee, "maxLiquidityFee");
        Objects.requireNonNull(autoLiquidity, "autoLiquidity");
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("the phoenixd URL must be http or https: " + url);
        }
        if (url.getHost() == null) throw new IllegalArgumentException("the phoenixd URL has no host: " + url);
        if (password.isBlank()) throw new IllegalArgumentException("the phoenixd http-password is required");
        requirePositive(callTimeout, "callTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(payWait, "payWait");
        if (readRetries < 0) throw new IllegalArgumentException("readRetries must not be negative: " + readRetries);
        requirePositive(retryBase, "retryBase");
        requirePositive(wsReconnectMin, "wsReconnectMin");
        requirePositive(wsReconnectMax, "wsReconnectMax");
        if (wsReconnectMax.compareTo(wsReconnectMin) < 0) {
            throw new IllegalArgumentException("wsReconnectMax is shorter than wsReconnectMin");
        }
    }

    /** The given node with every other setting at its default. */
    public static PhoenixdSettings of(URI url, String password) {
        return new PhoenixdSettings(
                url,
                password,
                DEFAULT_CALL_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_PAY_WAIT,
                DEFAULT_READ_RETRIES,
                DEFAULT_RETRY_BASE,
                DEFAULT_MAX_LIQUIDITY_FEE,
                DEFAULT_AUTO_LIQUIDITY,
                DEFAULT_WS_RECONNECT_MIN,
                DEFAULT_WS_RECONNECT_MAX);
    }

    /**
     * A builder with every setting at its default except the password (the URL defaults to phoenixd's
     * own), which have none: an
     * embedder names the settings it changes instead of passing every one by position.
     * {@link Builder#build()} checks them as the constructor does.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url;
        b.password = password;
        b.callTimeout = callTimeout;
        b.connectTimeout = connectTimeout;
        b.payWait = payWait;
        b.readRetries = readRetries;
        b.retryBase = retryBase;
        b.maxLiquidityFee = maxLiquidityFee;
        b.autoLiquidity = autoLiquidity;
        b.wsReconnectMin = wsReconnectMin;
        b.wsReconnectMax = wsReconnectMax;
        return b;
    }

    /** Collects the settings of a {@link PhoenixdSettings}; not thread-safe, meant for one thread's setup. */
    public static final class Builder {
        private URI url = URI.create(DEFAULT_URL);
        private @Nullable String password;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration payWait = DEFAULT_PAY_WAIT;
        private int readRetries = DEFAULT_READ_RETRIES;
        private Duration retryBase = DEFAULT_RETRY_BASE;
        private Satoshi maxLiquidityFee = DEFAULT_MAX_LIQUIDITY_FEE;
        private Satoshi autoLiquidity = DEFAULT_AUTO_LIQUIDITY;
        private Duration wsReconnectMin = DEFAULT_WS_RECONNECT_MIN;
        private Duration wsReconnectMax = DEFAULT_WS_RECONNECT_MAX;

        private Builder() {}

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
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

        public Builder payWait(Duration payWait) {
            this.payWait = payWait;
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

        public Builder maxLiquidityFee(Satoshi maxLiquidityFee) {
            this.maxLiquidityFee = maxLiquidityFee;
            return this;
        }

        public Builder autoLiquidity(Satoshi autoLiquidity) {
            this.autoLiquidity = autoLiquidity;
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

        /** @throws IllegalArgumentException or NullPointerException naming a setting that is missing or out of range */
        public PhoenixdSettings build() {
            return new PhoenixdSettings(
                    url,
                    Objects.requireNonNull(password, "password"),
                    callTimeout,
                    connectTimeout,
                    payWait,
                    readRetries,
                    retryBase,
                    maxLiquidityFee,
                    autoLiquidity,
                    wsReconnectMin,
                    wsReconnectMax);
        }
    }

    public PhoenixdSettings withTimeouts(Duration callTimeout, Duration connectTimeout, Duration payWait) {
        return toBuilder()
                .callTimeout(callTimeout)
                .connectTimeout(connectTimeout)
                .payWait(payWait)
                .build();
    }

    public PhoenixdSettings withRetries(int readRetries, Duration retryBase) {
        return toBuilder().readRetries(readRetries).retryBase(retryBase).build();
    }

    public PhoenixdSettings withLiquidity(Satoshi maxLiquidityFee, Satoshi autoLiquidity) {
        return toBuilder()
                .maxLiquidityFee(maxLiquidityFee)
                .autoLiquidity(autoLiquidity)
                .build();
    }

    public PhoenixdSettings withReconnect(Duration wsReconnectMin, Duration wsReconnectMax) {
        return toBuilder()
                .wsReconnectMin(wsReconnectMin)
                .wsReconnectMax(wsReconnectMax)
                .build();
    }

    /**
     * The full-access password from a {@code phoenix.conf} ({@code http-password=...}, the line
     * phoenixd writes on its first start). The limited-access password is not read: it cannot pay.
     *
     * @throws IllegalArgumentException when the file cannot be read or has no {@code http-password};
     *                                  the message names the file, never a value in it
     */
    public static String passwordFromConf(Path phoenixConf) {
        List<String> lines;
        try {
            lines = Files.readAllLines(phoenixConf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read " + phoenixConf + " (" + e.getClass().getSimpleName() + ")");
        }
        String found = null;
        for (String line : lines) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (eq < 0 || l.startsWith("#")) continue;
            // phoenixd reads the last value of a key, as it appends generated ones
            if (l.substring(0, eq).strip().equals("http-password"))
                found = l.substring(eq + 1).strip();
        }
        if (found == null || found.isEmpty())
            throw new IllegalArgumentException(phoenixConf + " has no http-password line");
        return found;
    }

    /** Everything but the password. */
    @Override
    public String toString() {
        return "PhoenixdSettings[url=" + url + ", password=<redacted>, callTimeout=" + callTimeout
                + ", connectTimeout=" + connectTimeout + ", payWait=" + payWait + ", readRetries=" + readRetries
                + ", retryBase=" + retryBase + ", maxLiquidityFee=" + maxLiquidityFee + ", autoLiquidity="
                + autoLiquidity
                + ", wsReconnectMin=" + wsReconnectMin + ", wsReconnectMax=" + wsReconnectMax + "]";
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
