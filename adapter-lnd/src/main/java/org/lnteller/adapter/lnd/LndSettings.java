package org.lnteller.adapter.lnd;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.lnteller.codec.Network;

/**
 * Where the operator's LND node is, how to trust and authenticate to it, and how patiently to talk
 * to it.
 *
 * @param restUrl         the node's REST gateway, e.g. {@code https://127.0.0.1:8080}
 * @param macaroonHex     the macaroon in hex, sent as {@code Grpc-Metadata-macaroon}; a secret, never
 *                        shown by {@link #toString()}
 * @param certSha256      SHA-256 of the DER encoding of the node's {@code tls.cert} (32 bytes): the
 *                        only certificate the adapter accepts (pinned; no CA, no host name check)
 * @param network         the network the node must be on ({@code /v1/getinfo} is checked on start)
 * @param callTimeout     how long one unary HTTP call may take, whole answer included
 * @param connectTimeout  how long opening a connection may take
 * @param readRetries     how often a read is retried after a transient failure; sends never are
 * @param retryBase       the first retry's backoff; it doubles with each retry (with jitter)
 * @param retryCap        the longest backoff between two retries
 * @param payWait         how long {@code pay} reads the payment's stream for a final status before
 *                        answering Pending (the payment goes on in the node)
 * @param payTimeout      LND's {@code timeout_seconds}: how long the node keeps trying routes
 * @param probeTimeout    LND's {@code timeout} of a fee probe, whole seconds (the call's own deadline
 *                        is this plus {@code callTimeout})
 * @param reconnectMin    the first wait before the invoice stream reconnects after losing it
 * @param reconnectMax    the longest wait between two reconnects (the wait doubles up to this)
 */
// ArrayRecordComponent: certSha256 is copied in and out, and equals/hashCode below compare its contents
@SuppressWarnings("ArrayRecordComponent")
public record LndSettings(
        URI restUrl,
        String macaroonHex,
        byte[] certSha256,
        Network network,
        Duration callTimeout,
        Duration connectTimeout,
        int readRetries,
        Duration retryBase,
        Duration retryCap,
        Duration payWait,
        Duration payTimeout,
        Duration probeTimeout,
        Duration reconnectMin,
        Duration reconnectMax) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_READ_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BASE = Duration.ofMillis(250);
    public static final Duration DEFAULT_RETRY_CAP = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PAY_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PAY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(60);

    public LndSettings {
        Objects.requireNonNull(restUrl, "restUrl");
        Objects.requireNonNull(macaroonHex, "macaroonHex");
        Objects.requireNonNull(certSha256, "certSha256");
        Objects.requireNonNull(network, "network");
        if (!"https".equalsIgnoreCase(restUrl.getScheme()) || restUrl.getHost() == null) {
            throw new IllegalArgumentException("LND's REST URL must be https://host:port, not " + restUrl);
        }
        if (macaroonHex.isBlank() || !macaroonHex.matches("(?i)[0-9a-f]+") || macaroonHex.length() % 2 != 0) {
            throw new IllegalArgumentException("the LND macaroon must be non-empty hex");
        }
        if (certSha256.length != 32)
            throw new IllegalArgumentException("the LND certificate pin must be a SHA-256 (32 bytes)");
        certSha256 = certSha256.clone();
        requirePositive(callTimeout, "callTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (readRetries < 0) throw new IllegalArgumentException("readRetries must not be negative: " + readRetries);
        requirePositive(retryBase, "retryBase");
        requirePositive(retryCap, "retryCap");
        if (retryCap.compareTo(retryBase) < 0) throw new IllegalArgumentException("retryCap is shorter than retryBase");
        requirePositive(payWait, "payWait");
        if (payTimeout.toSeconds() < 1) throw new IllegalArgumentException("payTimeout must be at least one second");
        if (probeTimeout.toSeconds() < 1)
            throw new IllegalArgumentException("probeTimeout must be at least one second");
        requirePositive(reconnectMin, "reconnectMin");
        requirePositive(reconnectMax, "reconnectMax");
        if (reconnectMax.compareTo(reconnectMin) < 0)
            throw new IllegalArgumentException("reconnectMax is shorter than reconnectMin");
    }

    /** The given node with every duration at its default. */
    public static LndSettings of(URI restUrl, String macaroonHex, byte[] certSha256, Network network) {
        return new LndSettings(
                restUrl,
                macaroonHex,
                certSha256,
                network,
                DEFAULT_CALL_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_RETRIES,
                DEFAULT_RETRY_BASE,
                DEFAULT_RETRY_CAP,
                DEFAULT_PAY_WAIT,
                DEFAULT_PAY_TIMEOUT,
                DEFAULT_PROBE_TIMEOUT,
                DEFAULT_RECONNECT_MIN,
                DEFAULT_RECONNECT_MAX);
    }

    /**
     * A builder with every setting at its default except the REST URL, the macaroon, the certificate pin
     * and the network, which have none: an
     * embedder names the settings it changes instead of passing every one by position.
     * {@link Builder#build()} checks them as the constructor does.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.restUrl = restUrl;
        b.macaroonHex = macaroonHex;
        b.certSha256 = certSha256;
        b.network = network;
        b.callTimeout = callTimeout;
        b.connectTimeout = connectTimeout;
        b.readRetries = readRetries;
        b.retryBase = retryBase;
        b.retryCap = retryCap;
        b.payWait = payWait;
        b.payTimeout = payTimeout;
        b.probeTimeout = probeTimeout;
        b.reconnectMin = reconnectMin;
        b.reconnectMax = reconnectMax;
        return b;
    }

    /** Collects the settings of a {@link LndSettings}; not thread-safe, meant for one thread's setup. */
    public static final class Builder {
        private @Nullable URI restUrl;
        private @Nullable String macaroonHex;
        private byte @Nullable [] certSha256;
        private @Nullable Network network;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int readRetries = DEFAULT_READ_RETRIES;
        private Duration retryBase = DEFAULT_RETRY_BASE;
        private Duration retryCap = DEFAULT_RETRY_CAP;
        private Duration payWait = DEFAULT_PAY_WAIT;
        private Duration payTimeout = DEFAULT_PAY_TIMEOUT;
        private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
        private Duration reconnectMin = DEFAULT_RECONNECT_MIN;
        private Duration reconnectMax = DEFAULT_RECONNECT_MAX;

        private Builder() {}

        public Builder restUrl(URI restUrl) {
            this.restUrl = restUrl;
            return this;
        }

        public Builder macaroonHex(String macaroonHex) {
            this.macaroonHex = macaroonHex;
            return this;
        }

        public Builder certSha256(byte[] certSha256) {
            this.certSha256 = certSha256;
            return this;
        }

        public Builder network(Network network) {
            this.network = network;
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

        public Builder payWait(Duration payWait) {
            this.payWait = payWait;
            return this;
        }

        public Builder payTimeout(Duration payTimeout) {
            this.payTimeout = payTimeout;
            return this;
        }

        public Builder probeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
            return this;
        }

        public Builder reconnectMin(Duration reconnectMin) {
            this.reconnectMin = reconnectMin;
            return this;
        }

        public Builder reconnectMax(Duration reconnectMax) {
            this.reconnectMax = reconnectMax;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming a setting that is missing or out of range */
        public LndSettings build() {
            return new LndSettings(
                    Objects.requireNonNull(restUrl, "restUrl"),
                    Objects.requireNonNull(macaroonHex, "macaroonHex"),
                    Objects.requireNonNull(certSha256, "certSha256"),
                    Objects.requireNonNull(network, "network"),
                    callTimeout,
                    connectTimeout,
                    readRetries,
                    retryBase,
                    retryCap,
                    payWait,
                    payTimeout,
                    probeTimeout,
                    reconnectMin,
                    reconnectMax);
        }
    }

    public LndSettings withTimeouts(Duration callTimeout, Duration connectTimeout) {
        return toBuilder()
                .callTimeout(callTimeout)
                .connectTimeout(connectTimeout)
                .build();
    }

    public LndSettings withRetries(int readRetries, Duration retryBase, Duration retryCap) {
        return toBuilder()
                .readRetries(readRetries)
                .retryBase(retryBase)
                .retryCap(retryCap)
                .build();
    }

    public LndSettings withPayment(Duration payWait, Duration payTimeout, Duration probeTimeout) {
        return toBuilder()
                .payWait(payWait)
                .payTimeout(payTimeout)
                .probeTimeout(probeTimeout)
                .build();
    }

    public LndSettings withReconnect(Duration reconnectMin, Duration reconnectMax) {
        return toBuilder().reconnectMin(reconnectMin).reconnectMax(reconnectMax).build();
    }

    @Override
    public byte[] certSha256() {
        return certSha256.clone();
    }

    /** The pin as lower-case hex. */
    public String certSha256Hex() {
        return HexFormat.of().formatHex(certSha256);
    }

    // ---------------------------------------------------------------- reading the node's files

    /** A macaroon file (binary, as lnd writes it) as hex. */
    public static String readMacaroon(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) throw new IOException("the macaroon file " + file + " is empty");
        return HexFormat.of().formatHex(bytes);
    }

    /** SHA-256 of the DER encoding of the (first) certificate in a PEM or DER file such as lnd's {@code tls.cert}. */
    public static byte[] certificatePin(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate cert =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return sha256(cert.getEncoded());
        } catch (CertificateException | ClassCastException e) {
            throw new IOException(file + " holds no X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** A fingerprint as {@code openssl x509 -fingerprint -sha256} prints it (colons optional, any case). */
    public static byte[] parsePin(String fingerprint) {
        String hex = fingerprint.strip().replace(":", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits (colons allowed)");
        }
        return HexFormat.of().parseHex(hex);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Everything but the macaroon. */
    @Override
    public String toString() {
        return "LndSettings[restUrl=" + restUrl + ", macaroon=<redacted>, certSha256=" + certSha256Hex() + ", network="
                + network + ", callTimeout=" + callTimeout + ", connectTimeout=" + connectTimeout + ", readRetries="
                + readRetries + ", payWait=" + payWait + ", payTimeout=" + payTimeout + ", probeTimeout=" + probeTimeout
                + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LndSettings s
                && restUrl.equals(s.restUrl)
                && macaroonHex.equals(s.macaroonHex)
                && java.util.Arrays.equals(certSha256, s.certSha256)
                && network == s.network
                && callTimeout.equals(s.callTimeout)
                && connectTimeout.equals(s.connectTimeout)
                && readRetries == s.readRetries
                && retryBase.equals(s.retryBase)
                && retryCap.equals(s.retryCap)
                && payWait.equals(s.payWait)
                && payTimeout.equals(s.payTimeout)
                && probeTimeout.equals(s.probeTimeout)
                && reconnectMin.equals(s.reconnectMin)
                && reconnectMax.equals(s.reconnectMax);
    }

    @Override
    public int hashCode() {
        return Objects.hash(restUrl, network, java.util.Arrays.hashCode(certSha256));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
