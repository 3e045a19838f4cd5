package org.lnteller.adapter.lnurl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback address and a free port that counts every TCP connection it
 * accepts, whatever is sent over it (TLS or not, a whole request or none), and answers an LNURL
 * error whose reason is {@link #SECRET}: a test asserts it is never contacted, and that its words
 * never reach a machine.
 */
public final class Tripwire implements AutoCloseable {
    /** The reason every answer carries: an internal service's words. */
    public static final String SECRET = "TRIPWIRE internal admin panel of db.internal";

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    /** Listens on {@code address} (a loopback literal, e.g. "127.0.0.1" or "::1"). */
    public Tripwire(String address) {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getByName(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptAll, "tripwire-" + address);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                connections.incrementAndGet();
                client.setSoTimeout(500);
                answer(client);
            } catch (IOException e) {
                // closed, or a client that hung up: keep counting the next ones
            }
        }
    }

    private static void answer(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        byte[] head = new byte[4096];
        in.read(head); // whatever came first; an HTTP client sends its whole head at once
        byte[] body = ("{\"status\":\"ERROR\",\"reason\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
