package org.lnteller.app.lnurl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * The LNURL-pay client (LUD-06, and LUD-16 Lightning addresses through their well-known URL) over
 * the JDK HttpClient.
 *
 * <p>Before any connection, a URL must be https, or http on a {@code .onion} or loopback host
 * (localhost, 127.0.0.0/8, ::1); a pay request from a public host may not send the server to a
 * loopback callback. Redirects are never followed (a redirect could lead to a host those rules
 * refuse), and are answered {@link Kind#REFUSED}. Each call is bounded: the connection by
 * {@code connectTimeout}, the whole exchange, from sending to the last byte of the answer, by
 * {@code requestTimeout}, and the answer by {@code maxResponseBytes}.
 *
 * <p>Failures are {@link LnurlException}s whose message a machine can show: NOT_ALLOWED,
 * UNREACHABLE (no connection, TLS failure), TIMEOUT, REFUSED (a LUD-06 error, with the service's
 * reason, or an HTTP error status), MALFORMED (not a pay request or invoice answer, or too large).
 * A {@code .onion} host is allowed but reached like any other host: this class sets up no route to Tor.
 *
 * <p>Threading: safe for concurrent use; one HttpClient is shared by all calls.
 */
public final class HttpLnurlService implements LnurlService {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** 64 KiB: a pay request or invoice answer is a few hundred bytes to a few KiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxResponseBytes;

    /** A client with the defaults: 5 s to connect, 5 s for each exchange, 64 KiB per answer. */
    public HttpLnurlService() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /**
     * @param connectTimeout   longest wait to open a connection (TCP and TLS), positive
     * @param requestTimeout   longest wait for a whole exchange, connection included, from sending
     *                         the request to the last byte of the answer; positive
     * @param maxResponseBytes largest answer body read, in bytes, positive; a larger one is MALFORMED
     */
    public HttpLnurlService(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
        }
        if (maxResponseBytes < 1) throw new IllegalArgumentException("response size limit must be positive: " + maxResponseBytes);
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public PayRequest payRequest(URI url) {
        Objects.requireNonNull(url, "url");
        return LnurlJson.payRequest(url, get(url));
    }

    @Override
    public String requestInvoice(PayRequest request, MilliSatoshi amount) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(amount, "amount");
        URI callback = request.callback();
        ServiceUrls.checkAllowed(callback);
        if (!request.accepts(amount)) {
            // the service would refuse it too; asking would only cost the customer a round trip
            throw new LnurlException(Kind.REFUSED, "The payment service " + ServiceUrls.host(callback) + " accepts "
                    + ServiceUrls.sats(request.minSendable()) + " to " + ServiceUrls.sats(request.maxSendable()) + "; "
                    + ServiceUrls.sats(amount) + " is outside that range.");
        }
        return LnurlJson.invoice(callback, get(ServiceUrls.withAmount(callback, amount)));
    }

    /** GETs {@code url} and returns a successful answer's body; anything else is thrown. */
    private byte[] get(URI url) {
        ServiceUrls.checkAllowed(url);
        String host = ServiceUrls.host(url);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url)
                    .GET()
                    .timeout(requestTimeout)
                    .header("Accept", "application/json")
                    .build();
        } catch (IllegalArgumentException e) {
            throw new LnurlException(Kind.NOT_ALLOWED, "'" + url + "' is not a web address a payment service can have.", e);
        }
        HttpResponse<byte[]> response = send(host, request);
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new LnurlException(Kind.REFUSED, "The payment service " + host + " answered with a redirect (HTTP "
                    + status + "), which this server does not follow.");
        }
        // services send LUD-06 errors with 200 as the spec says, or with 4xx/5xx: the reason counts either way
        Optional<String> reason = LnurlJson.errorReason(response.body());
        if (reason.isPresent()) {
            throw new LnurlException(Kind.REFUSED, "The payment service " + host + " refused: " + reason.get());
        }
        if (status < 200 || status >= 300) {
            throw new LnurlException(Kind.REFUSED, "The payment service " + host + " answered with an error (HTTP " + status + ").");
        }
        return response.body();
    }

    private HttpResponse<byte[]> send(String host, HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, BoundedBody.handler(maxResponseBytes));
        try {
            // the request's own timeout may end when the headers arrive; this one also bounds a body that trickles
            return exchange.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timeout(host, e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new LnurlException(Kind.UNREACHABLE, "The call to the payment service " + host + " was interrupted.", e);
        } catch (ExecutionException e) {
            throw failure(host, e.getCause());
        }
    }

    private LnurlException failure(String host, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLarge) {
                return new LnurlException(Kind.MALFORMED, "The payment service " + host
                        + " sent a bad answer: it is larger than " + bytes(maxResponseBytes) + ".", error);
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new LnurlException(Kind.TIMEOUT, "The payment service " + host + " could not be connected to within "
                        + describe(connectTimeout) + ".", error);
            }
            if (t instanceof HttpTimeoutException) return timeout(host, error);
            if (t instanceof SSLException) {
                return new LnurlException(Kind.UNREACHABLE,
                        "The payment service " + host + " cannot be reached securely (its certificate or TLS is not valid).", error);
            }
        }
        return new LnurlException(Kind.UNREACHABLE, "The payment service " + host + " cannot be reached.", error);
    }

    private LnurlException timeout(String host, Throwable cause) {
        return new LnurlException(Kind.TIMEOUT, "The payment service " + host + " did not answer within "
                + describe(requestTimeout) + ".", cause);
    }

    private static String bytes(int n) {
        return n % 1024 == 0 ? n / 1024 + " KiB" : n + " bytes";
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " seconds" : d.toMillis() + " ms";
    }
}
