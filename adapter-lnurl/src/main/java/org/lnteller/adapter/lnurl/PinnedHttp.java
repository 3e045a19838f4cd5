package org.lnteller.adapter.lnurl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 GET to one exact, already judged IP address: the connection goes to that address
 * and nowhere else (no name is looked up here), while the request carries the URL's host name in
 * its {@code Host} header and, over https, in TLS: as SNI and for certificate hostname
 * verification ({@code HTTPS} endpoint identification), so a certificate must be valid for the
 * name, not the address.
 *
 * <p>Why not the JDK HttpClient: it resolves names itself, and in Java 17 it cannot be told to
 * connect to an address chosen beforehand while verifying TLS for the name; a second lookup
 * between the check and the connection is exactly the DNS-rebinding hole this closes.
 *
 * <p>Deliberately small: GET only, {@code Connection: close}, no redirects (a 3xx is returned as
 * it is), no compression asked; bodies by Content-Length, chunked, or until the connection closes.
 * Bounded: TCP connect plus TLS handshake by {@code connectTimeout}, the whole exchange by a
 * deadline, the head by {@link #MAX_HEAD_BYTES}, the body by {@code maxBodyBytes}. Stateless apart
 * from its settings; safe for concurrent use.
 */
final class PinnedHttp {
    /** Longest status line plus headers read, in bytes. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    // ArrayRecordComponent: an answer read once and handed on, never compared or kept
    @SuppressWarnings("ArrayRecordComponent")
    record Response(int status, byte[] body) {}

    /** The TCP connection or the TLS handshake did not finish within the connect timeout. */
    static final class ConnectTimeout extends IOException {
        ConnectTimeout(@Nullable Throwable cause) {
            super("connect timeout", cause);
        }
    }

    /** The exchange did not finish before its deadline. */
    static final class Deadline extends IOException {
        Deadline() {
            super("deadline passed");
        }
    }

    /** The body is larger than the limit. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the answer is larger than " + limit + " bytes");
        }
    }

    /** The answer is not HTTP/1.x as this client reads it. */
    static final class NotHttp extends IOException {
        NotHttp(String why) {
            super(why);
        }
    }

    private final Network network;
    private final SSLSocketFactory tls;
    private final int connectTimeoutMillis;
    private final int maxBodyBytes;

    PinnedHttp(Network network, SSLSocketFactory tls, int connectTimeoutMillis, int maxBodyBytes) {
        this.network = network;
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * GETs {@code url} from {@code address}, finishing by {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @param host the URL's host as it goes into Host, SNI and verification: lower case, without a
     *             trailing dot, IPv6 literals in brackets
     */
    Response get(URI url, String host, InetAddress address, long deadlineNanos) throws IOException {
        boolean https = ServiceUrls.isHttps(url);
        int port = ServiceUrls.port(url);
        int connectBudget = (int) Math.max(1, Math.min(connectTimeoutMillis, millisLeft(deadlineNanos)));
        long connectEnd = System.nanoTime() + connectBudget * 1_000_000L;
        Socket socket;
        try {
            socket = network.connect(new InetSocketAddress(address, port), connectBudget);
        } catch (SocketTimeoutException e) {
            throw new ConnectTimeout(e);
        }
        try {
            if (https) socket = handshake(socket, host, port, connectEnd);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(url, host, port, https).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(new Reader(socket, deadlineNanos));
        } finally {
            socket.close();
        }
    }

    private SSLSocket handshake(Socket plain, String host, int port, long connectEnd) throws IOException {
        boolean literal = host.startsWith("[") || ServiceUrls.isIpv4Literal(host);
        SSLSocket ssl =
                (SSLSocket) tls.createSocket(plain, literal ? host.replaceAll("[\\[\\]]", "") : host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        // the certificate must be valid for the name in the URL, never merely for the address connected to
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!literal) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                ssl.close();
                throw new SSLException("the host name " + host + " cannot be sent in TLS", e);
            }
        }
        ssl.setSSLParameters(parameters);
        long left = millisLeft(connectEnd);
        if (left <= 0) throw new ConnectTimeout(null);
        ssl.setSoTimeout((int) left);
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new ConnectTimeout(e);
        }
        return ssl;
    }

    private static String requestHead(URI url, String host, int port, boolean https) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        boolean defaultPort = port == (https ? 443 : 80);
        return "GET " + target + " HTTP/1.1\r\n"
                + "Host: " + host + (defaultPort ? "" : ":" + port) + "\r\n"
                + "Accept: application/json\r\n"
                + "User-Agent: lnteller\r\n"
                + "Connection: close\r\n\r\n";
    }

    private Response read(Reader in) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        while (true) {
            String statusLine = in.line(budget);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
                throw new NotHttp("not an HTTP/1.x status line");
            }
            int status = Integer.parseInt(parts[1]);
            long contentLength = -1;
            boolean chunked = false;
            for (String header = in.line(budget); !header.isEmpty(); header = in.line(budget)) {
                int colon = header.indexOf(':');
                if (colon <= 0) throw new NotHttp("a header line without a name");
                String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).strip();
                if (name.equals("content-length")) {
                    if (!value.matches("\\d{1,18}")) throw new NotHttp("a bad Content-Length");
                    long length = Long.parseLong(value);
                    if (contentLength >= 0 && contentLength != length)
                        throw new NotHttp("two different Content-Lengths");
                    contentLength = length;
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                }
            }
            if (status >= 100 && status < 200) continue; // an interim answer: the real one follows
            if (status == 204 || status == 304) return new Response(status, new byte[0]);
            if (chunked) return new Response(status, chunkedBody(in));
            if (contentLength > maxBodyBytes) throw new TooLarge(maxBodyBytes);
            return new Response(
                    status, contentLength >= 0 ? in.exactly((int) contentLength) : in.untilClosed(maxBodyBytes));
        }
    }

    private byte[] chunkedBody(Reader in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] budget = {MAX_HEAD_BYTES};
        while (true) {
            String sizeLine = in.line(budget);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
            if (!hex.matches("[0-9a-fA-F]{1,8}")) throw new NotHttp("a bad chunk size");
            long size = Long.parseLong(hex, 16);
            if (size == 0) break;
            if (body.size() + size > maxBodyBytes) throw new TooLarge(maxBodyBytes);
            body.write(in.exactly((int) size));
            if (!in.line(budget).isEmpty()) throw new NotHttp("a chunk longer than its size");
        }
        for (String trailer = in.line(budget); !trailer.isEmpty(); trailer = in.line(budget)) {
            // trailers carry nothing this client reads
        }
        return body.toByteArray();
    }

    /** Whole milliseconds until {@code deadlineNanos} ({@link System#nanoTime()}); zero or less once it passed. */
    static long millisLeft(long deadlineNanos) {
        return Math.floorDiv(deadlineNanos - System.nanoTime(), 1_000_000L);
    }

    /** Reads a socket against a deadline: every read waits at most until then. */
    private static final class Reader {
        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;

        Reader(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadlineNanos = deadlineNanos;
        }

        /** Fills the buffer; false at the end of the stream. */
        private boolean fill() throws IOException {
            long left = millisLeft(deadlineNanos);
            if (left <= 0) throw new Deadline();
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw new Deadline();
            }
            if (n < 0) return false;
            position = 0;
            limit = n;
            return true;
        }

        /** One line without its CRLF (or bare LF), in ISO-8859-1, counted against {@code budget[0]}. */
        String line(int[] budget) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (position == limit && !fill()) throw new NotHttp("the answer ended early");
                byte b = buffer[position++];
                if (--budget[0] < 0) throw new NotHttp("the head is longer than " + MAX_HEAD_BYTES + " bytes");
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
                    return line.toString();
                }
                line.append((char) (b & 0xff));
            }
        }

        byte[] exactly(int n) throws IOException {
            byte[] out = new byte[n];
            int at = 0;
            while (at < n) {
                if (position == limit && !fill()) throw new NotHttp("the answer ended early");
                int take = Math.min(n - at, limit - position);
                System.arraycopy(buffer, position, out, at, take);
                position += take;
                at += take;
            }
            return out;
        }

        byte[] untilClosed(int max) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (position < limit || fill()) {
                int take = limit - position;
                if (out.size() + take > max) throw new TooLarge(max);
                out.write(buffer, position, take);
                position = limit;
            }
            return out.toByteArray();
        }
    }
}
