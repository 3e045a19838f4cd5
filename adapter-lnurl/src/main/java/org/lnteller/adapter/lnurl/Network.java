package org.lnteller.adapter.lnurl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.UnknownHostException;

/**
 * The two things the LNURL client asks of the network: the addresses of a name, and a TCP
 * connection to one exact address. Kept apart so that the client can judge the addresses between
 * the two steps and connect to exactly what it judged; tests put their own resolver and dialer here.
 * Implementations are safe for concurrent use.
 */
interface Network {

    /** The addresses {@code name} (a host name, never an address literal) stands for. */
    InetAddress[] resolve(String name) throws UnknownHostException;

    /**
     * A socket connected to exactly {@code address}, within {@code timeoutMillis} (positive).
     *
     * @throws java.net.SocketTimeoutException when the connection was not made in time
     */
    Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException;

    /** The system's resolver, and direct connections that ignore any proxy setting of the JVM. */
    Network SYSTEM = new Network() {
        @Override
        public InetAddress[] resolve(String name) throws UnknownHostException {
            return InetAddress.getAllByName(name);
        }

        @Override
        public Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
            // NO_PROXY: a socksProxyHost system property must not send the connection elsewhere
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                socket.connect(address, timeoutMillis);
                return socket;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    };
}
