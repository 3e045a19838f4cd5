package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.SimulatedPayments;

class AdminApiTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.sharedByTheClass();

    @Test
    void addingAnAppAnswers201WithItsTokenOnceAndTheEnvTextForTheKiosk() {
        var reply = api.admin("POST", "/api/admin/app/add", """
                {"name":"Lobby ATM","cassettes":[{"denomination":20,"count":500},{"denomination":"50","count":"100","fiatCode":"EUR"}]}""");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(api.apps.added)
                .containsExactly(new NewApp(
                        "Lobby ATM",
                        Optional.empty(),
                        List.of(
                                new Cassette(1, FiatAmount.ofMajor("USD", "20"), 500),
                                new Cassette(2, FiatAmount.ofMajor("EUR", "50"), 100))));
        JsonNode json = reply.json();
        assertThat(json.get("app_id").asText()).isEqualTo("atm-new");
        assertThat(json.get("name").asText()).isEqualTo("Lobby ATM");
        assertThat(json.get("credentials").get("token").asText()).isEqualTo(FakeApps.NEW_TOKEN);
        assertThat(json.get("env").asText())
                .isEqualTo("LNTELLER_SERVER_URL=" + ApiHarness.PUBLIC_URL + "\n"
                        + "LNTELLER_APP_ID=atm-new\nLNTELLER_APP_TOKEN=" + FakeApps.NEW_TOKEN + "\n");
        assertThat(json.get("cassettes").toString())
                .isEqualTo("[{\"position\":1,\"denomination\":20,\"fiat_code\":\"USD\",\"count\":500},"
                        + "{\"position\":2,\"denomination\":50,\"fiat_code\":\"EUR\",\"count\":100}]");
        assertThat(json.get("created_at").asText()).isEqualTo(Txs.CREATED.toString());
        assertThat(json.get("expires_at").asText()).isEqualTo("2027-03-01T10:00:00Z");
    }

    @Test
    void anAppMayBeGivenItsOwnPerTransactionLimit() {
        var reply = api.admin("POST", "/api/admin/app/add", """
                {"name":"Lobby ATM","max_per_tx_sats":"500000"}""");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(api.apps.added)
                .containsExactly(new NewApp(
                        "Lobby ATM",
                        Optional.empty(),
                        List.of(),
                        Optional.of(org.lnteller.ports.model.Satoshi.of(500_000))));
        assertThat(api.admin("POST", "/api/admin/app/add", """
                {"name":"Lobby ATM","max_per_tx_sats":0}""").status()).isEqualTo(400);
    }

    @Test
    void anAppTheCoreRefusesIs400WithTheCoresReason() {
        var reply = api.admin("POST", "/api/admin/app/add", """
                {"name":"Lobby ATM","pubkey":"not-a-key"}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("pubkey must be 64 hex characters or an npub");
        assertThat(reply.json().get("code").asText()).isEqualTo("invalidRequest");
    }

    @Test
    void refillingCassettesReplacesThemAndAnswersTheApp() {
        var reply = api.admin("PUT", "/api/admin/apps/atm-1/cassettes", """
                {"cassettes":[{"denomination":20,"count":300},{"denomination":10,"count":0}]}""");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.apps.replaced).containsExactly(FakeApps.ATM);
        JsonNode json = reply.json();
        assertThat(json.get("app_id").asText()).isEqualTo("atm-1");
        assertThat(json.get("cassettes").get(1).get("position").asInt()).isEqualTo(2);
        assertThat(json.get("cassettes").get(1).get("count").asInt()).isZero();
    }

    @Test
    void refillingAnUnknownAppIs404() {
        var reply = api.admin("PUT", "/api/admin/apps/atm-unknown/cassettes", """
                {"cassettes":[{"denomination":20,"count":300}]}""");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("code").asText()).isEqualTo("notFound");
    }

    @Test
    void theAppListShowsEveryAppButNeverATokenOrItsHash() {
        var reply = api.admin("GET", "/api/admin/apps", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode apps = reply.json().get("apps");
        assertThat(apps).hasSize(2);
        assertThat(apps.get(0).get("app_id").asText()).isEqualTo("atm-1");
        assertThat(apps.get(0).get("status").asText()).isEqualTo("active");
        assertThat(apps.get(0).get("pubkey").isNull()).isTrue();
        assertThat(apps.get(0).get("expires_at").isNull()).isTrue();
        assertThat(reply.body()).doesNotContain("ab".repeat(32)).doesNotContain("token");
    }

    @Test
    void theTransactionListingPassesTheFiltersAndAnswersItemsWithTheNextCursor() {
        api.operator.page = new Page<>(
                List.of(Txs.cashOut(FakeApps.ATM, "tx-1", CashOutStatus.CONFIRMED)), Optional.of("cursor-2"));

        var reply = api.admin(
                "GET", "/api/admin/txs?status=confirmed&direction=cashOut&app_id=atm-1&limit=10&cursor=c1", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.operator.queries)
                .containsExactly(new TransactionQuery(
                        Optional.of(AppId.of("atm-1")),
                        Optional.of(Direction.CASH_OUT),
                        Optional.of("confirmed"),
                        10,
                        Optional.of("c1")));
        JsonNode json = reply.json();
        assertThat(json.get("items").get(0).get("id").asText()).isEqualTo("tx-1");
        assertThat(json.get("items").get(0).get("appId").asText()).isEqualTo("atm-1");
        assertThat(json.get("next_cursor").asText()).isEqualTo("cursor-2");
    }

    @Test
    void theTransactionListingDefaultsToFiftyOfEverything() {
        var reply = api.admin("GET", "/api/admin/txs", null);

        assertThat(reply.json().get("next_cursor").isNull()).isTrue();
        assertThat(api.operator.queries).containsExactly(TransactionQuery.all(50));
    }

    @Test
    void theBalanceIsGivenInMsatAndWholeSat() {
        JsonNode json = api.admin("GET", "/api/admin/balance", null).json();

        assertThat(json.get("available_msat").asLong()).isEqualTo(1_234_567);
        assertThat(json.get("available_sat").asLong()).isEqualTo(1_234);
        assertThat(json.get("pending_incoming_msat").asLong()).isEqualTo(5_000);
    }

    @Test
    void aBalanceTheBackendCannotGiveIs502() {
        api.operator.failure = new LightningBackendException(LightningBackendException.Kind.UNAVAILABLE, "down");

        var reply = api.admin("GET", "/api/admin/balance", null);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.json().get("code").asText()).isEqualTo("backendUnavailable");
    }

    @ParameterizedTest(name = "{0} is answered {1}")
    @CsvSource({"PAID, 200", "ALREADY_PAID, 409", "EXPIRED, 410", "NOT_FOUND, 404"})
    void payingASimulatedInvoiceAnswersWhatTheWalletDid(SimulatedPayments.Result result, int status) {
        api.payments.result = result;

        var reply = api.admin("POST", "/api/dev/invoices/" + Txs.HASH.hex() + "/pay", null);

        assertThat(reply.status()).isEqualTo(status);
        assertThat(api.payments.paid).containsExactly(Txs.HASH);
        if (status == 200) assertThat(reply.json().get("status").asText()).isEqualTo("paid");
        else assertThat(reply.json().has("code")).isTrue();
    }

    @Test
    void theAdminApiRefusesAMachineTokenAndAWrongAdminToken() {
        var machine = api.send("GET", "/api/admin/apps", FakeApps.ATM_TOKEN, null);
        var prefix = api.send("GET", "/api/admin/apps", ApiHarness.ADMIN_TOKEN.substring(0, 10), null);
        var longer = api.send("GET", "/api/admin/apps", ApiHarness.ADMIN_TOKEN + "x", null);

        assertThat(List.of(machine.status(), prefix.status(), longer.status())).containsOnly(401);
        assertThat(machine.json().get("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void withoutTheSimulatedBackendThereIsNothingToPay() {
        try (ApiHarness production = ApiHarness.started(builder -> builder.simulatedPayments(Optional.empty()))) {
            var reply = production.admin("POST", "/api/dev/invoices/" + Txs.HASH.hex() + "/pay", null);

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.json().get("code").asText()).isEqualTo("notFound");
            assertThat(production.payments.paid).isEmpty();
        }
    }
}
