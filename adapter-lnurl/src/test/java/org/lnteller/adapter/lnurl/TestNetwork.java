package org.lnteller.adapter.lnurl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.lnteller.ports.lnurl.LnurlService;

/**
 * The network as a test wants it: names it knows resolve to the addresses it was given (others go
 * to the system resolver), and a connection to a given address and port may be sent to a local
 * port instead (so a "public" address such as 203.0.113.10:443 reaches a stand-in on loopback).
 * Every resolution and every connection is recorded.
 */
public final class TestNetwork implements Network {
    private final Map<String, InetAddress[]> names = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, InetSocketAddress> redirects = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> resolutions = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Supplier<InetAddress[]>> rebinds = new ConcurrentHashMap<>();
    private final List<InetSocketAddress> dialed = new CopyOnWriteArrayList<>();

    /** {@code name} resolves to {@code addresses} (literals). */
    public TestNetwork name(String name, String... addresses) {
        InetAddress[] all = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) all[i] = literal(addresses[i]);
        names.put(name, all);
        return this;
    }

    /**
     * {@code name} resolves to {@code first} once, then to {@code later}: a DNS server that
     * rebinds its name between a check and a connection.
     */
    public TestNetwork rebinding(String name, String first, String later) {
        InetAddress[] afterwards = {literal(later)};
        AtomicInteger asked = new AtomicInteger();
        rebinds.put(name, () -> asked.getAndIncrement() == 0 ? new InetAddress[] {literal(first)} : afterwards.clone());
        return this;
    }

    /** A connection to {@code address:port} goes to 127.0.0.1:{@code localPort} instead. */
    public TestNetwork redirect(String address, int port, int localPort) {
        redirects.put(
                new InetSocketAddress(literal(address), port),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
        return this;
    }

    /** How often {@code name} was resolved. */
    public int resolutionsOf(String name) {
        return resolutions.getOrDefault(name, new AtomicInteger()).get();
    }

    /** The addresses connected to, as the client asked (before any redirect). */
    public List<InetSocketAddress> dialed() {
        return List.copyOf(dialed);
    }

    /** An LNURL client on this network that trusts the test certificate, with the default bounds. */
    public LnurlService client(boolean allowPrivateHosts) {
        return client(allowPrivateHosts, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    HttpLnurlService client(boolean allowPrivateHosts, Duration connectTimeout, Duration requestTimeout) {
        return new HttpLnurlService(
                connectTimeout,
                requestTimeout,
                HttpLnurlService.DEFAULT_MAX_RESPONSE_BYTES,
                allowPrivateHosts,
                this,
                TestTls.client());
    }

    @Override
    public InetAddress[] resolve(String name) throws UnknownHostException {
        resolutions.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        if (rebinds.containsKey(name)) return rebinds.get(name).get();
        InetAddress[] known = names.get(name);
        return known != null ? known.clone() : Network.SYSTEM.resolve(name);
    }

    @Override
    public Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        dialed.add(address);
        return Network.SYSTEM.connect(redirects.getOrDefault(address, address), timeoutMillis);
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // literals only: never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
