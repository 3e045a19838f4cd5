package org.lnteller.app.machine;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.lnteller.app.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine port's TLS material. Either the server's own: a CA made at first start (key in the
 * data folder, owner-only) and a server certificate signed by it for the machine hosts, re-issued
 * before it expires (or when the hosts change) under the same CA, so paired machines, which pin
 * the CA, keep trusting the server; or the operator's own CA, certificate and key (PEM files).
 *
 * <p>{@code GET /ca} serves {@link Material#caPem()} byte for byte: the totem carries its SHA-256.
 */
public final class MachineCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(MachineCertificates.class);
    static final String FOLDER = "machine-tls";
    static final String CA_CERT = "ca.pem";
    static final String CA_KEY = "ca-key.pem";
    static final String SERVER_CERT = "server.pem";
    static final String SERVER_KEY = "server-key.pem";
    static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    /** A server certificate is re-issued once less than this is left of it. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");
    private static final int RSA_BITS = 2048;

    /**
     * @param caPem the CA certificate, exactly as served by {@code GET /ca}
     * @param chain the server certificate first, then the CA
     * @param hosts the names and addresses the server certificate is for; the first is the totem's default host
     */
    public record Material(String caPem, PrivateKey key, List<X509Certificate> chain, List<String> hosts) {
        public Material {
            Objects.requireNonNull(caPem, "caPem");
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty())
                throw new IllegalArgumentException("the machine port needs at least one host name or address");
        }

        public Instant serverNotAfter() {
            return chain.get(0).getNotAfter().toInstant();
        }

        @Override
        public String toString() {
            return "Material[hosts=" + hosts + ", notAfter=" + serverNotAfter() + ", key=<redacted>]";
        }
    }

    /** The operator's own PEM files ({@code MACHINE_TLS_CA}, {@code MACHINE_TLS_CERT}, {@code MACHINE_TLS_KEY}). */
    public record OwnFiles(Path ca, Path certificate, Path key) {}

    private MachineCertificates() {}

    /**
     * The server's own material in {@code dataDir}/machine-tls: the CA is made when missing and
     * then never changes; the server certificate is (re-)issued when missing, within
     * {@link #RENEW_BEFORE} of its end, or for other hosts.
     */
    public static Material selfManaged(Path dataDir, List<String> hosts, Clock clock, SecureRandom random) {
        Path dir = dataDir.resolve(FOLDER);
        try {
            // owner-only like the data folder it sits in (it holds the CA's key)
            PrivateFiles.secureFolder(dir);
            Path caCert = dir.resolve(CA_CERT);
            Path caKey = dir.resolve(CA_KEY);
            if (!Files.exists(caCert) || !Files.exists(caKey)) {
                KeyPair ca = rsa(random);
                X509Certificate cert = caCertificate(ca, clock.instant(), random);
                PrivateFiles.writeAtomically(caKey, pem(ca.getPrivate()).getBytes(StandardCharsets.UTF_8));
                PrivateFiles.writeAtomically(caCert, pem(cert).getBytes(StandardCharsets.UTF_8));
                Files.deleteIfExists(dir.resolve(SERVER_CERT));
                LOG.info(
                        "made the machine port's CA in {} (its key is owner-only); machines pin it when they pair",
                        dir);
            }
            String caPem = Files.readString(caCert, StandardCharsets.UTF_8);
            X509Certificate ca = certificates(caPem).get(0);
            Path serverCert = dir.resolve(SERVER_CERT);
            Path serverKey = dir.resolve(SERVER_KEY);
            if (Files.exists(serverCert) && Files.exists(serverKey)) {
                X509Certificate current = certificates(Files.readString(serverCert, StandardCharsets.UTF_8))
                        .get(0);
                if (!dueForRenewal(current, hosts, ca, clock.instant())) {
                    return new Material(
                            caPem,
                            privateKey(Files.readString(serverKey, StandardCharsets.UTF_8)),
                            List.of(current, ca),
                            hosts);
                }
            }
            PrivateKey caPrivate = privateKey(Files.readString(caKey, StandardCharsets.UTF_8));
            KeyPair server = rsa(random);
            X509Certificate issued =
                    serverCertificate(server.getPublic(), hosts, ca, caPrivate, clock.instant(), random);
            PrivateFiles.writeAtomically(serverKey, pem(server.getPrivate()).getBytes(StandardCharsets.UTF_8));
            PrivateFiles.writeAtomically(serverCert, pem(issued).getBytes(StandardCharsets.UTF_8));
            LOG.info(
                    "issued the machine port's server certificate for {} until {}",
                    hosts,
                    issued.getNotAfter().toInstant());
            return new Material(caPem, server.getPrivate(), List.of(issued, ca), hosts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the machine port's certificates in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the machine port's certificates: " + e.getMessage(), e);
        }
    }

    /**
     * The operator's files. The certificate file may hold the chain after the server
     * certificate; the CA file is what machines pin and must be the root of that chain.
     *
     * @throws IllegalArgumentException when a file cannot be read or they do not fit together
     */
    public static Material own(OwnFiles files, List<String> hosts) {
        try {
            String caPem = Files.readString(files.ca(), StandardCharsets.UTF_8);
            List<X509Certificate> cas = certificates(caPem);
            List<X509Certificate> chain =
                    new ArrayList<>(certificates(Files.readString(files.certificate(), StandardCharsets.UTF_8)));
            if (cas.isEmpty() || chain.isEmpty())
                throw new IllegalArgumentException("no certificate in MACHINE_TLS_CA or MACHINE_TLS_CERT");
            X509Certificate ca = cas.get(0);
            X509Certificate last = chain.get(chain.size() - 1);
            if (!last.equals(ca)) {
                last.verify(ca.getPublicKey());
                chain.add(ca);
            }
            PrivateKey key = privateKey(Files.readString(files.key(), StandardCharsets.UTF_8));
            return new Material(caPem, key, chain, hosts);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the machine port's own certificate files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "MACHINE_TLS_CERT is not signed by MACHINE_TLS_CA: " + e.getMessage(), e);
        }
    }

    static boolean dueForRenewal(X509Certificate current, List<String> hosts, X509Certificate ca, Instant now) {
        if (!current.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) return true;
        try {
            current.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return true;
        }
        return !subjectAltNames(current).equals(new LinkedHashSet<>(hosts));
    }

    private static Set<String> subjectAltNames(X509Certificate cert) {
        Set<String> names = new LinkedHashSet<>();
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) for (List<?> san : sans) names.add(String.valueOf(san.get(1)));
        } catch (GeneralSecurityException e) {
            return Set.of();
        }
        // the JDK writes IPv6 addresses in full: compare in the form the hosts are given
        Set<String> normalized = new LinkedHashSet<>();
        for (String n : names) normalized.add(n.contains(":") ? normalize(n) : n);
        return normalized;
    }

    private static String normalize(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            return ip;
        }
    }

    /**
     * The default {@code MACHINE_HOSTS}: this machine's host name, then its non-loopback,
     * non-link-local addresses (IPv4 first).
     */
    public static List<String> defaultHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank() && !name.equals("localhost")) hosts.add(name);
        } catch (IOException e) {
            LOG.debug("no local host name", e);
        }
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) continue;
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress()) continue;
                    String text = address.getHostAddress();
                    int zone = text.indexOf('%');
                    (text.contains(":") ? v6 : v4).add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list the network interfaces for MACHINE_HOSTS: {}", e.getMessage());
        }
        hosts.addAll(v4);
        hosts.addAll(v6.stream().map(MachineCertificates::normalize).toList());
        if (hosts.isEmpty()) hosts.add("localhost");
        return List.copyOf(hosts);
    }

    private static KeyPair rsa(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(RSA_BITS, random);
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair ca, Instant now, SecureRandom random)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=lnteller machine CA " + now.getEpochSecond());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                serial(random),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(CA_VALIDITY)),
                name,
                ca.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(ca.getPublic()));
        return sign(builder, ca.getPrivate());
    }

    private static X509Certificate serverCertificate(
            PublicKey key, List<String> hosts, X509Certificate ca, PrivateKey caKey, Instant now, SecureRandom random)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=" + hosts.get(0).replaceAll("[,=+<>#;\"\\\\]", "_"));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                ca,
                serial(random),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(SERVER_VALIDITY)),
                subject,
                key);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            names.add(
                    IP.matcher(host).matches()
                            ? new GeneralName(GeneralName.iPAddress, host)
                            : new GeneralName(GeneralName.dNSName, host));
        }
        builder.addExtension(
                Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
        return sign(builder, caKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    /** Every certificate in a PEM text, in order. */
    public static List<X509Certificate> certificates(String pem) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder)
                    out.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        }
        return out;
    }

    static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (o instanceof PEMKeyPair pair)
                    return converter.getKeyPair(pair).getPrivate();
                if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
            }
        }
        throw new IOException("no unencrypted private key in the PEM text");
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
