package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.adapter.galoy.GraphQlClient.Operation;
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.FakeLedger;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.UnableToQueryBackend;

/** The fake holds every operation to Blink's real schema, so a client that strays from it fails its tests. */
class FakeBlinkSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestBlink blink = new TestBlink();

    private final FakeBlink fake = blink.fake();

    @Test
    void aQueryAskingForAFieldBlinksSchemaLacksIsAnsweredWithAnErrorAndRecorded() throws Exception {
        FakeLedger.Account account = fake.ledger().newAccount(0);
        String query = "query Wallets { me { defaultAccount { wallets { id balance satsOnTheMoon } } } }";
        HttpRequest request = HttpRequest.newBuilder(fake.endpoint())
                .header("Content-Type", "application/json")
                .header("X-API-KEY", account.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        JSON.createObjectNode().put("query", query).put("operationName", "Wallets"))))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errors").get(0).path("message").asText()).contains("satsOnTheMoon");
        assertThat(body.has("data")).isFalse();
        assertThat(fake.violations())
                .anySatisfy(v -> assertThat(v).startsWith("Wallets:").contains("satsOnTheMoon"));
        fake.clearViolations();
    }

    @Test
    void theAdaptersClientSeesAWrongFieldAsAProtocolFailureAndTheFakeRecordsIt() {
        FakeLedger.Account account = fake.ledger().newAccount(0);
        GaloySettings settings = blink.settings(account);
        GraphQlClient client =
                new GraphQlClient(settings, GraphQlClient.newHttpClient(settings), JSON, d -> {}, new Random());
        Operation wrong = new Operation("Balance", "me", "query Balance { me { defaultAccount { btcBalance } } }");

        int before = fake.calls("Balance");

        assertThatThrownBy(() -> client.read(wrong, client.variables()))
                .isInstanceOfSatisfying(
                        UnableToQueryBackend.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("btcBalance");
        assertThat(fake.calls("Balance"))
                .as("a rejected document is not retried")
                .isEqualTo(before + 1);
        assertThat(fake.violations()).anySatisfy(v -> assertThat(v).contains("btcBalance"));
        fake.clearViolations();
    }

    @Test
    void everyOperationTheAdapterSendsValidatesAgainstBlinksSchema() throws Exception {
        List<Operation> operations = new ArrayList<>();
        for (Field f : Operations.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Operation.class) {
                f.setAccessible(true);
                operations.add((Operation) f.get(null));
            }
        }

        assertThat(operations).hasSize(10);
        for (Operation op : operations) {
            assertThat(fake.validate(op.document())).as(op.name()).isEmpty();
        }
        assertThat(fake.validate("query { me { notAField } }"))
                .as("the validator itself")
                .isNotEmpty();
    }
}
