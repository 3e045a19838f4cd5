package org.lnteller.adapter.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlException.Kind;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * Which hosts the client asks under the default settings, against real servers: a tripwire on
 * loopback that must never see a connection, and a public-looking https stand-in (the test
 * network sends {@value #PUBLIC}:443 to it) whose pay requests may point inward.
 */
class LnurlHostRulesTest {
    private static final String PUBLIC = "203.0.113.10";
    private static final String METADATA = "[[\"text/plain\",\"x\"]]";

    private final Tripwire tripwire = new Tripwire("127.0.0.1");
    private final StandIn standIn = new StandIn();
    private final TestNetwork network = new TestNetwork()
            .name("pay.example.com", PUBLIC)
            .name("other.example.com", PUBLIC)
            .name("inside.example.com", "10.0.0.7")
            .name("loopback.example.com", "127.0.0.1")
            .name("metadata.example.com", "169.254.169.254")
            .name("mixed.example.com", PUBLIC, "127.0.0.1")
            .redirect(PUBLIC, 443, standIn.port())
            // were a loopback host on the default port asked, the tripwire would see it
            .redirect("127.0.0.1", 443, tripwire.port());
    private final LnurlService defaults = network.client(false);
    private final int port = tripwire.port();

    @AfterEach
    void close() {
        tripwire.close();
        standIn.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1:%d/lnurlp",
                "http://127.0.0.1:%d/lnurlp",
                "https://localhost:%d/lnurlp",
                "https://LOCALHOST.:%d/lnurlp",
                "https://127.0.0.1/lnurlp?port=%d",
                "https://loopback.example.com/lnurlp?port=%d",
                "https://2130706433:%d/lnurlp",
                "https://0177.0.0.1:%d/lnurlp",
                "https://0x7f.0.0.1:%d/lnurlp",
                "https://0x7f000001:%d/lnurlp",
                "https://127.1:%d/lnurlp",
                "https://127.0.1:%d/lnurlp",
                "https://017700000001:%d/lnurlp",
                "https://127.000.000.001:%d/lnurlp",
                "https://[::ffff:127.0.0.1]:%d/lnurlp",
                "https://[::ffff:7f00:1]:%d/lnurlp",
                "https://[0:0:0:0:0:ffff:127.0.0.1]:%d/lnurlp",
                "https://[::127.0.0.1]:%d/lnurlp",
                "https://[64:ff9b::7f00:1]:%d/lnurlp",
                "https://[2002:7f00:1::1]:%d/lnurlp",
                "https://0.0.0.0:%d/lnurlp",
                "https://[::]:%d/lnurlp",
                "https://mixed.example.com/lnurlp?%d",
            })
    void aLoopbackServiceIsNeverContactedHoweverItsAddressIsWritten(String form) {
        URI url = URI.create(String.format(form, port));

        assertThatThrownBy(() -> defaults.payRequest(url))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isIn(Kind.NOT_ALLOWED, Kind.UNREACHABLE));
        assertThat(tripwire.connections())
                .as("connections to the loopback server")
                .isZero();
        assertThat(network.dialed()).as("connections made at all").isEmpty();
    }

    @Test
    void theIpv6LoopbackIsNeverContacted() {
        Tripwire six;
        try {
            six = new Tripwire("::1");
        } catch (RuntimeException e) {
            assumeTrue(false, "no IPv6 loopback here");
            return;
        }
        try (six) {
            for (String form : List.of(
                    "https://[::1]:%d/lnurlp", "http://[::1]:%d/lnurlp", "https://[0:0:0:0:0:0:0:1]:%d/lnurlp")) {
                URI url = URI.create(String.format(form, six.port()));
                assertThatThrownBy(() -> defaults.payRequest(url)).isInstanceOf(LnurlException.class);
            }
            assertThat(six.connections()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inside.example.com", "loopback.example.com", "metadata.example.com", "mixed.example.com"})
    void aNameThatResolvesInsideIsRefusedWithoutConnecting(String host) {
        assertThatThrownBy(() -> defaults.payRequest(URI.create("https://" + host + "/.well-known/lnurlp/alice")))
                .isInstanceOfSatisfying(LnurlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("does not contact");
                });
        assertThat(network.dialed()).isEmpty();
    }

    @Test
    void aPublicServiceIsAskedOverHttpsAtTheCheckedAddressWithItsNameInHostAndTls() {
        standIn.payRequest("/.well-known/lnurlp/alice", "https://pay.example.com/cb");

        PayRequest request = defaults.payRequest(URI.create("https://pay.example.com/.well-known/lnurlp/alice"));

        assertThat(request.callback()).isEqualTo(URI.create("https://pay.example.com/cb"));
        assertThat(standIn.hosts()).containsExactly("pay.example.com");
        assertThat(network.dialed()).containsExactly(new InetSocketAddress(literal(PUBLIC), 443));
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        standIn.payRequest("/lnurlp", "https://pay.example.com/cb");

        // other.example.com resolves to the very address that serves pay.example.com's certificate
        assertThatThrownBy(() -> defaults.payRequest(URI.create("https://other.example.com/lnurlp")))
                .isInstanceOfSatisfying(LnurlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                    assertThat(e.getMessage()).contains("securely");
                });
        assertThat(standIn.paths()).isEmpty();
    }

    @Test
    void aNameIsResolvedOnceAndTheConnectionGoesToTheAnswerThatWasChecked() {
        // the name's DNS answers a public address once, then loopback: a rebinding attack
        network.rebinding("rebind.example.com", PUBLIC, "127.0.0.1").redirect(PUBLIC, 8443, standIn.port());
        standIn.payRequest("/lnurlp", "https://pay.example.com/cb");
        // the certificate is for pay.example.com; what counts here is where the connection went
        assertThatThrownBy(() -> defaults.payRequest(URI.create("https://rebind.example.com:8443/lnurlp")))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.getMessage()).contains("securely"));

        assertThat(network.resolutionsOf("rebind.example.com")).isEqualTo(1);
        assertThat(network.dialed()).containsExactly(new InetSocketAddress(literal(PUBLIC), 8443));
        assertThat(tripwire.connections()).isZero();
        // the next answer would have been loopback: refused, not connected
        assertThatThrownBy(() -> defaults.payRequest(URI.create("https://rebind.example.com:8443/lnurlp")))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_ALLOWED));
        assertThat(network.dialed()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1:%d/cb",
                "http://127.0.0.1:%d/cb",
                "https://localhost:%d/cb",
                "https://[::ffff:127.0.0.1]:%d/cb",
                "https://2130706433:%d/cb",
                "https://0x7f.0.0.1:%d/cb",
                "https://loopback.example.com/cb?%d",
                "https://inside.example.com/cb?%d",
                "https://169.254.169.254/latest/meta-data?%d",
                "https://[fd00::1]:%d/cb"
            })
    void aPublicServicesCallbackThatPointsInsideIsRefusedAndNeverContacted(String callback) {
        standIn.payRequest("/.well-known/lnurlp/alice", String.format(callback, port));

        assertThatThrownBy(() -> defaults.payRequest(URI.create("https://pay.example.com/.well-known/lnurlp/alice")))
                // some spellings are not even a host to java.net.URI: a malformed pay request then
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isIn(Kind.NOT_ALLOWED, Kind.MALFORMED));
        // the stand-in was asked (so the refusal is the callback's), the inside never
        assertThat(standIn.paths()).containsExactly("/.well-known/lnurlp/alice");
        assertThat(tripwire.connections()).isZero();
        assertThat(network.dialed()).containsExactly(new InetSocketAddress(literal(PUBLIC), 443));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1:%d/cb",
                "http://127.0.0.1:%d/cb",
                "https://loopback.example.com/cb?%d",
                "https://[::ffff:7f00:1]:%d/cb"
            })
    void anInvoiceIsNeverAskedFromACallbackThatPointsInside(String callback) {
        PayRequest request = new PayRequest(
                URI.create(String.format(callback, port)),
                MilliSatoshi.of(1_000),
                MilliSatoshi.of(10_000_000),
                METADATA);

        assertThatThrownBy(() -> defaults.requestInvoice(request, MilliSatoshi.of(5_000)))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_ALLOWED));
        assertThat(tripwire.connections()).isZero();
        assertThat(network.dialed()).isEmpty();
    }

    @Test
    void plainHttpIsRefusedForAPublicHostEvenWhenPrivateHostsAreAllowed() {
        LnurlService privateDeployment = network.client(true);

        assertThatThrownBy(() -> privateDeployment.payRequest(URI.create("http://pay.example.com/lnurlp")))
                .isInstanceOfSatisfying(LnurlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("not secure");
                });
        assertThat(network.dialed()).isEmpty();
    }

    @Test
    void withPrivateHostsAllowedTheTripwireDoesSeeTheSameRequests() {
        // the control: these tests would notice a connection
        LnurlService privateDeployment = network.client(true, Duration.ofSeconds(2), Duration.ofSeconds(2));

        assertThatThrownBy(() -> privateDeployment.payRequest(URI.create("http://127.0.0.1:" + port + "/lnurlp")))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
        assertThatThrownBy(
                        () -> privateDeployment.payRequest(URI.create("http://[::ffff:127.0.0.1]:" + port + "/lnurlp")))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
        assertThatThrownBy(() ->
                        privateDeployment.payRequest(URI.create("http://loopback.example.com:" + port + "/lnurlp")))
                .isInstanceOfSatisfying(
                        LnurlException.class, e -> assertThat(e.getMessage()).contains(Tripwire.SECRET));

        assertThat(tripwire.connections()).isEqualTo(3);
    }

    @Test
    void anOnionHostIsRefusedSayingTorIsNotReached() {
        assertThatThrownBy(() -> network.client(true).payRequest(URI.create("http://abcdefgh.onion/lnurlp")))
                .isInstanceOfSatisfying(LnurlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("Tor (.onion)");
                });
        assertThat(network.resolutionsOf("abcdefgh.onion")).isZero();
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
