package org.lnteller.app.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Lamassu machine (v10) as the protocol page describes it, written from that page and not from
 * the server's code: a self-signed RSA client certificate made at "first boot", the totem read
 * with its own base-x decoder, {@code GET /ca} without verifying the server, the CA checked
 * against the totem, everything after that over TLS pinned to that CA with the host name checked
 * against the certificate, and a {@code date} header on every request.
 */
public final class LamassuMachineClient {
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The machine's configuration query (trader.js GRAPHQL_QUERY), with every field the protocol page lists. */
    public static final String GRAPHQL_QUERY = """
            query($configVersion: Int, $currentHash: String) {
              configs(currentConfigVersion: $configVersion) {
                static {
                  configVersion
                  serverVersion
                  timezone
                  enablePaperWalletOnly
                  hasLightning
                  twoWayMode
                  customerAuthentication
                  urlsToPing
                  speedtestFiles { url size }
                  localeInfo { country fiatCode languages }
                  operatorInfo { name phone email website companyNumber }
                  machineInfo { deviceId deviceName numberOfCassettes numberOfRecyclers }
                  receiptInfo { paper sms operatorWebsite operatorEmail operatorPhone companyNumber machineLocation
                                customerNameOrPhoneNumber exchangeRate addressQRCode }
                  triggersAutomation { sanctions idCardPhoto idCardData facephoto usSsn custom { id type } }
                  triggers { id customInfoRequestId direction requirement triggerType suspensionDays threshold thresholdDays
                             customInfoRequest { id enabled customRequest { name input { type constraintType label1 label2 choiceList }
                             screen1 { text title } screen2 { text title } } } externalService }
                  coins { cryptoCode cryptoCodeDisplay display minimumTx cashInFee cashInCommission cashOutCommission
                          cryptoNetwork cryptoUnits batchable isCashInOnly }
                }
                dynamic {
                  areThereAvailablePromoCodes
                  cassettes { physical { name count denomination } virtual }
                  recyclers { physical { name number count denomination } virtual }
                  coins { cryptoCode balance ask bid cashIn cashOut zeroConfLimit }
                  reboot
                  shutdown
                  restartServices
                  emptyUnit
                  refillUnit
                  diagnostics
                }
              }
              terms(currentHash: $currentHash, currentConfigVersion: $configVersion) {
                hash
                text
                details { tcPhoto delay title accept cancel }
              }
            }""";

    public record Answer(int status, JsonNode body, String raw) {}

    private final int port;
    private final Clock clock;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final boolean presentCertificate;
    private byte[] totemCaHash;
    private byte[] token;
    private String host;
    private String caPem;
    private HttpClient pinned;

    /** A machine that made its certificate at first boot and will call {@code port} on the totem's host. */
    public LamassuMachineClient(int port, Clock clock) {
        this(port, clock, true);
    }

    private LamassuMachineClient(int port, Clock clock, boolean presentCertificate) {
        this.port = port;
        this.clock = clock;
        this.presentCertificate = presentCertificate;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            this.keys = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name name = new X500Name("CN=lamassu-machine");
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(
                            name,
                            BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minus(Duration.ofDays(1))),
                            Date.from(now.plus(Duration.ofDays(3650))),
                            name,
                            keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            this.certificate = new JcaX509CertificateConverter().getCertificate(holder);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the machine's certificate", e);
        }
    }

    /** A client that presents no certificate at all (not a Lamassu machine). */
    public static LamassuMachineClient withoutCertificate(int port, Clock clock) {
        return new LamassuMachineClient(port, clock, false);
    }

    /** The device id the server must derive: lowercase hex SHA-256 of the certificate's DER bytes. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a scanned totem: SHA-256(CA) (32 bytes) ‖ token (32 bytes) ‖ host. */
    public void scan(String totem) {
        byte[] bytes = baseXDecode(totem);
        if (bytes.length <= 64) throw new IllegalArgumentException("totem too short");
        totemCaHash = Arrays.copyOfRange(bytes, 0, 32);
        token = Arrays.copyOfRange(bytes, 32, 64);
        host = new String(bytes, 64, bytes.length - 64, StandardCharsets.UTF_8);
    }

    public String host() {
        return host;
    }

    /** base-x: big-endian base 45, each leading '0' one leading zero byte. */
    public static byte[] baseXDecode(String text) {
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '0') zeros++;
        BigInteger n = BigInteger.ZERO;
        for (char c : text.substring(zeros).toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) throw new IllegalArgumentException("not base-x: " + c);
            n = n.multiply(BigInteger.valueOf(45)).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
        if (magnitude.length > 0 && magnitude[0] == 0) magnitude = Arrays.copyOfRange(magnitude, 1, magnitude.length);
        byte[] out = new byte[zeros + magnitude.length];
        System.arraycopy(magnitude, 0, out, zeros, magnitude.length);
        return out;
    }

    public String pairToken() {
        return HexFormat.of().formatHex(token);
    }

    public String caToken() {
        return sha256Hex(pairToken().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Step 1: {@code GET /ca} without verifying the server. On 200 the CA must hash to the totem's
     * first 32 bytes, or the machine refuses to go on (an {@link IllegalStateException} here).
     */
    public Answer fetchCa() {
        Answer answer = send(
                insecureClient(),
                request("/ca?token=" + caToken(), clock.instant()).GET().build());
        if (answer.status() == 200) {
            String ca = answer.body().path("ca").asText();
            if (!MessageDigest.isEqual(sha256(ca.getBytes(StandardCharsets.UTF_8)), totemCaHash)) {
                throw new IllegalStateException("the CA does not match the totem");
            }
            caPem = ca;
        }
        return answer;
    }

    /** Step 2: {@code POST /pair} pinned to the CA from step 1 (no body). */
    public Answer pair(int cassettes, int recyclers) {
        return send(
                pinnedClient(),
                request(
                                "/pair?token=" + pairToken() + "&numOfCassettes=" + cassettes + "&numOfRecyclers="
                                        + recyclers,
                                clock.instant())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    /** {@code POST /pair} with any token, pinned to the CA. */
    public Answer pairWith(String pairToken) {
        return send(
                pinnedClient(),
                request("/pair?token=" + pairToken + "&numOfCassettes=2&numOfRecyclers=0", clock.instant())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    /** {@code GET /ca} with any token. */
    public Answer caWith(String caToken) {
        return send(
                insecureClient(),
                request("/ca?token=" + caToken, clock.instant()).GET().build());
    }

    /** Trusts the CA another machine pinned (to test a second certificate against the same server). */
    public void trust(String host, String caPem) {
        this.host = host;
        this.caPem = caPem;
        this.pinned = null;
    }

    public String caPem() {
        return caPem;
    }

    public Answer get(String path) {
        return get(path, clock.instant());
    }

    public Answer get(String path, Instant date) {
        return send(pinnedClient(), request(path, date).GET().build());
    }

    public Answer post(String path, Object body) {
        return post(path, body, clock.instant());
    }

    public Answer post(String path, Object body, Instant date) {
        return send(
                pinnedClient(),
                request(path, date)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                        .build());
    }

    /** The background and pre-transaction configuration query. */
    public Answer configs(Integer configVersion, String currentHash) {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("configVersion", configVersion);
        variables.put("currentHash", currentHash);
        return post(
                "/graphql?model=aveiro&pid=1&version=10.0.3", Map.of("query", GRAPHQL_QUERY, "variables", variables));
    }

    public Answer configs() {
        return configs(null, null);
    }

    private HttpRequest.Builder request(String path, Instant date) {
        return HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("date", date.toString());
    }

    private HttpClient insecureClient() {
        return client(new TrustManager[] {new TrustAnything()});
    }

    private HttpClient pinnedClient() {
        if (pinned == null) {
            if (caPem == null) throw new IllegalStateException("no CA pinned yet: fetch /ca first");
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                try (PEMParser parser = new PEMParser(new StringReader(caPem))) {
                    X509CertificateHolder holder = (X509CertificateHolder) parser.readObject();
                    trust.setCertificateEntry("ca", new JcaX509CertificateConverter().getCertificate(holder));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                pinned = client(tmf.getTrustManagers());
            } catch (Exception e) {
                throw new IllegalStateException("cannot pin the CA", e);
            }
        }
        return pinned;
    }

    /** The JDK client checks the host name against the server certificate (endpoint identification HTTPS). */
    private HttpClient client(TrustManager[] trust) {
        try {
            KeyManager[] keyManagers = null;
            if (presentCertificate) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] password = "machine".toCharArray();
                store.setKeyEntry("machine", keys.getPrivate(), password, new X509Certificate[] {certificate});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
                kmf.init(store, password);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trust, new SecureRandom());
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(context)
                    .sslParameters(parameters)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (IOException e) {
                // not JSON: the raw text is in the answer
            }
            return new Answer(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    /** What the machine uses for {@code /ca}: no check of the server at all, host name included. */
    private static final class TrustAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
