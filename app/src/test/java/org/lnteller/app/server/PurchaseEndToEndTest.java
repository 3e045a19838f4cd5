package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.codec.nostr.KeyPair;
import org.lnteller.codec.nostr.PublicKeys;
import org.lnteller.ports.lightning.SettableClock;

/**
 * Paid self-service provisioning over real HTTP against the real server on H2 and the simulated
 * backend: an ATM owner buys an app with a Lightning invoice, claims its credentials once, uses
 * them on the machine API, lets the app expire and renews it by paying again.
 */
class PurchaseEndToEndTest {
    private static final Map<String, String> SELLING =
            Map.of("ATM_PURCHASE_ENABLED", "true", "ATM_PURCHASE_PRICE_SATS", "21000");
    /** BIP340 test vector 0's public key. */
    private static final String XONLY = "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";

    @TempDir
    Path data;

    private ServerHarness server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Answer claim(String hash, String claimToken) {
        return server.send(server.request("/api/atm/purchase/" + hash, null)
                .header("X-Claim-Token", claimToken)
                .GET()
                .build());
    }

    private Answer pay(String hash) {
        return server.post("/api/dev/invoices/" + hash + "/pay", ADMIN_TOKEN, "");
    }

    /** Polls without the claim token, which reads the database only: "paid" there was seen by the monitor or by push. */
    private JsonNode awaitPaid(String hash) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Answer poll = server.get("/api/atm/purchase/" + hash, null);
            assertThat(poll.status()).as(poll.raw()).isEqualTo(200);
            if ("paid".equals(poll.body().path("status").asText())) return poll.body();
            assertThat(poll.body().path("status").asText()).isEqualTo("pending");
            Thread.sleep(50);
        }
        throw new AssertionError("purchase " + hash + " never became paid");
    }

    private Answer cashOut(String token) {
        return server.post(
                "/tx",
                token,
                Map.of(
                        "id",
                        UUID.randomUUID().toString(),
                        "direction",
                        "cashOut",
                        "cryptoCode",
                        "LN",
                        "fiat",
                        "20",
                        "fiatCode",
                        "USD",
                        "cryptoAtoms",
                        "35000",
                        "txVersion",
                        1));
    }

    @Test
    void anAtmOwnerBuysAnAppClaimsItOnceUsesItAndRenewsItAfterItExpires() throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        server = new ServerHarness(data, SELLING, clock);

        Answer bought = server.post("/api/atm/purchase", null, Map.of("name", "my-atm-01"));
        assertThat(bought.status()).as(bought.raw()).isEqualTo(201);
        String hash = bought.body().path("payment_hash").asText();
        String claimToken = bought.body().path("claim_token").asText();
        assertThat(bought.body().path("invoice").asText()).startsWith("lnbcrt210u1");
        assertThat(bought.body().path("amount_sats").asLong()).isEqualTo(21_000);
        assertThat(Instant.parse(bought.body().path("expires_at").asText())).isAfter(clock.instant());
        assertThat(claimToken).startsWith("lnc_");

        Answer pending = server.get("/api/atm/purchase/" + hash, null);
        assertThat(pending.raw()).isEqualTo("{\"status\":\"pending\"}");
        assertThat(claim(hash, claimToken).raw())
                .as("the claim token before payment")
                .isEqualTo("{\"status\":\"pending\"}");

        assertThat(pay(hash).status()).isEqualTo(200);
        JsonNode paid = awaitPaid(hash);
        String appId = paid.path("app_id").asText();
        assertThat(appId).startsWith("atm_");
        assertThat(paid.has("credentials")).isFalse();

        Answer claimed = claim(hash, claimToken);
        assertThat(claimed.status()).as(claimed.raw()).isEqualTo(200);
        JsonNode credentials = claimed.body().path("credentials");
        String token = credentials.path("token").asText();
        assertThat(claimed.body().path("status").asText()).isEqualTo("paid");
        assertThat(claimed.body().path("app_id").asText()).isEqualTo(appId);
        assertThat(token).startsWith("lnt_");
        // a generated keypair: the secret is returned once and matches the public key the app is bound to
        String secretHex = credentials.path("secret_key").asText();
        assertThat(KeyPair.fromSecretKey(HexFormat.of().parseHex(secretHex)).publicKeyHex())
                .isEqualTo(credentials.path("pubkey").asText());
        assertThat(credentials.path("nsec").asText()).startsWith("nsec1");
        assertThat(PublicKeys.parseXOnly(credentials.path("npub").asText()))
                .isEqualTo(credentials.path("pubkey").asText());
        assertThat(claimed.body().path("env").asText())
                .contains(
                        "LNTELLER_SERVER_URL=http://localhost:",
                        "LNTELLER_APP_ID=" + appId + "\n",
                        "LNTELLER_APP_TOKEN=" + token + "\n",
                        "LNTELLER_APP_NSEC=nsec1");

        // the credentials work on the machine API at once
        Answer tx = cashOut(token);
        assertThat(tx.status()).as(tx.raw()).isEqualTo(200);
        assertThat(tx.body().path("status").asText()).isEqualTo("notSeen");
        assertThat(server.get("/rates", token).status()).isEqualTo(200);

        Answer again = claim(hash, claimToken);
        assertThat(again.status()).as(again.raw()).isEqualTo(410);
        assertThat(again.raw()).doesNotContain(token).doesNotContain(secretHex);

        Answer anyone = server.get("/api/atm/purchase/" + hash, null);
        assertThat(anyone.raw()).isEqualTo("{\"status\":\"paid\",\"app_id\":\"" + appId + "\"}");
        assertThat(claim(hash, "lnc_guessed").status()).isEqualTo(403);

        Answer listed = server.get("/api/admin/purchases?status=claimed", ADMIN_TOKEN);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("purchases").get(0).path("payment_hash").asText())
                .isEqualTo(hash);
        assertThat(listed.body().path("purchases").get(0).path("app_id").asText())
                .isEqualTo(appId);
        assertThat(listed.raw()).doesNotContain(token).doesNotContain(claimToken);
        JsonNode app =
                server.get("/api/admin/apps", ADMIN_TOKEN).body().path("apps").get(0);
        assertThat(app.path("app_id").asText()).isEqualTo(appId);
        assertThat(Instant.parse(app.path("expires_at").asText()))
                .isAfter(clock.instant().plus(Duration.ofDays(364)));

        // a year and a day later the app has expired: 403, saying how to renew
        clock.advance(Duration.ofDays(366));
        Answer expired = cashOut(token);
        assertThat(expired.status()).as(expired.raw()).isEqualTo(403);
        assertThat(expired.body().path("error").asText()).contains("expired").contains("POST /api/atm/renew");

        Answer renewal = server.post("/api/atm/renew", null, Map.of("app_id", appId));
        assertThat(renewal.status()).as(renewal.raw()).isEqualTo(201);
        assertThat(renewal.body().path("app_id").asText()).isEqualTo(appId);
        assertThat(renewal.body().has("claim_token")).isFalse();
        String renewalHash = renewal.body().path("payment_hash").asText();
        assertThat(pay(renewalHash).status()).isEqualTo(200);
        JsonNode renewed = awaitPaid(renewalHash);
        assertThat(Instant.parse(renewed.path("app_expires_at").asText()))
                .isAfter(clock.instant().plus(Duration.ofDays(364)));

        Answer back = cashOut(token);
        assertThat(back.status()).as(back.raw()).isEqualTo(200);
        assertThat(server.get("/api/admin/apps", ADMIN_TOKEN).body().path("apps"))
                .hasSize(1);
    }

    @Test
    void twentyParallelClaimPollsRacingThePaymentAndTheMonitorCreateExactlyOneApp() throws Exception {
        server = new ServerHarness(data, SELLING);
        Answer bought = server.post("/api/atm/purchase", null, Map.of("name", "raced"));
        String hash = bought.body().path("payment_hash").asText();
        String claimToken = bought.body().path("claim_token").asText();

        // the payment's push, the monitor's pass and the polls' own backend checks all race to create the app
        List<CompletableFuture<Answer>> polls = new ArrayList<>();
        CompletableFuture<Answer> payment = null;
        for (int i = 0; i < 20; i++) {
            if (i == 5) {
                payment = server.postAsync(server.request("/api/dev/invoices/" + hash + "/pay", ADMIN_TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
            }
            polls.add(server.postAsync(server.request("/api/atm/purchase/" + hash, null)
                    .header("X-Claim-Token", claimToken)
                    .GET()
                    .build()));
        }
        assertThat(payment.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        List<Answer> answers = new ArrayList<>();
        for (CompletableFuture<Answer> poll : polls) answers.add(poll.get(20, TimeUnit.SECONDS));
        awaitPaid(hash);

        assertThat(answers).extracting(Answer::status).isSubsetOf(200, 410);
        long delivered = answers.stream()
                .filter(a -> a.status() == 200 && a.body().has("credentials"))
                .count();
        assertThat(delivered).isLessThanOrEqualTo(1);
        assertThat(answers)
                .filteredOn(a -> a.status() == 200 && !a.body().has("credentials"))
                .allSatisfy(a -> assertThat(a.raw()).isEqualTo("{\"status\":\"pending\"}"));
        assertThat(claim(hash, claimToken).status()).as("a last claim").isEqualTo(delivered == 1 ? 410 : 200);
        assertThat(server.get("/api/admin/apps", ADMIN_TOKEN).body().path("apps"))
                .hasSize(1);
    }

    @Test
    void aBuyerWhoBringsAPublicKeyGetsNoSecretKey() throws Exception {
        server = new ServerHarness(data, SELLING);
        Answer bought =
                server.post("/api/atm/purchase", null, Map.of("name", "lobby", "pubkey", PublicKeys.npub(XONLY)));
        assertThat(bought.status()).as(bought.raw()).isEqualTo(201);
        String hash = bought.body().path("payment_hash").asText();
        pay(hash);
        awaitPaid(hash);
        Answer claimed = claim(hash, bought.body().path("claim_token").asText());
        assertThat(claimed.status()).as(claimed.raw()).isEqualTo(200);
        assertThat(claimed.body().path("credentials").path("pubkey").asText()).isEqualTo(XONLY);
        assertThat(claimed.body().path("credentials").has("secret_key")).isFalse();
        assertThat(claimed.body().path("credentials").has("nsec")).isFalse();
        assertThat(claimed.body().path("env").asText()).doesNotContain("NSEC");
    }

    @Test
    void invalidPublicKeysAre400AndCreateNoInvoice() {
        Map<String, String> env = new HashMap<>(SELLING);
        env.put("ATM_PURCHASE_BURST", "10");
        server = new ServerHarness(data, env);
        for (String bad : new String[] {
            "abc",
            "00".repeat(32),
            "npub1qqqqqqqq",
            XONLY.substring(2) + "zz",
            PublicKeys.npub(XONLY).replace("npub", "nsec")
        }) {
            Answer refused = server.post("/api/atm/purchase", null, Map.of("name", "my-atm-01", "pubkey", bad));
            assertThat(refused.status()).as(bad + ": " + refused.raw()).isEqualTo(400);
            assertThat(refused.body().path("field").asText()).isEqualTo("pubkey");
        }
        assertThat(server.get("/api/admin/purchases", ADMIN_TOKEN).body().path("purchases"))
                .isEmpty();
        assertThat(server.get("/metrics", ADMIN_TOKEN).raw()).doesNotContain("operation=\"createInvoice\"");
    }

    @Test
    void aBurstOfPurchasesFromOneAddressGets429AfterTheLimit() throws Exception {
        server = new ServerHarness(data, SELLING);
        for (int i = 0; i < 3; i++) {
            Answer bought = server.post("/api/atm/purchase", null, Map.of("name", "atm-" + i));
            assertThat(bought.status()).as(bought.raw()).isEqualTo(201);
        }
        HttpRequest fourth = server.request("/api/atm/purchase", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"atm-3\"}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(fourth, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.body()).contains("\"code\":\"rateLimited\"");
        // 10 an hour: the next one in six minutes
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 360L));
        assertThat(server.get("/api/admin/purchases", ADMIN_TOKEN).body().path("purchases"))
                .hasSize(3);
    }

    @Test
    void aServerThatDoesNotSellAppsAnswers404AndCreatesNothing() {
        server = new ServerHarness(data, Map.of());
        assertThat(server.post("/api/atm/purchase", null, Map.of("name", "my-atm-01"))
                        .status())
                .isEqualTo(404);
        assertThat(server.get("/api/atm/purchase/" + "ab".repeat(32), null).status())
                .isEqualTo(404);
        assertThat(server.post("/api/atm/renew", null, Map.of("app_id", "atm_x"))
                        .status())
                .isEqualTo(404);
        assertThat(server.get("/api/admin/purchases", ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(server.get("/api/admin/apps", ADMIN_TOKEN).body().path("apps"))
                .isEmpty();
        assertThat(server.get("/metrics", ADMIN_TOKEN).raw()).doesNotContain("operation=\"createInvoice\"");
    }
}
