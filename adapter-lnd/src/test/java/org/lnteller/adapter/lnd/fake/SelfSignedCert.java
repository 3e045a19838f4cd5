package org.lnteller.adapter.lnd.fake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed EC certificate like lnd's {@code tls.cert} (names localhost and 127.0.0.1), made
 * once per JVM with the JDK's keytool (the JDK has no public API to make one), kept in a temporary
 * folder: the key store for the stand-in and the PEM file an operator would configure.
 */
public final class SelfSignedCert {
    private static final String PASSWORD = "stand-in";
    private static SelfSignedCert instance;

    private final SSLContext sslContext;
    private final X509Certificate certificate;
    private final Path pemFile;

    private SelfSignedCert(SSLContext sslContext, X509Certificate certificate, Path pemFile) {
        this.sslContext = sslContext;
        this.certificate = certificate;
        this.pemFile = pemFile;
    }

    public static synchronized SelfSignedCert get() {
        if (instance == null) instance = make();
        return instance;
    }

    private static SelfSignedCert make() {
        try {
            Path dir = Files.createTempDirectory("lnd-stand-in-tls");
            dir.toFile().deleteOnExit();
            Path store = dir.resolve("tls.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(
                            keytool.toString(),
                            "-genkeypair",
                            "-alias",
                            "lnd",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-sigalg",
                            "SHA256withECDSA",
                            "-dname",
                            "CN=lnd stand-in, O=lnteller tests",
                            "-ext",
                            "SAN=dns:localhost,ip:127.0.0.1",
                            "-validity",
                            "30",
                            "-keystore",
                            store.toString(),
                            "-storetype",
                            "PKCS12",
                            "-storepass",
                            PASSWORD,
                            "-keypass",
                            PASSWORD))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException("keytool failed: " + out);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            X509Certificate cert = (X509Certificate) ks.getCertificate("lnd");
            Path pem = dir.resolve("tls.cert");
            Files.writeString(
                    pem,
                    "-----BEGIN CERTIFICATE-----\n"
                            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                    .encodeToString(cert.getEncoded())
                            + "\n-----END CERTIFICATE-----\n");
            return new SelfSignedCert(ctx, cert, pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the stand-in's certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    /** The PEM file, as lnd writes {@code tls.cert}. */
    public Path pemFile() {
        return pemFile;
    }

    /** SHA-256 of the certificate's DER encoding. */
    public byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
