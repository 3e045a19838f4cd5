package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.lnurl.StandIn;
import org.lnteller.adapter.lnurl.TestNetwork;
import org.lnteller.adapter.lnurl.Tripwire;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.codec.lnurl.Lnurl;

/**
 * The guard: under the default settings, no code a customer can show a machine makes the
 * server contact a service on its own loopback, through {@code GET /probe} or a cash-in post.
 * The server runs whole, with its LNURL client on a test network where {@code pay.example.com}
 * is a public address served by an https stand-in, and some names resolve inward. A real HTTP
 * server on loopback (the tripwire) counts every connection; its answer carries a secret that
 * must never reach a machine either.
 */
class CustomerCodesNeverReachInsideTest {
    private static final String PUBLIC = "203.0.113.10";
    private static final long SATS_FOR_20 = 31_746;

    @TempDir
    Path data;

    private final Tripwire tripwire = new Tripwire("127.0.0.1");
    private Tripwire tripwire6;
    private final StandIn standIn = new StandIn();
    private TestNetwork network;
    private ServerHarness server;
    private String token;

    @BeforeEach
    void start() {
        try {
            tripwire6 = new Tripwire("::1");
        } catch (RuntimeException noIpv6) {
            tripwire6 = null;
        }
        network = new TestNetwork()
                .name("pay.example.com", PUBLIC)
                .name("loopback.example.com", "127.0.0.1")
                .name("metadata.example.com", "169.254.169.254")
                .redirect(PUBLIC, 443, standIn.port())
                // a loopback host on the default https port would reach the tripwire
                .redirect("127.0.0.1", 443, tripwire.port());
        int p = tripwire.port();
        standIn.payRequest("/.well-known/lnurlp/inward", "https://127.0.0.1:" + p + "/cb");
        standIn.payRequest("/.well-known/lnurlp/inward-http", "http://localhost:" + p + "/cb");
        standIn.payRequest("/.well-known/lnurlp/inward-mapped", "https://[::ffff:127.0.0.1]:" + p + "/cb");
        standIn.payRequest("/.well-known/lnurlp/inward-name", "https://loopback.example.com/cb");
        standIn.payRequest("/.well-known/lnurlp/inward-decimal", "https://2130706433:" + p + "/cb");
        server = new ServerHarness(data, Map.of(), network.client(false));
        token = server.post("/api/admin/app/add", ADMIN_TOKEN, Map.of("name", "lobby"))
                .body()
                .path("credentials")
                .path("token")
                .asText();
    }

    @AfterEach
    void stop() {
        server.close();
        tripwire.close();
        if (tripwire6 != null) tripwire6.close();
        standIn.close();
    }

    /** Every form a customer's code can take that names the server's own loopback, directly or through a service. */
    private List<String> inwardCodes() {
        int p = tripwire.port();
        int p6 = tripwire6 == null ? p : tripwire6.port();
        List<String> codes = new ArrayList<>(List.of(
                // LNURL bech32 (LUD-01)
                Lnurl.encode(URI.create("http://127.0.0.1:" + p + "/lnurlp")),
                Lnurl.encode(URI.create("https://127.0.0.1:" + p + "/lnurlp")),
                Lnurl.encode(URI.create("https://localhost:" + p + "/lnurlp")).toLowerCase(),
                Lnurl.encode(URI.create("http://[::1]:" + p6 + "/lnurlp")),
                // lnurlp:// (LUD-17)
                "lnurlp://127.0.0.1:" + p + "/lnurlp",
                "LNURLP://localhost:" + p + "/lnurlp",
                // Lightning addresses (LUD-16): a loopback literal, and names that resolve inward
                "alice@127.0.0.1",
                "alice@loopback.example.com",
                "alice@metadata.example.com",
                // BIP21 with lightning=
                "bitcoin:?lightning=" + Lnurl.encode(URI.create("https://127.0.0.1:" + p + "/lnurlp")),
                "bitcoin:bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080?amount=0.001&lightning=lnurlp://127.0.0.1:" + p
                        + "/x",
                "BITCOIN:?LIGHTNING=alice@loopback.example.com",
                // a public service whose callback points inward
                "inward@pay.example.com",
                "inward-http@pay.example.com",
                "inward-mapped@pay.example.com",
                "inward-name@pay.example.com",
                "inward-decimal@pay.example.com",
                // other spellings of 127.0.0.1 and ::1
                "lnurlp://2130706433:" + p + "/x",
                "lnurlp://0177.0.0.1:" + p + "/x",
                "lnurlp://0x7f.0.0.1:" + p + "/x",
                "lnurlp://0x7f000001:" + p + "/x",
                "lnurlp://127.1:" + p + "/x",
                "lnurlp://[::1]:" + p6 + "/x",
                "lnurlp://[0:0:0:0:0:0:0:1]:" + p6 + "/x",
                "lnurlp://[::ffff:127.0.0.1]:" + p + "/x",
                "lnurlp://[::ffff:7f00:1]:" + p + "/x",
                "lnurlp://[::127.0.0.1]:" + p + "/x",
                "lnurlp://0.0.0.0:" + p + "/x",
                Lnurl.encode(URI.create("http://2130706433:" + p + "/x")),
                Lnurl.encode(URI.create("https://0177.0.0.1:" + p + "/x")),
                Lnurl.encode(URI.create("https://0x7f.0.0.1:" + p + "/x")),
                Lnurl.encode(URI.create("https://127.1:" + p + "/x")),
                Lnurl.encode(URI.create("https://[::ffff:127.0.0.1]:" + p + "/x"))));
        return codes;
    }

    @Test
    void aProbeOfAnyFormOfAnInwardCodeNeverContactsTheLoopbackServer() {
        for (String code : inwardCodes()) {
            Answer probe = server.get("/probe?address=" + URLEncoder.encode(code, StandardCharsets.UTF_8), token);

            assertThat(probe.status()).as("probe of %s: %s", code, probe.raw()).isBetween(400, 499);
            assertThat(probe.body().path("code").asText())
                    .as(code)
                    .isIn("walletNotAllowed", "walletBadAnswer", "invalidDestination");
            assertThat(probe.raw()).as(code).doesNotContain("TRIPWIRE");
        }
        assertThat(tripwire.connections())
                .as("connections to the loopback server")
                .isZero();
        if (tripwire6 != null)
            assertThat(tripwire6.connections())
                    .as("connections to the IPv6 loopback server")
                    .isZero();
        // the stand-in was asked, so its callbacks were judged, and never followed
        assertThat(standIn.paths()).contains("/.well-known/lnurlp/inward", "/.well-known/lnurlp/inward-name");
    }

    @Test
    void aCashInToAnyFormOfAnInwardCodeNeverContactsTheLoopbackServer() {
        for (String code : inwardCodes()) {
            String id = UUID.randomUUID().toString();
            Answer opened = server.post("/tx", token, cashIn(id, 1, code, false));
            Answer last = opened;
            if (opened.status() == 200) last = server.post("/tx", token, cashIn(id, 2, code, true));

            assertThat(last.status()).as("cash-in to %s: %s", code, last.raw()).isBetween(400, 499);
            assertThat(last.body().path("code").asText())
                    .as(code)
                    .isIn("walletNotAllowed", "walletBadAnswer", "invalidDestination");
            assertThat(last.raw()).as(code).doesNotContain("TRIPWIRE");
        }
        assertThat(tripwire.connections())
                .as("connections to the loopback server")
                .isZero();
        if (tripwire6 != null)
            assertThat(tripwire6.connections())
                    .as("connections to the IPv6 loopback server")
                    .isZero();
    }

    private static String cashIn(String id, int version, String toAddress, boolean send) {
        return "{\"id\":\"" + id
                + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\","
                + "\"cryptoAtoms\":\"" + SATS_FOR_20 + "\",\"txVersion\":" + version + ",\"toAddress\":"
                + ServerHarness.json(List.of(toAddress)).replaceAll("^\\[|\\]$", "")
                + ",\"send\":" + send + ",\"bills\":[{\"denomination\":20,\"fiatCode\":\"USD\"}]}";
    }
}
