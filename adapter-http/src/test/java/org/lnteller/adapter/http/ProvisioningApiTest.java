package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.adapter.http.ApiHarness.Reply;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.ProvisioningRefusal;
import org.lnteller.ports.usecase.PurchaseRequest;
import org.lnteller.ports.usecase.PurchaseState;
import org.lnteller.ports.usecase.PurchasedCredentials;

class ProvisioningApiTest {
    private static final String ADMIN_TOKEN = ApiHarness.ADMIN_TOKEN;
    private static final String STATUS_PATH = "/api/atm/purchase/" + FakeProvisioning.HASH.hex();
    private static final FakeProvisioning provisioning = new FakeProvisioning();

    /** A server that sells apps, with a generous rate limit. */
    @RegisterExtension
    static final ApiHarness selling = ApiHarness.sharedByTheClass(sellingApps(true, 1000, 1000));

    @RegisterExtension
    static final ApiHarness limited = ApiHarness.sharedByTheClass(sellingApps(true, 10, 3));

    @RegisterExtension
    static final ApiHarness notSelling = ApiHarness.sharedByTheClass(sellingApps(false, 10, 3));

    @BeforeEach
    void reset() {
        provisioning.reset();
    }

    private static Consumer<HttpApi.Builder> sellingApps(boolean selling, int perHour, int burst) {
        return builder -> builder.simulatedPayments(Optional.empty())
                .provisioning(selling ? Optional.of(provisioning) : Optional.empty())
                .purchaseRateLimit(perHour, burst);
    }

    /** Provisioning is public: no bearer token unless a test adds an Authorization header. */
    private static Reply send(ApiHarness server, String method, String path, String body, String... headers) {
        return server.send(method, path, null, body, headers);
    }

    @Test
    void aPurchaseAnswers201WithTheInvoiceAndTheClaimToken() {
        ApiHarness base = selling;
        Reply reply = send(base, "POST", "/api/atm/purchase", "{\"name\":\"my-atm-01\",\"pubkey\":\"npub1xyz\"}");
        assertThat(reply.status()).isEqualTo(201);
        JsonNode json = reply.json();
        assertThat(json.path("invoice").asText()).isEqualTo("lnbcrt100u1fake");
        assertThat(json.path("payment_hash").asText()).isEqualTo(FakeProvisioning.HASH.hex());
        assertThat(json.path("amount_sats").asLong()).isEqualTo(10_000);
        assertThat(json.path("expires_at").asText()).isEqualTo("2026-11-21T12:30:00Z");
        assertThat(json.path("claim_token").asText()).isEqualTo(FakeProvisioning.CLAIM_TOKEN);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(provisioning.purchases).containsExactly(new PurchaseRequest("my-atm-01", Optional.of("npub1xyz")));
    }

    @Test
    void aPurchaseWithoutAPubkeyOrABlankOneAsksTheServerToGenerateOne() {
        ApiHarness base = selling;
        assertThat(send(base, "POST", "/api/atm/purchase", "{\"name\":\"a\"}").status())
                .isEqualTo(201);
        assertThat(send(base, "POST", "/api/atm/purchase", "{\"name\":\"b\",\"pubkey\":\"  \"}")
                        .status())
                .isEqualTo(201);
        assertThat(provisioning.purchases).extracting(PurchaseRequest::pubkey).containsOnly(Optional.empty());
    }

    @Test
    void anInvalidPubkeyIs400NamingTheField() {
        Reply reply = send(selling, "POST", "/api/atm/purchase", "{\"name\":\"my-atm-01\",\"pubkey\":\"bad\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("field").asText()).isEqualTo("pubkey");
        assertThat(reply.json().path("error").asText()).contains("64 hex");
    }

    @Test
    void aMalformedPurchaseIs400AndNeverReachesTheService() {
        ApiHarness base = selling;
        for (String body : List.of(
                "{}",
                "{\"name\":7}",
                "{\"name\":\"" + "x".repeat(101) + "\"}",
                "not json",
                "{\"name\":\"a\",\"pubkey\":[1]}")) {
            assertThat(send(base, "POST", "/api/atm/purchase", body).status())
                    .as(body)
                    .isEqualTo(400);
        }
        assertThat(provisioning.purchases).isEmpty();
    }

    @Test
    void theFourthPurchaseOfABurstFromOneAddressIs429WithRetryAfter() {
        ApiHarness base = limited;
        for (int i = 0; i < 3; i++) {
            assertThat(send(base, "POST", "/api/atm/purchase", "{\"name\":\"atm-" + i + "\"}")
                            .status())
                    .isEqualTo(201);
        }
        Reply refused = send(base, "POST", "/api/atm/purchase", "{\"name\":\"atm-3\"}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("code").asText()).isEqualTo("rateLimited");
        assertThat(refused.header("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(350L, 360L));
        assertThat(provisioning.purchases).hasSize(3);
        // renewals draw on the same allowance: they create invoices too
        assertThat(send(base, "POST", "/api/atm/renew", "{\"app_id\":\"atm_bought\"}")
                        .status())
                .isEqualTo(429);
        // reading a purchase is not limited
        provisioning.answer(new PurchaseState.Pending(Purchase.Kind.NEW_APP));
        assertThat(send(base, "GET", STATUS_PATH, null).status()).isEqualTo(200);
    }

    @Test
    void tooManyUnpaidPurchasesIs503WithRetryAfter() {
        provisioning.refuseAll = Optional.of(new ProvisioningRefusal.TooManyPending(100));
        Reply reply = send(selling, "POST", "/api/atm/purchase", "{\"name\":\"a\"}");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().path("code").asText()).isEqualTo("tooManyPending");
        assertThat(reply.header("Retry-After")).contains("60");
    }

    @Test
    void aPendingPurchaseAnswersItsStatusAlone() {
        provisioning.answer(new PurchaseState.Pending(Purchase.Kind.NEW_APP));
        Reply reply = send(selling, "GET", STATUS_PATH, null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"pending\"}");
        assertThat(provisioning.presentedClaims).containsExactly(Optional.empty());
    }

    @Test
    void aPaidPurchaseWithoutTheClaimTokenAnswersStatusAndAppIdOnly() {
        provisioning.answer(new PurchaseState.Paid(Purchase.Kind.NEW_APP, FakeProvisioning.APP, Optional.empty()));
        Reply reply = send(selling, "GET", STATUS_PATH, null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"paid\",\"app_id\":\"atm_bought\"}");
    }

    @Test
    void theClaimTokenHeaderReleasesTheCredentialsAndTheEnvText() {
        String npub = "npub1lycg5qvjtrp3qjf5f7zl382j9x6nrjz9sdhenvyxq8c380qrxmusmcwcnc";
        provisioning.answer(new PurchaseState.Delivered(new PurchasedCredentials(
                FakeProvisioning.APP,
                "my-atm-01",
                "lnt_secret",
                "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9",
                npub,
                Optional.of(new PurchasedCredentials.GeneratedKey("03".repeat(32), "nsec1secret")))));
        Reply reply =
                send(selling, "GET", STATUS_PATH, null, "X-Claim-Token", " " + FakeProvisioning.CLAIM_TOKEN + " ");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.path("status").asText()).isEqualTo("paid");
        assertThat(json.path("app_id").asText()).isEqualTo("atm_bought");
        assertThat(json.path("credentials").path("token").asText()).isEqualTo("lnt_secret");
        assertThat(json.path("credentials").path("npub").asText()).isEqualTo(npub);
        assertThat(json.path("credentials").path("nsec").asText()).isEqualTo("nsec1secret");
        assertThat(json.path("credentials").path("secret_key").asText()).isEqualTo("03".repeat(32));
        assertThat(json.path("env").asText())
                .isEqualTo("LNTELLER_SERVER_URL=" + ApiHarness.PUBLIC_URL + "\nLNTELLER_APP_ID=atm_bought\n"
                        + "LNTELLER_APP_TOKEN=lnt_secret\nLNTELLER_APP_PUBKEY=" + npub
                        + "\nLNTELLER_APP_NSEC=nsec1secret\n");
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(provisioning.presentedClaims).containsExactly(Optional.of(FakeProvisioning.CLAIM_TOKEN));
    }

    @Test
    void aSecondClaimIs410AndAWrongClaimTokenIs403() {
        ApiHarness base = selling;
        provisioning.answer(new PurchaseState.AlreadyClaimed(FakeProvisioning.APP));
        Reply again = send(base, "GET", STATUS_PATH, null, "X-Claim-Token", FakeProvisioning.CLAIM_TOKEN);
        assertThat(again.status()).isEqualTo(410);
        assertThat(again.json().path("code").asText()).isEqualTo("alreadyClaimed");
        assertThat(again.json().has("credentials")).isFalse();

        provisioning.answer(new PurchaseState.WrongClaimToken());
        Reply wrong = send(base, "GET", STATUS_PATH, null, "X-Claim-Token", "lnc_guess");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.json().path("code").asText()).isEqualTo("wrongClaimToken");
    }

    @Test
    void anExpiredPurchaseAnUnknownOneAndAMalformedHash() {
        ApiHarness base = selling;
        provisioning.answer(new PurchaseState.Expired(Purchase.Kind.NEW_APP));
        assertThat(send(base, "GET", STATUS_PATH, null).body()).isEqualTo("{\"status\":\"expired\"}");
        assertThat(send(base, "GET", "/api/atm/purchase/" + "cd".repeat(32), null)
                        .status())
                .isEqualTo(404);
        Reply malformed = send(base, "GET", "/api/atm/purchase/xyz", null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("field").asText()).isEqualTo("payment_hash");
    }

    @Test
    void aRenewalAnswers201WithTheInvoiceAndTheAppButNoClaimToken() {
        ApiHarness base = selling;
        Reply reply = send(base, "POST", "/api/atm/renew", "{\"app_id\":\"atm_bought\"}");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().path("invoice").asText()).isEqualTo("lnbcrt100u1renew");
        assertThat(reply.json().path("app_id").asText()).isEqualTo("atm_bought");
        assertThat(reply.json().has("claim_token")).isFalse();

        assertThat(send(base, "POST", "/api/atm/renew", "{\"app_id\":\"atm_other\"}")
                        .status())
                .isEqualTo(404);
        assertThat(send(base, "POST", "/api/atm/renew", "{\"app_id\":\"no spaces\"}")
                        .status())
                .isEqualTo(400);
        assertThat(send(base, "POST", "/api/atm/renew", "{}").status()).isEqualTo(400);
        provisioning.refuseAll = Optional.of(new ProvisioningRefusal.NotRenewable("app atm_bought never expires"));
        Reply refused = send(base, "POST", "/api/atm/renew", "{\"app_id\":\"atm_bought\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("notRenewable");
        assertThat(provisioning.renewals)
                .containsExactly(FakeProvisioning.APP, AppId.of("atm_other"), FakeProvisioning.APP);
    }

    @Test
    void aPaidRenewalSaysUntilWhenTheAppRuns() {
        provisioning.answer(new PurchaseState.Paid(
                Purchase.Kind.RENEWAL, FakeProvisioning.APP, Optional.of(Instant.parse("2028-01-01T00:00:00Z"))));
        assertThat(send(selling, "GET", STATUS_PATH, null).body())
                .isEqualTo(
                        "{\"status\":\"paid\",\"app_id\":\"atm_bought\",\"app_expires_at\":\"2028-01-01T00:00:00Z\"}");
    }

    @Test
    void theOperatorListsPurchasesByStatusBehindTheAdminToken() {
        ApiHarness base = selling;
        provisioning.listing = List.of(new Purchase(
                FakeProvisioning.HASH,
                Purchase.Kind.NEW_APP,
                "my-atm-01",
                Optional.empty(),
                Optional.of(FakeProvisioning.APP),
                "lnbcrt100u1fake",
                Satoshi.of(10_000),
                "c".repeat(64),
                PurchaseStatus.PAID,
                Instant.parse("2026-11-21T12:00:00Z"),
                FakeProvisioning.EXPIRES,
                Optional.of(Instant.parse("2026-11-21T12:05:00Z"))));
        assertThat(send(base, "GET", "/api/admin/purchases", null).status()).isEqualTo(401);

        Reply reply =
                send(base, "GET", "/api/admin/purchases?status=paid", null, "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode purchase = reply.json().path("purchases").get(0);
        assertThat(purchase.path("payment_hash").asText()).isEqualTo(FakeProvisioning.HASH.hex());
        assertThat(purchase.path("status").asText()).isEqualTo("paid");
        assertThat(purchase.path("kind").asText()).isEqualTo("new_app");
        assertThat(purchase.path("app_id").asText()).isEqualTo("atm_bought");
        assertThat(purchase.path("paid_at").asText()).isEqualTo("2026-11-21T12:05:00Z");
        assertThat(reply.body()).doesNotContain("c".repeat(64));
        assertThat(provisioning.listed).containsExactly(Optional.of(PurchaseStatus.PAID));

        Reply bad = send(
                base, "GET", "/api/admin/purchases?status=refunded", null, "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(send(base, "GET", "/api/admin/purchases?limit=0", null, "Authorization", "Bearer " + ADMIN_TOKEN)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void whileTheOperatorDoesNotSellAppsEveryProvisioningRouteIs404() {
        ApiHarness base = notSelling;
        assertThat(send(base, "POST", "/api/atm/purchase", "{\"name\":\"a\"}").status())
                .isEqualTo(404);
        assertThat(send(base, "GET", STATUS_PATH, null).status()).isEqualTo(404);
        assertThat(send(base, "POST", "/api/atm/renew", "{\"app_id\":\"atm_bought\"}")
                        .status())
                .isEqualTo(404);
        assertThat(send(base, "GET", "/api/admin/purchases", null, "Authorization", "Bearer " + ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);
        assertThat(provisioning.purchases).isEmpty();
        assertThat(provisioning.renewals).isEmpty();
    }
}
