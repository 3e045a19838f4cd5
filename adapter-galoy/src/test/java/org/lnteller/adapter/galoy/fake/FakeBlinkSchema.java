package org.lnteller.adapter.galoy.fake;

import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.CoercedVariables;
import graphql.execution.DataFetcherResult;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.ScalarTypeDefinition;
import graphql.language.StringValue;
import graphql.language.UnionTypeDefinition;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lnteller.ports.model.PaymentHash;
import org.reactivestreams.Publisher;

/**
 * Blink's public schema, executable: parsed from {@code shared/galoy/public-schema.graphql} and
 * wired to a {@link FakeLedger}. Every operation is parsed and validated by graphql-java against
 * the real schema before anything runs, so a field, argument or type the schema lacks fails.
 *
 * <p>Values are maps that name their {@code __typename}, which resolves interfaces and unions.
 * Scalars pass through, except those whose shape Blink checks and an adapter could get wrong
 * (amounts as integers, payment hashes as 64 hex digits).
 */
final class FakeBlinkSchema {
    static final String ACCOUNT = "account";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private FakeBlinkSchema() {}

    /** Where the schema is: the system property {@code lnteller.shared} (set by Maven), or ../shared beside the module. */
    static Path schemaFile() {
        String shared = System.getProperty("lnteller.shared");
        List<Path> candidates = new ArrayList<>();
        if (shared != null) candidates.add(Path.of(shared, "galoy", "public-schema.graphql"));
        candidates.add(Path.of("..", "..", "shared", "galoy", "public-schema.graphql"));
        candidates.add(Path.of("..", "shared", "galoy", "public-schema.graphql"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalStateException(
                "Blink's schema not found; looked at " + candidates + " (set -Dlnteller.shared=<the shared folder>)");
    }

    static GraphQL build(Path schema, FakeLedger ledger, MyUpdatesPublisher.Registry updates) {
        TypeDefinitionRegistry registry;
        try {
            registry = new SchemaParser().parse(Files.readString(schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
        for (ScalarTypeDefinition scalar : registry.scalars().values()) {
            if (List.of("String", "Int", "Float", "Boolean", "ID").contains(scalar.getName())) continue;
            wiring.scalar(GraphQLScalarType.newScalar()
                    .name(scalar.getName())
                    .coercing(coercing(scalar.getName()))
                    .build());
        }
        TypeResolver byTypename = env -> {
            Object o = env.getObject();
            String name = o instanceof Map<?, ?> m ? (String) m.get("__typename") : null;
            if (name == null) throw new IllegalStateException("the fake returned a value without __typename");
            return env.getSchema().getObjectType(name);
        };
        for (InterfaceTypeDefinition i : registry.getTypes(InterfaceTypeDefinition.class)) {
            wiring.type(i.getName(), b -> b.typeResolver(byTypename));
        }
        for (UnionTypeDefinition u : registry.getTypes(UnionTypeDefinition.class)) {
            wiring.type(u.getName(), b -> b.typeResolver(byTypename));
        }

        wiring.type(
                "Query",
                b -> b.dataFetcher("me", env -> account(env).map(a -> me(a)).orElse(null))
                        .dataFetcher(
                                "lnInvoicePaymentStatusByHash",
                                env -> status(ledger.invoiceStatus(
                                        Optional.of(PaymentHash.fromHex(
                                                (String) input(env).get("paymentHash"))),
                                        Optional.empty())))
                        .dataFetcher(
                                "lnInvoicePaymentStatusByPaymentRequest",
                                env -> status(ledger.invoiceStatus(Optional.empty(), Optional.of((String)
                                        input(env).get("paymentRequest")))))
                        .dataFetcher("realtimePrice", env -> {
                            String currency = env.getArgument("currency");
                            return orError(ledger.price(currency == null ? "USD" : currency));
                        }));
        for (String accountType : List.of("ConsumerAccount")) {
            wiring.type(
                    accountType,
                    b -> b.dataFetcher("wallets", env -> ledger.wallets(accountOf(env)))
                            .dataFetcher(
                                    "walletById",
                                    env -> ledger.wallet(accountOf(env), env.getArgument("walletId"))
                                            .<Object>map(w -> w)
                                            .orElseGet(() -> error("NOT_FOUND", "Wallet not found"))));
        }
        for (String walletType : List.of("BTCWallet", "UsdWallet")) {
            wiring.type(
                    walletType,
                    b -> b.dataFetcher("transactionsByPaymentHash", env -> {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> wallet = (Map<String, Object>) env.getSource();
                        return ledger.transactionsByHash(
                                (String) wallet.get("id"), PaymentHash.fromHex(env.getArgument("paymentHash")));
                    }));
        }
        wiring.type(
                "Mutation",
                b -> b.dataFetcher("lnInvoiceCreate", authed(env -> {
                            Map<String, Object> in = input(env);
                            return ledger.createInvoice(
                                    accountOf(env),
                                    (String) in.get("walletId"),
                                    number(in.get("amount")),
                                    in.get("expiresIn") == null ? null : number(in.get("expiresIn")),
                                    (String) in.get("memo"));
                        }))
                        .dataFetcher("lnInvoicePaymentSend", authed(env -> {
                            Map<String, Object> in = input(env);
                            return ledger.pay(
                                    accountOf(env),
                                    (String) in.get("walletId"),
                                    (String) in.get("paymentRequest"),
                                    Optional.empty());
                        }))
                        .dataFetcher("lnNoAmountInvoicePaymentSend", authed(env -> {
                            Map<String, Object> in = input(env);
                            return ledger.pay(
                                    accountOf(env),
                                    (String) in.get("walletId"),
                                    (String) in.get("paymentRequest"),
                                    Optional.of(number(in.get("amount"))));
                        }))
                        .dataFetcher("lnInvoiceFeeProbe", authed(env -> {
                            Map<String, Object> in = input(env);
                            return ledger.probe(
                                    accountOf(env),
                                    (String) in.get("walletId"),
                                    (String) in.get("paymentRequest"),
                                    Optional.empty());
                        }))
                        .dataFetcher("lnNoAmountInvoiceFeeProbe", authed(env -> {
                            Map<String, Object> in = input(env);
                            return ledger.probe(
                                    accountOf(env),
                                    (String) in.get("walletId"),
                                    (String) in.get("paymentRequest"),
                                    Optional.of(number(in.get("amount"))));
                        })));
        wiring.type(
                "Subscription",
                b -> b.dataFetcher("myUpdates", env -> {
                    Optional<FakeLedger.Account> a = account(env);
                    if (a.isEmpty()) return error("NOT_AUTHORIZED", "Not authorized");
                    Publisher<Object> p = updates.open(a.get().id());
                    return p;
                }));

        GraphQLSchema executable = new SchemaGenerator().makeExecutableSchema(registry, wiring.build());
        return GraphQL.newGraphQL(executable).build();
    }

    private static Map<String, Object> me(FakeLedger.Account a) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("__typename", "ConsumerAccount");
        account.put("id", a.id());
        account.put("defaultWalletId", a.btcWalletId());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", a.id());
        user.put("defaultAccount", account);
        return user;
    }

    private static Optional<FakeLedger.Account> account(DataFetchingEnvironment env) {
        GraphQLContext ctx = env.getGraphQlContext();
        return Optional.ofNullable(ctx.get(ACCOUNT));
    }

    private static FakeLedger.Account accountOf(DataFetchingEnvironment env) {
        return account(env).orElseThrow(() -> new IllegalStateException("no account"));
    }

    private static DataFetcher<Object> authed(DataFetcher<Object> inner) {
        return env -> account(env).isPresent() ? inner.get(env) : error("NOT_AUTHORIZED", "Not authorized");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(DataFetchingEnvironment env) {
        return (Map<String, Object>) env.getArgument("input");
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    private static Object status(Object answer) {
        return orError(answer);
    }

    private static Object orError(Object answer) {
        if (answer instanceof FakeLedger.Refusal r) return error(r.code(), r.message());
        return answer;
    }

    /** A top-level error in Blink's shape: the message, and the code in extensions. */
    static DataFetcherResult<Object> error(String code, String message) {
        return DataFetcherResult.newResult()
                .error(GraphqlErrorBuilder.newError()
                        .message(message)
                        .extensions(Map.of("code", code))
                        .build())
                .build();
    }

    private static Coercing<Object, Object> coercing(String scalar) {
        return new Coercing<>() {
            @Override
            public Object serialize(Object value, GraphQLContext ctx, Locale locale) {
                return value;
            }

            @Override
            public Object parseValue(Object input, GraphQLContext ctx, Locale locale) {
                return check(input);
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext ctx, Locale locale) {
                try {
                    return check(literal(input, variables));
                } catch (CoercingParseValueException e) {
                    throw new CoercingParseLiteralException(e.getMessage());
                }
            }

            private Object check(Object value) {
                switch (scalar) {
                    case "SatAmount":
                    case "Minutes":
                    case "SafeInt":
                    case "CentAmount":
                        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)
                                || ((Number) value).longValue() < 0) {
                            throw new CoercingParseValueException("Invalid value for " + scalar + ": " + value);
                        }
                        return ((Number) value).longValue();
                    case "PaymentHash":
                        if (!(value instanceof String s) || !HEX64.matcher(s).matches()) {
                            throw new CoercingParseValueException("Invalid value for PaymentHash");
                        }
                        return value;
                    case "WalletId":
                    case "LnPaymentRequest":
                    case "DisplayCurrency":
                        if (!(value instanceof String s) || s.isBlank()) {
                            throw new CoercingParseValueException("Invalid value for " + scalar);
                        }
                        return value;
                    default:
                        return value;
                }
            }
        };
    }

    private static Object literal(Value<?> v, CoercedVariables variables) {
        if (v instanceof StringValue s) return s.getValue();
        if (v instanceof IntValue i) return i.getValue();
        if (v instanceof FloatValue f) return f.getValue();
        if (v instanceof BooleanValue b) return b.isValue();
        if (v instanceof NullValue) return null;
        if (v instanceof VariableReference r) return variables.get(r.getName());
        if (v instanceof ArrayValue a) {
            List<Object> out = new ArrayList<>();
            for (Value<?> x : a.getValues()) out.add(literal(x, variables));
            return out;
        }
        if (v instanceof ObjectValue o) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (ObjectField f : o.getObjectFields()) out.put(f.getName(), literal(f.getValue(), variables));
            return out;
        }
        return v.toString();
    }
}
