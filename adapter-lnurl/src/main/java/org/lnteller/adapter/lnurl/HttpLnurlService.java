package org.lnteller.adapter.lnurl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * The LNURL-pay client (LUD-06, and LUD-16 Lightning addresses through their well-known URL).
 *
 * <p>Every URL it asks, the pay request's and the callback's alike, was named by a customer's QR
 * code (or by the service that code named), so before any connection: the URL must pass
 * {@link ServiceUrls#checkAllowed} (http(s), no {@code .onion}, no odd numeric host spellings);
 * the host is resolved once, and every address it resolves to must be public
 * ({@link PublicAddresses}); the connection then goes to exactly one of those checked addresses,
 * with TLS verified for the host name ({@link PinnedHttp}), so no second DNS answer can slip in
 * between the check and the connection. Only https is used. With {@code allowPrivateHosts} (the
 * operator's {@code LNURL_ALLOW_PRIVATE_HOSTS}, for tests and private deployments) non-public
 * addresses are allowed too, and plain http to them (never to a public one). A pay request's
 * callback is judged when the pay request is read and again, resolved afresh, when it is asked.
 * Redirects are never followed (REFUSED).
 *
 * <p>Each call is bounded: the connection (TCP and TLS) by {@code connectTimeout}, the whole
 * exchange, from the first connection attempt to the last byte of the answer, by
 * {@code requestTimeout}, and the answer by {@code maxResponseBytes}.
 *
 * <p>Failures are {@link LnurlException}s: NOT_ALLOWED, UNREACHABLE (no such name, no connection,
 * TLS failure), TIMEOUT, REFUSED (a LUD-06 error, or an HTTP error status), MALFORMED (not a pay
 * request or invoice answer, not HTTP, or too large). Their messages are for the operator's log
 * and hold the service's reason sanitised and cut short; the core never shows them to a machine.
 *
 * <p>Threading: safe for concurrent use; every call makes its own connection.
 */
public final class HttpLnurlService implements LnurlService {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** 64 KiB: a pay request or invoice answer is a few hundred bytes to a few KiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

    private final Network network;
    private final PinnedHttp http;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final boolean allowPrivateHosts;

    /** A client with the defaults, that contacts public https services only: 5 s to connect, 5 s for each exchange, 64 KiB per answer. */
    public HttpLnurlService() {
        this(false);
    }

    /** A client with the default bounds; {@code allowPrivateHosts} as in {@link #HttpLnurlService(Duration, Duration, int, boolean)}. */
    public HttpLnurlService(boolean allowPrivateHosts) {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, allowPrivateHosts);
    }

    /**
     * @param connectTimeout    longest wait to open a connection (TCP and TLS), positive
     * @param requestTimeout    longest wait for a whole exchange, connection included, from the
     *                          first connection attempt to the last byte of the answer; positive
     * @param maxResponseBytes  largest answer body read, in bytes, positive; a larger one is MALFORMED
     * @param allowPrivateHosts whether hosts at loopback, private, link-local and other non-public
     *                          addresses may be asked, over https or plain http (tests and private
     *                          deployments only: it lets a customer's QR code reach the operator's network)
     */
    public HttpLnurlService(
            Duration connectTimeout, Duration requestTimeout, int maxResponseBytes, boolean allowPrivateHosts) {
        this(connectTimeout, requestTimeout, maxResponseBytes, allowPrivateHosts, Network.SYSTEM, defaultTls());
    }

    /** As the public constructor, with the network and the TLS trust given (tests). */
    HttpLnurlService(
            Duration connectTimeout,
            Duration requestTimeout,
            int maxResponseBytes,
            boolean allowPrivateHosts,
            Network network,
            SSLSocketFactory tls) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
        }
        if (maxResponseBytes < 1)
            throw new IllegalArgumentException("response size limit must be positive: " + maxResponseBytes);
        this.network = Objects.requireNonNull(network, "network");
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.allowPrivateHosts = allowPrivateHosts;
        this.http = new PinnedHttp(
                network,
                Objects.requireNonNull(tls, "tls"),
                (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()),
                maxResponseBytes);
    }

    @Override
    public PayRequest payRequest(URI url) {
        Objects.requireNonNull(url, "url");
        PayRequest request = LnurlJson.payRequest(url, get(url));
        // refused now, so a probe or first post tells the customer at once; judged again when asked
        target(request.callback());
        return request;
    }

    @Override
    public String requestInvoice(PayRequest request, MilliSatoshi amount) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(amount, "amount");
        URI callback = request.callback();
        ServiceUrls.checkAllowed(callback);
        if (!request.accepts(amount)) {
            // the service would refuse it too; asking would only cost the customer a round trip
            throw new LnurlException(
                    Kind.REFUSED,
                    "The payment service " + ServiceUrls.host(callback) + " accepts "
                            + ServiceUrls.sats(request.minSendable()) + " to " + ServiceUrls.sats(request.maxSendable())
                            + "; "
                            + ServiceUrls.sats(amount) + " is outside that range.");
        }
        return LnurlJson.invoice(callback, get(ServiceUrls.withAmount(callback, amount)));
    }

    /** Where a URL may be fetched from: its host for the request and TLS, and the checked addresses to connect to. */
    private record Target(String host, List<InetAddress> addresses) {}

    /**
     * Judges {@code url} and resolves its host once: every address must be allowed, or nothing is asked.
     *
     * @throws LnurlException NOT_ALLOWED, or UNREACHABLE when the name does not resolve
     */
    private Target target(URI url) {
        ServiceUrls.checkAllowed(url);
        String host = ServiceUrls.host(url);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        boolean https = ServiceUrls.isHttps(url);
        if (!https && !allowPrivateHosts) {
            throw new LnurlException(
                    Kind.NOT_ALLOWED,
                    "The payment address " + ServiceUrls.printable(url)
                            + " is not secure: payment services must use https.");
        }
        List<InetAddress> addresses = resolve(host);
        for (InetAddress address : addresses) {
            Optional<String> range = PublicAddresses.nonPublicRange(address);
            if (range.isPresent() && !allowPrivateHosts) {
                throw new LnurlException(
                        Kind.NOT_ALLOWED,
                        "The payment service " + host + " is at " + address.getHostAddress() + ", a " + range.get()
                                + " address, which this server does not contact (LNURL_ALLOW_PRIVATE_HOSTS is off).");
            }
            if (range.isEmpty() && !https) {
                throw new LnurlException(
                        Kind.NOT_ALLOWED,
                        "The payment address " + ServiceUrls.printable(url)
                                + " is not secure: plain http is allowed to private hosts only, and " + host
                                + " is public.");
            }
        }
        return new Target(host, addresses);
    }

    /** The addresses of {@code host}: an address literal is read as it is, a name is resolved once. */
    private List<InetAddress> resolve(String host) {
        try {
            if (host.startsWith("[") || ServiceUrls.isIpv4Literal(host)) {
                // a literal (IPv6 in brackets, or canonical IPv4): parsed, never looked up
                return List.of(InetAddress.getByName(host));
            }
            InetAddress[] all = network.resolve(host);
            if (all == null || all.length == 0) throw new UnknownHostException(host);
            return List.of(all);
        } catch (UnknownHostException e) {
            throw new LnurlException(
                    Kind.UNREACHABLE, "The payment service " + host + " cannot be found (no address for its name).", e);
        }
    }

    /** GETs {@code url} and returns a successful answer's body; anything else is thrown. */
    private byte[] get(URI url) {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        Target target = target(url);
        PinnedHttp.Response response = exchange(url, target, deadline);
        String host = target.host();
        int status = response.status();
        if (status >= 300 && status < 400) {
            throw new LnurlException(
                    Kind.REFUSED,
                    "The payment service " + host + " answered with a redirect (HTTP " + status
                            + "), which this server does not follow.");
        }
        // services send LUD-06 errors with 200 as the spec says, or with 4xx/5xx: the reason counts either way
        Optional<String> reason = LnurlJson.errorReason(response.body());
        if (reason.isPresent()) {
            throw new LnurlException(Kind.REFUSED, "The payment service " + host + " refused: " + reason.get());
        }
        if (status < 200 || status >= 300) {
            throw new LnurlException(
                    Kind.REFUSED, "The payment service " + host + " answered with an error (HTTP " + status + ").");
        }
        return response.body();
    }

    /** Tries the checked addresses in turn until one answers, within the deadline. */
    private PinnedHttp.Response exchange(URI url, Target target, long deadline) {
        List<IOException> failures = new ArrayList<>();
        for (InetAddress address : target.addresses()) {
            if (PinnedHttp.millisLeft(deadline) <= 0) break;
            try {
                return http.get(url, target.host(), address, deadline);
            } catch (PinnedHttp.ConnectTimeout | java.net.ConnectException | java.net.NoRouteToHostException e) {
                failures.add(e); // this address cannot be reached: the next one may be
            } catch (IOException e) {
                throw failure(target.host(), e);
            } catch (RuntimeException e) {
                // the port promises LnurlException only: a socket's or TLS's unchecked failure is no reason for a 500
                throw new LnurlException(
                        Kind.UNREACHABLE, "The payment service " + target.host() + " cannot be reached.", e);
            }
        }
        if (failures.isEmpty()) throw timeout(target.host(), null);
        throw failure(target.host(), failures.get(failures.size() - 1));
    }

    private LnurlException failure(String host, IOException error) {
        if (error instanceof PinnedHttp.TooLarge) {
            return new LnurlException(
                    Kind.MALFORMED,
                    "The payment service " + host + " sent a bad answer: it is larger than " + bytes(maxResponseBytes)
                            + ".",
                    error);
        }
        if (error instanceof PinnedHttp.NotHttp) {
            return new LnurlException(
                    Kind.MALFORMED,
                    "The payment service " + host + " sent a bad answer: " + error.getMessage() + ".",
                    error);
        }
        if (error instanceof PinnedHttp.ConnectTimeout) {
            return new LnurlException(
                    Kind.TIMEOUT,
                    "The payment service " + host + " could not be connected to within " + describe(connectTimeout)
                            + ".",
                    error);
        }
        if (error instanceof PinnedHttp.Deadline) return timeout(host, error);
        if (error instanceof SSLException) {
            return new LnurlException(
                    Kind.UNREACHABLE,
                    "The payment service " + host
                            + " cannot be reached securely (its certificate or TLS is not valid).",
                    error);
        }
        return new LnurlException(Kind.UNREACHABLE, "The payment service " + host + " cannot be reached.", error);
    }

    private LnurlException timeout(String host, @Nullable Throwable cause) {
        return new LnurlException(
                Kind.TIMEOUT,
                "The payment service " + host + " did not answer within " + describe(requestTimeout) + ".",
                cause);
    }

    private static SSLSocketFactory defaultTls() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no default TLS", e);
        }
    }

    private static String bytes(int n) {
        return n % 1024 == 0 ? n / 1024 + " KiB" : n + " bytes";
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " seconds" : d.toMillis() + " ms";
    }
}
