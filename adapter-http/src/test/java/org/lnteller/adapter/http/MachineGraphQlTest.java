package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.store.StoreException;
import org.lnteller.ports.usecase.MachineConfig;
import org.lnteller.ports.usecase.MachineConfigurations;
import org.lnteller.ports.usecase.MachineIdentity;

/**
 * The machine port's {@code POST /graphql} on a real Javalin server: the machine's own query,
 * executed by graphql-java against the schema, over a fake {@link MachineConfigurations}.
 */
class MachineGraphQlTest {
    private static final AppId APP = AppId.of("atm-1");
    private static final MachineIdentity MACHINE = new MachineIdentity("ab".repeat(32), 2, 0);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String QUERY = resource("machine-query.graphql");

    private final FakeConfigurations configurations = new FakeConfigurations();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Javalin server;

    @BeforeEach
    void start() {
        MachineGraphQl graphQl = new MachineGraphQl(configurations);
        server = Javalin.create(config -> config.showJavalinBanner = false);
        server.post("/graphql", ctx -> graphQl.handle(ctx, APP, MACHINE));
        server.exception(Exception.class, Errors::handle);
        server.start(0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void theMachinesFirstQueryGetsEveryFieldItAsksFor() throws Exception {
        HttpResponse<String> reply = post(machineQuery(null, null));

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(reply.body());
        assertThat(body.has("errors")).as(reply.body()).isFalse();
        JsonNode s = body.at("/data/configs/static");
        assertThat(s.get("configVersion").asInt()).isEqualTo(7);
        assertThat(s.get("serverVersion").asText()).isEqualTo("10.0.3");
        assertThat(s.get("timezone").isInt()).isTrue();
        assertThat(s.get("timezone").asInt()).isEqualTo(-300);
        assertThat(s.get("enablePaperWalletOnly").asBoolean()).isFalse();
        assertThat(s.get("hasLightning").asBoolean()).isTrue();
        assertThat(s.get("twoWayMode").asBoolean()).isTrue();
        assertThat(s.get("customerAuthentication").asText()).isEqualTo("SMS");
        assertThat(s.get("urlsToPing").isArray()).isTrue();
        assertThat(s.get("urlsToPing")).isEmpty();
        assertThat(s.get("speedtestFiles")).isEmpty();
        JsonNode coin = s.at("/coins/0");
        assertThat(MAPPER.convertValue(coin, java.util.Map.class))
                .containsOnlyKeys(
                        "cryptoCode",
                        "cryptoCodeDisplay",
                        "display",
                        "minimumTx",
                        "cashInFee",
                        "cashInCommission",
                        "cashOutCommission",
                        "cryptoNetwork",
                        "cryptoUnits",
                        "batchable",
                        "isCashInOnly");
        assertThat(coin.get("cryptoCode").asText()).isEqualTo("LN");
        assertThat(coin.get("display").asText()).isEqualTo("Lightning Network");
        assertThat(coin.get("cashInCommission").isTextual()).isTrue();
        assertThat(coin.get("cashInCommission").asText()).isEqualTo("4");
        assertThat(coin.get("cashOutCommission").asText()).isEqualTo("5");
        assertThat(coin.get("minimumTx").asText()).isEqualTo("5.00");
        assertThat(coin.get("cashInFee").asText()).isEqualTo("0");
        assertThat(coin.get("cryptoNetwork").asText()).isEqualTo("main");
        assertThat(coin.get("cryptoUnits").asText()).isEqualTo("full");
        assertThat(coin.get("batchable").asBoolean()).isFalse();
        assertThat(coin.get("isCashInOnly").asBoolean()).isFalse();
        assertThat(s.at("/localeInfo/country").asText()).isEqualTo("US");
        assertThat(s.at("/localeInfo/fiatCode").asText()).isEqualTo("USD");
        assertThat(s.at("/localeInfo/languages/0").asText()).isEqualTo("en-US");
        assertThat(s.at("/operatorInfo/name").asText()).isEqualTo("Corner ATM Co");
        assertThat(s.at("/operatorInfo/companyNumber").asText()).isEmpty();
        assertThat(s.at("/machineInfo/deviceId").asText()).isEqualTo("ab".repeat(32));
        assertThat(s.at("/machineInfo/deviceName").asText()).isEqualTo("ATM 1");
        assertThat(s.at("/machineInfo/numberOfCassettes").asInt()).isEqualTo(2);
        assertThat(s.at("/machineInfo/numberOfRecyclers").asInt()).isZero();
        assertThat(s.get("receiptInfo").isNull()).isTrue();
        for (String step : List.of("sanctions", "idCardPhoto", "idCardData", "facephoto", "usSsn")) {
            assertThat(s.at("/triggersAutomation/" + step).asText()).as(step).isEqualTo("Automatic");
        }
        assertThat(s.at("/triggersAutomation/custom").isArray()).isTrue();
        assertThat(s.at("/triggersAutomation/custom")).isEmpty();
        assertThat(s.get("triggers").isArray()).isTrue();
        assertThat(s.get("triggers")).isEmpty();

        JsonNode d = body.at("/data/configs/dynamic");
        assertThat(d.get("areThereAvailablePromoCodes").asBoolean()).isFalse();
        assertThat(d.at("/cassettes/physical/0/name").asText()).isEqualTo("cassette1");
        assertThat(d.at("/cassettes/physical/0/count").asInt()).isEqualTo(30);
        assertThat(d.at("/cassettes/physical/0/denomination").asInt()).isEqualTo(20);
        assertThat(d.at("/cassettes/physical/1/name").asText()).isEqualTo("cassette2");
        assertThat(d.at("/cassettes/physical/1/denomination").asInt()).isEqualTo(50);
        assertThat(d.at("/cassettes/virtual/0").asInt()).isEqualTo(100);
        assertThat(d.get("recyclers").isNull()).isTrue();
        JsonNode values = d.at("/coins/0");
        assertThat(values.get("cryptoCode").asText()).isEqualTo("LN");
        assertThat(values.get("balance").isTextual()).isTrue();
        assertThat(values.get("balance").asText()).isEqualTo("494");
        assertThat(values.get("ask").asText()).isEqualTo("50000");
        assertThat(values.get("bid").asText()).isEqualTo("50000");
        assertThat(values.get("cashIn").asText()).isEqualTo("52000.00000");
        assertThat(values.get("cashOut").asText()).isEqualTo("47619.04761");
        assertThat(values.get("zeroConfLimit").isInt()).isTrue();
        assertThat(values.get("zeroConfLimit").asInt()).isEqualTo(1101);
        for (String command :
                List.of("reboot", "shutdown", "restartServices", "emptyUnit", "refillUnit", "diagnostics")) {
            assertThat(d.get(command).isBoolean()).as(command).isTrue();
            assertThat(d.get(command).asBoolean()).as(command).isFalse();
        }

        JsonNode terms = body.at("/data/terms");
        assertThat(terms.get("hash").asText()).isEqualTo("f".repeat(64));
        assertThat(terms.get("text").asText()).isEqualTo("Buy at your own risk.");
        assertThat(terms.at("/details/title").asText()).isEqualTo("Terms");
        assertThat(terms.at("/details/accept").asText()).isEqualTo("Accept");
        assertThat(terms.at("/details/cancel").asText()).isEqualTo("Cancel");
        assertThat(terms.at("/details/delay").asBoolean()).isFalse();
        assertThat(terms.at("/details/tcPhoto").asBoolean()).isFalse();

        assertThat(configurations.asked)
                .containsExactly("configs app=atm-1 version=none", "terms app=atm-1 hash=none version=none");
    }

    @Test
    void theStaticPartIsNullWhenTheMachineIsUpToDate() throws Exception {
        JsonNode body = MAPPER.readTree(post(machineQuery(7, "f".repeat(64))).body());

        assertThat(body.at("/data/configs/static").isNull()).isTrue();
        assertThat(body.at("/data/configs/dynamic/coins/0/cryptoCode").asText()).isEqualTo("LN");
        assertThat(body.at("/data/terms/hash").asText()).isEqualTo("f".repeat(64));
        assertThat(body.at("/data/terms/text").isNull()).isTrue();
        assertThat(body.at("/data/terms/details").isNull()).isTrue();
        assertThat(configurations.asked)
                .containsExactly(
                        "configs app=atm-1 version=7", "terms app=atm-1 hash=" + "f".repeat(64) + " version=7");
    }

    @Test
    void termsAreNullWhenTheOperatorHasNone() throws Exception {
        configurations.terms = Optional.empty();

        JsonNode body = MAPPER.readTree(post(machineQuery(null, null)).body());

        assertThat(body.at("/data/terms").isNull()).isTrue();
        assertThat(body.at("/data/configs/static/configVersion").asInt()).isEqualTo(7);
    }

    @Test
    void aCoinLeftOutByTheCoreIsNotSent() throws Exception {
        configurations.coins = List.of();

        JsonNode body = MAPPER.readTree(post(machineQuery(null, null)).body());

        assertThat(body.at("/data/configs/dynamic/coins").isArray()).isTrue();
        assertThat(body.at("/data/configs/dynamic/coins")).isEmpty();
    }

    @Test
    void aQueryForAFieldTheSchemaLacksIsAGraphQlErrorNotA500() throws Exception {
        HttpResponse<String> reply = post(envelope("{ configs { static { configVersion bitcoinAddress } } }", null));

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(reply.body());
        assertThat(body.at("/errors/0/message").asText()).contains("bitcoinAddress");
        assertThat(body.has("data")).isFalse();
        assertThat(configurations.asked).as("an invalid query computes nothing").isEmpty();
    }

    @Test
    void aQueryThatIsNotGraphQlIsAGraphQlError() throws Exception {
        HttpResponse<String> reply = post(envelope("configs {{", null));

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(reply.body()).at("/errors/0/message").asText())
                .isNotEmpty();
    }

    @Test
    void aVariableOfTheWrongTypeIsAGraphQlError() throws Exception {
        ObjectNode request = machineQuery(null, null);
        ((ObjectNode) request.get("variables")).put("configVersion", "seven");

        HttpResponse<String> reply = post(request);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(reply.body()).at("/errors/0/message").asText())
                .contains("configVersion");
        assertThat(configurations.asked).isEmpty();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        HttpResponse<String> reply = post("{\"query\": ");

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(reply.body()).get("code").asText()).isEqualTo("invalidJson");
    }

    @Test
    void aBodyWithoutAQueryOrWithOddVariablesIs400() throws Exception {
        assertThat(post("{}").statusCode()).isEqualTo(400);
        assertThat(post("{\"query\": 42}").statusCode()).isEqualTo(400);
        assertThat(post("{\"query\": \"{ configs { dynamic { reboot } } }\", \"variables\": [1]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("{\"query\": \"{ configs { dynamic { reboot } } }\", \"operationName\": 3}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(configurations.asked).isEmpty();
    }

    @Test
    void aStoreFailureIsAGraphQlErrorThatNamesNoInternals() throws Exception {
        configurations.failure = new StoreException("connection to db.internal:5432 refused");

        HttpResponse<String> reply = post(machineQuery(null, null));

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).doesNotContain("db.internal");
        JsonNode body = MAPPER.readTree(reply.body());
        assertThat(body.at("/errors/0/extensions/code").asText()).isEqualTo("storeUnavailable");
        assertThat(body.at("/data").isNull())
                .as("configs is non-null, so data is null")
                .isTrue();
    }

    @Test
    void aNarrowQueryGetsOnlyWhatItAsks() throws Exception {
        JsonNode body = MAPPER.readTree(post(envelope("{ configs { dynamic { reboot coins { cryptoCode } } } }", null))
                .body());

        assertThat(body.toString())
                .isEqualTo(
                        "{\"data\":{\"configs\":{\"dynamic\":{\"reboot\":false,\"coins\":[{\"cryptoCode\":\"LN\"}]}}}}");
    }

    @Test
    void typeNamesAreAnsweredAsTheMachinesApolloClientAsksForThem() throws Exception {
        JsonNode body = MAPPER.readTree(post(envelope(
                        "{ configs { __typename static { __typename configVersion } dynamic { __typename reboot } } }",
                        null))
                .body());

        assertThat(body.has("errors")).as(body.toString()).isFalse();
        assertThat(body.at("/data/configs/__typename").asText()).isEqualTo("Configs");
        assertThat(body.at("/data/configs/static/__typename").asText()).isEqualTo("StaticConfig");
        assertThat(body.at("/data/configs/static/configVersion").asInt()).isEqualTo(7);
    }

    @Test
    void everyRemoteCommandHasItsMachineFieldName() {
        assertThat(java.util.Arrays.stream(MachineConfig.RemoteCommand.values()).map(MachineGraphQl::fieldOf))
                .containsExactly("reboot", "shutdown", "restartServices", "emptyUnit", "refillUnit", "diagnostics");
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode machineQuery(Integer configVersion, String currentHash) {
        ObjectNode variables = MAPPER.createObjectNode();
        if (configVersion == null) variables.putNull("configVersion");
        else variables.put("configVersion", configVersion);
        variables.put("currentHash", currentHash);
        return envelope(QUERY, variables);
    }

    private static ObjectNode envelope(String query, ObjectNode variables) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("query", query);
        if (variables != null) body.set("variables", variables);
        return body;
    }

    private HttpResponse<String> post(ObjectNode body) throws Exception {
        return post(MAPPER.writeValueAsString(body));
    }

    private HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.port() + "/graphql?model=unknown&version=10.0.3"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String resource(String name) {
        try (InputStream in = MachineGraphQlTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers fixed values (the figures of the core's test) and records what it was asked. */
    private static final class FakeConfigurations implements MachineConfigurations {
        final List<String> asked = new ArrayList<>();
        List<MachineConfig.CoinValues> coins = List.of(new MachineConfig.CoinValues(
                "LN",
                494,
                new BigDecimal("50000"),
                new BigDecimal("50000"),
                new BigDecimal("52000.00000"),
                new BigDecimal("47619.04761"),
                1101));
        Optional<MachineConfig.Terms> terms = Optional.of(new MachineConfig.Terms(
                "f".repeat(64),
                Optional.of("Buy at your own risk."),
                Optional.of(new MachineConfig.TermsDetails(false, false, "Terms", "Accept", "Cancel"))));
        RuntimeException failure;

        @Override
        public synchronized MachineConfig.Configs configs(AppId app, MachineIdentity machine, OptionalInt current) {
            asked.add("configs app=" + app + " version=" + (current.isPresent() ? current.getAsInt() : "none"));
            if (failure != null) throw failure;
            MachineConfig.Static s = new MachineConfig.Static(
                    7,
                    "10.0.3",
                    -300,
                    List.of(new MachineConfig.Coin(
                            "LN",
                            "LN",
                            "Lightning Network",
                            new BigDecimal("5.00"),
                            BigDecimal.ZERO,
                            new BigDecimal("4"),
                            new BigDecimal("5"),
                            "main",
                            "full",
                            false,
                            false)),
                    false,
                    true,
                    true,
                    MachineConfig.CustomerAuthentication.SMS,
                    List.of(),
                    List.of(),
                    new MachineConfig.LocaleInfo("US", Currency.getInstance("USD"), List.of("en-US")),
                    Optional.of(new MachineConfig.OperatorInfo(
                            "Corner ATM Co", "+15551234567", "ops@example.com", "https://example.com", "")),
                    new MachineConfig.MachineInfo(
                            machine.deviceId(), "ATM 1", machine.numberOfCassettes(), machine.numberOfRecyclers()),
                    new MachineConfig.TriggersAutomation(
                            MachineConfig.Automation.AUTOMATIC,
                            MachineConfig.Automation.AUTOMATIC,
                            MachineConfig.Automation.AUTOMATIC,
                            MachineConfig.Automation.AUTOMATIC,
                            MachineConfig.Automation.AUTOMATIC));
            MachineConfig.Dynamic d = new MachineConfig.Dynamic(
                    false,
                    Optional.of(new MachineConfig.Cassettes(
                            List.of(
                                    new MachineConfig.PhysicalCassette("cassette1", 30, 20),
                                    new MachineConfig.PhysicalCassette("cassette2", 7, 50)),
                            List.of(100))),
                    coins,
                    Set.of());
            boolean upToDate = current.isPresent() && current.getAsInt() == 7;
            return new MachineConfig.Configs(upToDate ? Optional.empty() : Optional.of(s), d);
        }

        @Override
        public synchronized Optional<MachineConfig.Terms> terms(
                AppId app, MachineIdentity machine, Optional<String> currentHash, OptionalInt current) {
            asked.add("terms app=" + app + " hash=" + currentHash.orElse("none") + " version="
                    + (current.isPresent() ? current.getAsInt() : "none"));
            if (failure != null) throw failure;
            if (terms.isPresent()
                    && currentHash.equals(Optional.of(terms.get().hash()))
                    && current.equals(OptionalInt.of(7))) {
                return Optional.of(new MachineConfig.Terms(terms.get().hash(), Optional.empty(), Optional.empty()));
            }
            return terms;
        }
    }
}
