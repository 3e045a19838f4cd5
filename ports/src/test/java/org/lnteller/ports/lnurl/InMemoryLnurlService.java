package org.lnteller.ports.lnurl;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * LNURL-pay services held in memory: the fake for core tests, checked against
 * {@link LnurlServiceContract} like the HTTP client.
 *
 * <p>A test registers a pay request at a URL ({@link #register}) with a function from the amount
 * asked to the invoice text the service answers, so it can hand out a real invoice, one for the
 * wrong amount, or anything else. A registered service can refuse its pay request
 * ({@link #refusePayRequest}) or its invoices ({@link #refuseInvoices}) with a reason, answer
 * garbage ({@link #answerGarbage}), and the next calls can fail as the network does
 * ({@link #failNext}). Calls are counted, so a test can check that nothing was asked.
 *
 * <p>It applies the port's rules as the HTTP client does with private hosts allowed, before
 * "connecting": only https, except loopback hosts; never {@code .onion}; an amount outside the pay request's range is refused without
 * asking the service. A URL nobody registered is {@link Kind#UNREACHABLE}.
 *
 * <p>Threading: safe for concurrent use; state sits behind one lock, and the invoice function runs
 * outside it (so it may call back into this fake).
 */
public final class InMemoryLnurlService implements LnurlService {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** One service: what its pay request URL and its callback answer. Guarded by the outer lock. */
    private static final class Site {
        final URI url;
        final PayRequest payRequest;
        Function<MilliSatoshi, String> invoiceFor;
        String payRequestRefusal;
        String invoiceRefusal;
        boolean garbage;

        Site(URI url, PayRequest payRequest, Function<MilliSatoshi, String> invoiceFor) {
            this.url = url;
            this.payRequest = payRequest;
            this.invoiceFor = invoiceFor;
        }
    }

    private final Object lock = new Object();
    private final Map<URI, Site> byUrl = new HashMap<>();
    private final Map<URI, Site> byCallback = new HashMap<>();
    private final Deque<Kind> faults = new ArrayDeque<>();
    private final List<MilliSatoshi> requestedAmounts = new ArrayList<>();
    private int payRequestCalls;
    private int invoiceRequests;

    /**
     * Serves a pay request at {@code url} whose callback is {@code url} plus {@code /callback}.
     *
     * @param min        smallest amount the service accepts, in millisatoshis, at least 1
     * @param max        largest amount, in millisatoshis
     * @param metadata   the LUD-06 metadata text, returned exactly as given
     * @param invoiceFor the invoice text ({@code pr}) the callback answers for an amount; it may throw
     *                   {@link LnurlException} to play any failure of the service
     * @return the pay request the service answers
     */
    public PayRequest register(
            URI url, MilliSatoshi min, MilliSatoshi max, String metadata, Function<MilliSatoshi, String> invoiceFor) {
        Objects.requireNonNull(url, "url");
        URI callback = URI.create(url.getScheme() + "://" + url.getRawAuthority()
                + (url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "")) + "/callback");
        return register(url, new PayRequest(callback, min, max, metadata), invoiceFor);
    }

    /** Serves {@code payRequest} at {@code url}; its callback answers {@code invoiceFor(amount)}. Replaces an earlier one. */
    public PayRequest register(URI url, PayRequest payRequest, Function<MilliSatoshi, String> invoiceFor) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(payRequest, "payRequest");
        Objects.requireNonNull(invoiceFor, "invoiceFor");
        if (payRequest.minSendable().msat() < 1) {
            // LUD-06: minSendable is at least 1; a fake that broke this would hide core bugs
            throw new IllegalArgumentException("a pay request accepts at least 1 msat");
        }
        synchronized (lock) {
            Site old = byUrl.remove(url);
            if (old != null) byCallback.remove(old.payRequest.callback());
            if (byCallback.containsKey(payRequest.callback())) {
                throw new IllegalArgumentException("another service already answers at " + payRequest.callback());
            }
            Site site = new Site(url, payRequest, invoiceFor);
            byUrl.put(url, site);
            byCallback.put(payRequest.callback(), site);
        }
        return payRequest;
    }

    /** From now on the callback of the service at {@code url} answers this invoice function. */
    public void answerInvoices(URI url, Function<MilliSatoshi, String> invoiceFor) {
        Objects.requireNonNull(invoiceFor, "invoiceFor");
        synchronized (lock) {
            site(url).invoiceFor = invoiceFor;
        }
    }

    /** The pay request at {@code url} answers {@code {"status":"ERROR","reason": reason}} from now on. */
    public void refusePayRequest(URI url, String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (lock) {
            site(url).payRequestRefusal = reason;
        }
    }

    /** The callback of the service at {@code url} answers {@code {"status":"ERROR","reason": reason}} from now on. */
    public void refuseInvoices(URI url, String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (lock) {
            site(url).invoiceRefusal = reason;
        }
    }

    /** The pay request at {@code url} answers something that is not LUD-06 from now on. */
    public void answerGarbage(URI url) {
        synchronized (lock) {
            site(url).garbage = true;
        }
    }

    /** Serves a URL whose pay request answers garbage, with no invoices behind it. */
    public void registerGarbage(URI url) {
        register(url, MilliSatoshi.of(1), MilliSatoshi.of(1), "[]", amount -> {
            throw new IllegalStateException("a garbage service has no callback");
        });
        answerGarbage(url);
    }

    /** The pay request at {@code url} is not answered any more: asking it is {@link Kind#UNREACHABLE}. */
    public void remove(URI url) {
        synchronized (lock) {
            Site old = byUrl.remove(url);
            if (old != null) byCallback.remove(old.payRequest.callback());
        }
    }

    /**
     * The next {@code times} calls, of either operation and whatever the URL, fail with {@code kind}
     * as the network or the service would (for example {@link Kind#TIMEOUT} or
     * {@link Kind#UNREACHABLE}); they are counted but reach no service.
     */
    public void failNext(Kind kind, int times) {
        Objects.requireNonNull(kind, "kind");
        if (times < 1) throw new IllegalArgumentException("times must be positive: " + times);
        synchronized (lock) {
            for (int i = 0; i < times; i++) faults.add(kind);
        }
    }

    /** Calls of {@link #payRequest}, including those that failed. */
    public int payRequestCalls() {
        synchronized (lock) {
            return payRequestCalls;
        }
    }

    /** Invoice requests that reached a service's callback (not those refused before asking it). */
    public int invoiceRequests() {
        synchronized (lock) {
            return invoiceRequests;
        }
    }

    /** The amounts of the invoice requests that reached a callback, in order. */
    public List<MilliSatoshi> requestedAmounts() {
        synchronized (lock) {
            return List.copyOf(requestedAmounts);
        }
    }

    @Override
    public PayRequest payRequest(URI url) {
        Objects.requireNonNull(url, "url");
        synchronized (lock) {
            payRequestCalls++;
            checkAllowed(url);
            injectFault(url);
            Site site = byUrl.get(url);
            if (site == null) throw unreachable(url);
            if (site.payRequestRefusal != null) {
                throw new LnurlException(
                        Kind.REFUSED, "The payment service " + url.getHost() + " refused: " + site.payRequestRefusal);
            }
            if (site.garbage) {
                throw new LnurlException(
                        Kind.MALFORMED,
                        "The payment service " + url.getHost()
                                + " answered something that is not an LNURL pay request.");
            }
            return site.payRequest;
        }
    }

    @Override
    public String requestInvoice(PayRequest request, MilliSatoshi amount) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(amount, "amount");
        URI callback = request.callback();
        Function<MilliSatoshi, String> invoiceFor;
        synchronized (lock) {
            checkAllowed(callback);
            if (!request.accepts(amount)) {
                throw new LnurlException(
                        Kind.REFUSED,
                        "The payment service " + callback.getHost() + " accepts "
                                + sats(request.minSendable()) + " to " + sats(request.maxSendable()) + "; "
                                + sats(amount) + " is outside that range.");
            }
            injectFault(callback);
            Site site = byCallback.get(callback);
            if (site == null) throw unreachable(callback);
            invoiceRequests++;
            requestedAmounts.add(amount);
            if (site.invoiceRefusal != null) {
                throw new LnurlException(
                        Kind.REFUSED, "The payment service " + callback.getHost() + " refused: " + site.invoiceRefusal);
            }
            invoiceFor = site.invoiceFor;
        }
        String invoice = invoiceFor.apply(amount);
        if (invoice == null || invoice.isBlank()) {
            throw new LnurlException(Kind.MALFORMED, "The payment service " + callback.getHost() + " sent no invoice.");
        }
        return invoice;
    }

    private Site site(URI url) {
        Site site = byUrl.get(Objects.requireNonNull(url, "url"));
        if (site == null) throw new IllegalArgumentException("no service registered at " + url);
        return site;
    }

    private void injectFault(URI url) {
        Kind kind = faults.poll();
        if (kind != null) {
            throw new LnurlException(kind, "injected " + kind + ": the payment service " + url.getHost() + " failed");
        }
    }

    private static LnurlException unreachable(URI url) {
        return new LnurlException(Kind.UNREACHABLE, "The payment service " + url.getHost() + " cannot be reached.");
    }

    /**
     * The port's rule as far as it can be judged without resolving names, as the HTTP client
     * applies it with private hosts allowed (core tests play local services): https, or plain http
     * on a loopback host; never a {@code .onion} host.
     */
    private static void checkAllowed(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || host.isEmpty() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new LnurlException(
                    Kind.NOT_ALLOWED, "'" + url + "' is not a web address a payment service can have.");
        }
        if (host.endsWith(".onion") || host.endsWith(".onion.")) {
            throw new LnurlException(
                    Kind.NOT_ALLOWED,
                    "The payment service " + host + " is a Tor (.onion) service; this server does not reach Tor.");
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new LnurlException(
                    Kind.NOT_ALLOWED,
                    "The payment address " + url
                            + " is not secure: payment services must use https (plain http only to private hosts).");
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]")) return true;
        var m = IPV4.matcher(host);
        if (!m.matches() || !m.group(1).equals("127")) return false;
        for (int i = 2; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) return false;
        }
        return true;
    }

    private static String sats(MilliSatoshi amount) {
        return BigDecimal.valueOf(amount.msat(), 3).stripTrailingZeros().toPlainString() + " sats";
    }
}
