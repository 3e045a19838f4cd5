package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RevocationRoutesTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.sharedByTheClass();

    @Test
    void aDisabledMachineIsAnswered403AtOnceAndAnEnabledOneWorksAgain() {
        assertThat(api.machine("GET", "/rates", null).status()).isEqualTo(200);

        var disabled = api.admin("POST", "/api/admin/apps/atm-1/disable", null);
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("app_id").asText()).isEqualTo("atm-1");
        assertThat(disabled.json().get("status").asText()).isEqualTo("disabled");
        var refused = api.machine("GET", "/rates", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).doesNotContain("/api/atm/renew");

        var enabled = api.admin("POST", "/api/admin/apps/atm-1/enable", null);
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().get("status").asText()).isEqualTo("active");
        assertThat(api.machine("GET", "/rates", null).status()).isEqualTo(200);
        assertThat(api.apps.revocations).containsExactly("disable atm-1", "enable atm-1");
    }

    @Test
    void aRotatedTokenIsAnsweredOnceUncachedAndTheOldOneStopsWorking() {
        var rotated = api.admin("POST", "/api/admin/apps/atm-1/rotate-token", null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).contains("no-store");
        JsonNode json = rotated.json();
        String token = json.get("credentials").get("token").asText();
        assertThat(json.get("app_id").asText()).isEqualTo("atm-1");
        assertThat(json.get("env").asText())
                .contains("LNTELLER_APP_TOKEN=" + token)
                .contains("LNTELLER_APP_ID=atm-1");
        assertThat(api.machine("GET", "/rates", null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/rates", token, null).status()).isEqualTo(200);
    }

    @Test
    void aDeletedMachineIsAnswered403AndLeavesTheListing() {
        var deleted = api.admin("DELETE", "/api/admin/apps/atm-1", null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("status").asText()).isEqualTo("deleted");
        var refused = api.machine("GET", "/rates", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).contains("deleted");
        JsonNode apps = api.admin("GET", "/api/admin/apps", null).json().get("apps");
        assertThat(apps).extracting(app -> app.get("app_id").asText()).containsExactly("atm-2");
        assertThat(api.admin("DELETE", "/api/admin/apps/atm-1", null).status())
                .as("deleted twice")
                .isEqualTo(404);
        assertThat(api.admin("POST", "/api/admin/apps/atm-1/enable", null).status())
                .isEqualTo(404);
        assertThat(api.admin("POST", "/api/admin/apps/atm-1/rotate-token", null).status())
                .isEqualTo(404);
    }

    @Test
    void revocationRoutesNeedTheAdminTokenAKnownAppAndAValidId() {
        for (String path : new String[] {
            "/api/admin/apps/atm-1/disable", "/api/admin/apps/atm-1/enable", "/api/admin/apps/atm-1/rotate-token"
        }) {
            assertThat(api.send("POST", path, null, null).status()).as(path).isEqualTo(401);
            assertThat(api.send("POST", path, FakeApps.ATM_TOKEN, null).status())
                    .as(path)
                    .isEqualTo(401);
            assertThat(api.admin("POST", path.replace("atm-1", "atm-9"), null).status())
                    .as(path)
                    .isEqualTo(404);
            assertThat(api.admin("POST", path.replace("atm-1", "bad!id"), null).status())
                    .as(path)
                    .isEqualTo(400);
        }
        assertThat(api.send("DELETE", "/api/admin/apps/atm-1", null, null).status())
                .isEqualTo(401);
        assertThat(api.admin("DELETE", "/api/admin/apps/atm-9", null).status()).isEqualTo(404);
        assertThat(api.apps.revocations).allSatisfy(call -> assertThat(call).contains("atm-9"));
        assertThat(api.machine("GET", "/rates", null).status()).isEqualTo(200);
    }

    @Test
    void aNewAppsTokenIsAnsweredWithNoStore() {
        var reply = api.admin("POST", "/api/admin/app/add", "{\"name\":\"Lobby ATM\"}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Cache-Control")).contains("no-store");
    }
}
