package org.lnteller.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.store.StoreException;
import org.lnteller.ports.usecase.MachineConfig;
import org.lnteller.ports.usecase.MachineConfigurations;
import org.lnteller.ports.usecase.MachineIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /graphql} of the machine port: a Lamassu machine's configuration query, executed by
 * graphql-java against the schema in {@code machine-config.graphqls}, so the machine gets exactly
 * the fields it asks for and a query naming a field the schema lacks gets a GraphQL error.
 *
 * <p>Answers: 200 with the GraphQL envelope ({@code data}, and {@code errors} when the query is
 * invalid or the configuration could not be computed); 400 when the body is not JSON or has no
 * {@code query}; 413 when it is too large. Never 403: that would make the machine unpair itself.
 *
 * <p>Thread-safe: the schema and executor are built once and shared.
 */
final class MachineGraphQl {
    private static final Logger log = LoggerFactory.getLogger(MachineGraphQl.class);
    static final String SCHEMA_RESOURCE = "machine-config.graphqls";
    /** The machine's own query nests 7 deep and names about 110 fields; room to spare, no more. */
    private static final int MAX_DEPTH = 15;

    private static final int MAX_COMPLEXITY = 1_000;
    private static final String APP_KEY = "lnteller.app";
    private static final String MACHINE_KEY = "lnteller.machine";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final MachineConfigurations configurations;
    private final GraphQL graphQl;

    MachineGraphQl(MachineConfigurations configurations) {
        this.configurations = Objects.requireNonNull(configurations, "configurations");
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type(
                        "Query",
                        query -> query.dataFetcher("configs", this::configs).dataFetcher("terms", this::terms))
                .build();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(schema(), wiring);
        this.graphQl = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new Failures())
                .instrumentation(new ChainedInstrumentation(List.of(
                        new MaxQueryDepthInstrumentation(MAX_DEPTH),
                        new MaxQueryComplexityInstrumentation(MAX_COMPLEXITY))))
                .build();
    }

    /**
     * Answers one configuration query of the machine {@code machine}, paired to {@code app}
     * (both already authenticated by the machine port).
     */
    void handle(Context ctx, AppId app, MachineIdentity machine) {
        ExecutionInput input;
        try {
            input = parse(Json.readObject(ctx), app, machine);
        } catch (InvalidRequest | ApiError refused) {
            Errors.handle(refused, ctx);
            return;
        }
        ExecutionResult result = graphQl.execute(input);
        if (!result.getErrors().isEmpty() && log.isDebugEnabled()) {
            log.debug("configuration query of app {}: {}", app, result.getErrors());
        }
        try {
            ctx.status(200).contentType("application/json").result(MAPPER.writeValueAsBytes(result.toSpecification()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExecutionInput parse(ObjectNode body, AppId app, MachineIdentity machine) {
        JsonNode query = body.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            throw InvalidRequest.of("query", "is required: the GraphQL query as a string");
        }
        JsonNode variables = body.get("variables");
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            throw InvalidRequest.of("variables", "must be a JSON object");
        }
        JsonNode operation = body.get("operationName");
        if (operation != null && !operation.isNull() && !operation.isTextual()) {
            throw InvalidRequest.of("operationName", "must be a string");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values =
                variables == null || variables.isNull() ? Map.of() : MAPPER.convertValue(variables, Map.class);
        ExecutionInput.Builder input = ExecutionInput.newExecutionInput()
                .query(query.asText())
                .variables(values)
                .graphQLContext(Map.of(APP_KEY, app, MACHINE_KEY, machine));
        if (operation != null && operation.isTextual()) input.operationName(operation.asText());
        return input.build();
    }

    private Map<String, Object> configs(DataFetchingEnvironment env) {
        MachineConfig.Configs configs = configurations.configs(
                env.getGraphQlContext().get(APP_KEY),
                env.getGraphQlContext().get(MACHINE_KEY),
                intArgument(env, "currentConfigVersion"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "static",
                configs.staticConfig().map(MachineGraphQl::staticConfig).orElse(null));
        out.put("dynamic", dynamic(configs.dynamic()));
        return out;
    }

    private @Nullable Map<String, Object> terms(DataFetchingEnvironment env) {
        Optional<String> currentHash = Optional.ofNullable(env.getArgument("currentHash"));
        return configurations
                .terms(
                        env.getGraphQlContext().get(APP_KEY),
                        env.getGraphQlContext().get(MACHINE_KEY),
                        currentHash,
                        intArgument(env, "currentConfigVersion"))
                .map(MachineGraphQl::terms)
                .orElse(null);
    }

    private static OptionalInt intArgument(DataFetchingEnvironment env, String name) {
        Integer value = env.getArgument(name);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    // ---------------------------------------------------------------- values in the machine's shape

    private static Map<String, Object> staticConfig(MachineConfig.Static s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("configVersion", s.configVersion());
        out.put("serverVersion", s.serverVersion());
        out.put("timezone", s.timezoneOffsetMinutes());
        out.put("coins", s.coins().stream().map(MachineGraphQl::coin).toList());
        out.put("enablePaperWalletOnly", s.enablePaperWalletOnly());
        out.put("hasLightning", s.hasLightning());
        out.put("twoWayMode", s.twoWayMode());
        out.put("customerAuthentication", s.customerAuthentication().name());
        out.put("urlsToPing", s.urlsToPing());
        out.put(
                "speedtestFiles",
                s.speedtestFiles().stream()
                        .map(f -> Map.of("url", f.url(), "size", f.size()))
                        .toList());
        out.put(
                "localeInfo",
                Map.of(
                        "country",
                        s.locale().country(),
                        "fiatCode",
                        s.locale().fiat().getCurrencyCode(),
                        "languages",
                        s.locale().languages()));
        out.put(
                "operatorInfo",
                s.operator()
                        .map(o -> Map.of(
                                "name",
                                o.name(),
                                "phone",
                                o.phone(),
                                "email",
                                o.email(),
                                "website",
                                o.website(),
                                "companyNumber",
                                o.companyNumber()))
                        .orElse(null));
        out.put(
                "machineInfo",
                Map.of(
                        "deviceId",
                        s.machine().deviceId(),
                        "deviceName",
                        s.machine().deviceName(),
                        "numberOfCassettes",
                        s.machine().numberOfCassettes(),
                        "numberOfRecyclers",
                        s.machine().numberOfRecyclers()));
        // no receipts: the machine prints and texts none
        out.put("receiptInfo", null);
        MachineConfig.TriggersAutomation automation = s.triggersAutomation();
        out.put(
                "triggersAutomation",
                Map.of(
                        "sanctions",
                        automation(automation.sanctions()),
                        "idCardPhoto",
                        automation(automation.idCardPhoto()),
                        "idCardData",
                        automation(automation.idCardData()),
                        "facephoto",
                        automation(automation.facephoto()),
                        "usSsn",
                        automation(automation.usSsn()),
                        "custom",
                        List.of()));
        // no compliance triggers: nothing asks a customer for a phone number, an ID or a photo
        out.put("triggers", List.of());
        return out;
    }

    private static String automation(MachineConfig.Automation automation) {
        return switch (automation) {
            case AUTOMATIC -> "Automatic";
            case MANUAL -> "Manual";
        };
    }

    private static Map<String, Object> coin(MachineConfig.Coin coin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cryptoCode", coin.cryptoCode());
        out.put("cryptoCodeDisplay", coin.cryptoCodeDisplay());
        out.put("display", coin.display());
        out.put("minimumTx", coin.minimumTx().toPlainString());
        out.put("cashInFee", coin.cashInFee().toPlainString());
        out.put("cashInCommission", coin.cashInCommission().toPlainString());
        out.put("cashOutCommission", coin.cashOutCommission().toPlainString());
        out.put("cryptoNetwork", coin.cryptoNetwork());
        out.put("cryptoUnits", coin.cryptoUnits());
        out.put("batchable", coin.batchable());
        out.put("isCashInOnly", coin.isCashInOnly());
        return out;
    }

    private static Map<String, Object> dynamic(MachineConfig.Dynamic d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("areThereAvailablePromoCodes", d.areThereAvailablePromoCodes());
        out.put(
                "cassettes",
                d.cassettes()
                        .map(c -> Map.of(
                                "physical",
                                        c.physical().stream()
                                                .map(p -> Map.of(
                                                        "name",
                                                        p.name(),
                                                        "count",
                                                        p.count(),
                                                        "denomination",
                                                        p.denomination()))
                                                .toList(),
                                "virtual", c.virtual()))
                        .orElse(null));
        // no recyclers: lnteller's cassettes only dispense
        out.put("recyclers", null);
        List<Map<String, Object>> coins = new ArrayList<>();
        for (MachineConfig.CoinValues coin : d.coins()) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("cryptoCode", coin.cryptoCode());
            values.put("balance", Long.toString(coin.balance()));
            values.put("ask", coin.ask().toPlainString());
            values.put("bid", coin.bid().toPlainString());
            values.put("cashIn", coin.cashIn().toPlainString());
            values.put("cashOut", coin.cashOut().toPlainString());
            values.put("zeroConfLimit", coin.zeroConfLimit());
            coins.add(values);
        }
        out.put("coins", coins);
        for (MachineConfig.RemoteCommand command : MachineConfig.RemoteCommand.values()) {
            out.put(fieldOf(command), d.commands().contains(command));
        }
        return out;
    }

    /** RESTART_SERVICES is the machine's {@code restartServices}. */
    static String fieldOf(MachineConfig.RemoteCommand command) {
        String[] words = command.name().toLowerCase(Locale.ROOT).split("_", -1);
        StringBuilder field = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++)
            field.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        return field.toString();
    }

    private static Map<String, Object> terms(MachineConfig.Terms terms) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hash", terms.hash());
        out.put("text", terms.text().orElse(null));
        out.put(
                "details",
                terms.details()
                        .map(d -> Map.of(
                                "tcPhoto",
                                d.tcPhoto(),
                                "delay",
                                d.delay(),
                                "title",
                                d.title(),
                                "accept",
                                d.accept(),
                                "cancel",
                                d.cancel()))
                        .orElse(null));
        return out;
    }

    private static TypeDefinitionRegistry schema() {
        try (InputStream in = MachineGraphQl.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the class path");
            return new SchemaParser().parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A resolver that failed becomes a GraphQL error with a fixed message and a code: its own
     * message may name hosts or tables, and stays in the log.
     */
    private static final class Failures implements DataFetcherExceptionHandler {
        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
                DataFetcherExceptionHandlerParameters params) {
            Throwable failure = params.getException();
            String code;
            String message;
            if (failure instanceof NotFound) {
                code = "notFound";
                message = "this machine's app is unknown";
                log.warn("configuration query at {}: {}", params.getPath(), failure.getMessage());
            } else if (failure instanceof StoreException) {
                code = "storeUnavailable";
                message = "the configuration is unavailable; retry shortly";
                log.warn("configuration query at {}: store failure", params.getPath(), failure);
            } else {
                code = "internal";
                message = "internal server error";
                log.error("configuration query at {} failed", params.getPath(), failure);
            }
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult()
                    .error(GraphqlErrorBuilder.newError()
                            .message(message)
                            .path(params.getPath())
                            .location(params.getSourceLocation())
                            .extensions(Map.of("code", code))
                            .build())
                    .build());
        }
    }
}
