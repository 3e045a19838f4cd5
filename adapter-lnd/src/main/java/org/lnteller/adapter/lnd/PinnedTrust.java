package org.lnteller.adapter.lnd;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate: the node's {@code tls.cert}, by the SHA-256 of its DER
 * encoding. Why no CA and no host-name check: lnd's certificate is self-signed and names the hosts
 * lnd knew when it made it (often not the name an operator reaches it by), and an exact pin is a
 * stronger check than either. A node that regenerates its certificate must be pinned again.
 *
 * <p>An {@link X509ExtendedTrustManager}, so the JDK calls it directly and adds no checks of its own.
 */
final class PinnedTrust extends X509ExtendedTrustManager {
    private final byte[] pin;

    PinnedTrust(byte[] pin) {
        this.pin = pin.clone();
    }

    static SSLContext sslContext(byte[] pin) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedTrust(pin)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("the LND node presented no certificate");
        byte[] seen;
        try {
            seen = LndSettings.sha256(chain[0].getEncoded());
        } catch (CertificateEncodingException e) {
            throw new CertificateException("the LND node's certificate cannot be read", e);
        }
        if (!MessageDigest.isEqual(seen, pin)) {
            throw new CertificateException("the node's TLS certificate (SHA-256 "
                    + java.util.HexFormat.of().formatHex(seen)
                    + ") is not the pinned one: configure LND_TLS_CERT with the node's tls.cert");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client of LND trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client of LND trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client of LND trusts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
