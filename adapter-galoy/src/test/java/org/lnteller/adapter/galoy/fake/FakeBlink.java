package org.lnteller.adapter.galoy.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.validation.ValidationError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsHandlerType;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.lnteller.ports.model.PaymentHash;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Blink: a real HTTP and WebSocket server on a free loopback port that speaks Blink's
 * GraphQL API ({@code POST /graphql}, and graphql-transport-ws on {@code /graphql}), validates
 * every operation against the real schema with graphql-java, and answers from a {@link FakeLedger}.
 *
 * <p>Tests inject faults per operation name ({@link #inject}), kill sockets mid-subscription
 * ({@link #killSockets}), count calls ({@link #calls}) and read the schema violations it saw
 * ({@link #violations}: any non-empty list is a bug in the client). A control API under
 * {@code /fake/} offers the same to another process (see {@link FakeBlinkMain}).
 *
 * <p>Authentication as on Blink: {@code X-API-KEY} on HTTP, the same key in the
 * {@code connection_init} payload on the socket; an unknown key is refused (HTTP 401, close 4403).
 */
public final class FakeBlink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FakeBlink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeLedger ledger;
    private final GraphQL graphQL;
    private final MyUpdatesPublisher.Registry updates = new MyUpdatesPublisher.Registry();
    private final Javalin javalin;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final AtomicInteger socketInits = new AtomicInteger();
    private final AtomicInteger pingsHeard = new AtomicInteger();
    private volatile boolean answerPings = true;

    private FakeBlink(Clock clock, Path schema) {
        this.ledger = new FakeLedger(clock);
        this.graphQL = FakeBlinkSchema.build(schema, ledger, updates);
        ledger.onUpdate(updates::publish);
        this.javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
        });
        javalin.addHttpHandler(HandlerType.POST, "/graphql", this::graphql);
        javalin.addWsHandler(WsHandlerType.WEBSOCKET, "/graphql", ws -> {
            ws.onConnect(ctx -> sockets.put(ctx.sessionId(), new Socket(ctx)));
            ws.onMessage(ctx -> {
                Socket s = sockets.get(ctx.sessionId());
                if (s != null) s.onMessage(ctx.message());
            });
            ws.onClose(ctx -> closed(ctx.sessionId()));
            ws.onError(ctx -> closed(ctx.sessionId()));
        });
        FakeBlinkControl.install(javalin, this);
    }

    /** Starts on a free loopback port, on the system clock, with the schema from the shared folder. */
    public static FakeBlink start() {
        return start(Clock.systemUTC());
    }

    public static FakeBlink start(Clock clock) {
        return start(clock, FakeBlinkSchema.schemaFile(), 0);
    }

    public static FakeBlink start(Clock clock, Path schema, int port) {
        FakeBlink fake = new FakeBlink(clock, schema);
        fake.javalin.start("127.0.0.1", port);
        return fake;
    }

    public int port() {
        return javalin.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port() + "/graphql");
    }

    public URI wsEndpoint() {
        return URI.create("ws://127.0.0.1:" + port() + "/graphql");
    }

    public FakeLedger ledger() {
        return ledger;
    }

    // ---------------------------------------------------------------- faults and observations

    /** The next {@code times} calls of {@code operationName} (the request's operationName, or "*" for any) meet {@code fault}. */
    public void inject(String operationName, int times, Fault fault) {
        synchronized (faults) {
            Deque<Fault> q = faults.computeIfAbsent(operationName, k -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) q.add(fault);
        }
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** How many requests named {@code operationName} arrived, faulted ones included. */
    public int calls(String operationName) {
        AtomicInteger n = calls.get(operationName);
        return n == null ? 0 : n.get();
    }

    /** Every operation that did not validate against Blink's schema, as "operation: error". */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    public void clearViolations() {
        violations.clear();
    }

    /** The errors graphql-java finds validating {@code document} against Blink's schema; empty when it is valid. */
    public List<String> validate(String document) {
        List<String> out = new ArrayList<>();
        try {
            Document doc = Parser.parse(document);
            for (ValidationError e : new graphql.validation.Validator()
                    .validateDocument(graphQL.getGraphQLSchema(), doc, java.util.Locale.ENGLISH)) {
                out.add(e.getMessage());
            }
        } catch (graphql.parser.InvalidSyntaxException e) {
            out.add(e.getMessage());
        }
        return out;
    }

    /** Cuts every subscription socket without a close frame: a socket dying mid-subscription. */
    public void killSockets() {
        for (Socket s : List.copyOf(sockets.values())) {
            try {
                s.ctx.session.disconnect();
            } catch (Exception e) {
                log.debug("disconnect failed: {}", e.toString());
            }
        }
    }

    /** While false, the socket ignores the client's pings, as a half-open connection would. */
    public void answerPings(boolean answer) {
        this.answerPings = answer;
    }

    /** How many connection_init messages with a known key arrived. */
    public int socketInits() {
        return socketInits.get();
    }

    public int pingsHeard() {
        return pingsHeard.get();
    }

    /** Open myUpdates streams. */
    public int openSubscriptions() {
        return updates.open();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    // ---------------------------------------------------------------- HTTP

    private void graphql(Context ctx) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (IOException e) {
            violations.add("(unreadable body): " + e.getMessage());
            respond(ctx, 400, Map.of("errors", List.of(Map.of("message", "body is not JSON"))));
            return;
        }
        String query = body.path("query").asText("");
        String name = body.path("operationName").asText("");
        if (name.isEmpty()) name = "(anonymous)";
        calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        Optional<Fault> fault = nextFault(name);

        String key = ctx.header("X-API-KEY");
        Optional<FakeLedger.Account> account = ledger.accountByKey(key);
        if (key != null && account.isEmpty()) {
            respond(
                    ctx,
                    401,
                    Map.of(
                            "errors",
                            List.of(Map.of(
                                    "message", "Not authorized", "extensions", Map.of("code", "NOT_AUTHORIZED")))));
            return;
        }
        if (fault.isPresent()) {
            Fault f = fault.get();
            if (f instanceof Fault.Status s) {
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("message", s.code() == 429 ? "Too many requests" : "fault: HTTP " + s.code());
                if (s.code() == 429) err.put("extensions", Map.of("code", "TOO_MANY_REQUEST"));
                respond(ctx, s.code(), Map.of("errors", List.of(err)));
                return;
            }
            if (f instanceof Fault.Drop) {
                drop(ctx);
                return;
            }
            if (f instanceof Fault.Latency l) Thread.sleep(l.delay().toMillis());
            if (f instanceof Fault.TopLevelError t) {
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("message", t.message());
                if (t.code() != null) err.put("extensions", Map.of("code", t.code()));
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("errors", List.of(err));
                answer.put("data", null);
                respond(ctx, 200, answer);
                return;
            }
            if (f instanceof Fault.PayloadError p) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("errors", List.of(FakeLedger.err(p.code(), p.message())));
                if (p.status() != null) payload.put("status", p.status());
                Map<String, Object> data = new LinkedHashMap<>();
                data.put(rootField(query), payload);
                respond(ctx, 200, Map.of("data", data));
                return;
            }
        }

        Map<String, Object> variables =
                body.has("variables") && body.get("variables").isObject() ? asMap(body.get("variables")) : Map.of();
        ExecutionInput.Builder input =
                ExecutionInput.newExecutionInput().query(query).variables(variables);
        if (!body.path("operationName").asText("").isEmpty())
            input.operationName(body.path("operationName").asText());
        account.ifPresent(a -> input.graphQLContext(Map.of(FakeBlinkSchema.ACCOUNT, a)));
        ExecutionResult result = graphQL.execute(input.build());
        boolean invalid = recordViolations(name, result.getErrors());

        if (fault.isPresent() && fault.get() instanceof Fault.AnswerLate late)
            Thread.sleep(late.delay().toMillis());
        if (fault.isPresent() && fault.get() instanceof Fault.DropAfterRunning) {
            drop(ctx);
            return;
        }
        // Apollo answers a document that does not validate with 400 and GRAPHQL_VALIDATION_FAILED, as Blink does
        Map<String, Object> answer = result.toSpecification();
        if (invalid) answer = validationFailed(answer);
        respond(ctx, invalid ? 400 : 200, answer);
    }

    private boolean recordViolations(String operation, List<GraphQLError> errors) {
        boolean invalid = false;
        for (GraphQLError e : errors) {
            ErrorClassification type = e.getErrorType();
            if (e instanceof ValidationError || type == ErrorType.ValidationError || type == ErrorType.InvalidSyntax) {
                violations.add(operation + ": " + e.getMessage());
                invalid = true;
            }
        }
        return invalid;
    }

    private static Map<String, Object> asMap(JsonNode node) {
        return JSON.convertValue(node, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> validationFailed(Map<String, Object> answer) {
        List<Object> errors = new ArrayList<>();
        for (Object e : (List<Object>) answer.getOrDefault("errors", List.of())) {
            Map<String, Object> error = new LinkedHashMap<>((Map<String, Object>) e);
            Map<String, Object> ext =
                    new LinkedHashMap<>((Map<String, Object>) error.getOrDefault("extensions", Map.of()));
            ext.put("code", "GRAPHQL_VALIDATION_FAILED");
            error.put("extensions", ext);
            errors.add(error);
        }
        return Map.of("errors", errors);
    }

    private Optional<Fault> nextFault(String name) {
        synchronized (faults) {
            Deque<Fault> q = faults.get(name);
            if (q != null && !q.isEmpty()) return Optional.of(q.poll());
            Deque<Fault> any = faults.get("*");
            if (any != null && !any.isEmpty()) return Optional.of(any.poll());
            return Optional.empty();
        }
    }

    private static String rootField(String query) {
        Document doc = Parser.parse(query);
        OperationDefinition op =
                doc.getDefinitionsOfType(OperationDefinition.class).get(0);
        Field f = (Field) op.getSelectionSet().getSelections().get(0);
        return f.getResultKey();
    }

    /** Closes the TCP connection without answering. */
    private static void drop(Context ctx) throws IOException {
        org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
        base.getHttpChannel().getEndPoint().close();
    }

    private static void respond(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    // ---------------------------------------------------------------- WebSocket (graphql-transport-ws)

    private void closed(String sessionId) {
        Socket s = sockets.remove(sessionId);
        if (s != null) s.cancelAll();
    }

    /** One client socket: its account once initialised, and its subscriptions by id. */
    private final class Socket {
        final WsContext ctx;
        volatile FakeLedger.Account account;
        final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

        Socket(WsContext ctx) {
            this.ctx = ctx;
        }

        void onMessage(String text) {
            JsonNode msg;
            try {
                msg = JSON.readTree(text);
            } catch (IOException e) {
                violations.add("(socket): unreadable message");
                ctx.closeSession(4400, "Invalid message");
                return;
            }
            String type = msg.path("type").asText("");
            switch (type) {
                case "connection_init": {
                    String key = msg.path("payload").path("X-API-KEY").asText(null);
                    Optional<FakeLedger.Account> a = ledger.accountByKey(key);
                    if (a.isEmpty()) {
                        ctx.closeSession(4403, "Forbidden");
                        return;
                    }
                    account = a.get();
                    socketInits.incrementAndGet();
                    send(Map.of("type", "connection_ack"));
                    break;
                }
                case "subscribe":
                    subscribe(msg.path("id").asText(), msg.path("payload"));
                    break;
                case "ping":
                    pingsHeard.incrementAndGet();
                    if (answerPings) send(Map.of("type", "pong"));
                    break;
                case "pong":
                    break;
                case "complete": {
                    Subscription s = subscriptions.remove(msg.path("id").asText());
                    if (s != null) s.cancel();
                    break;
                }
                default:
                    violations.add("(socket): unknown message type '" + type + "'");
                    ctx.closeSession(4400, "Unknown message type");
            }
        }

        private void subscribe(String id, JsonNode payload) {
            if (account == null) {
                ctx.closeSession(4401, "Unauthorized");
                return;
            }
            ExecutionInput.Builder input = ExecutionInput.newExecutionInput()
                    .query(payload.path("query").asText(""))
                    .graphQLContext(Map.of(FakeBlinkSchema.ACCOUNT, account));
            if (payload.has("variables") && payload.get("variables").isObject()) {
                input.variables(asMap(payload.get("variables")));
            }
            if (!payload.path("operationName").asText("").isEmpty())
                input.operationName(payload.path("operationName").asText());
            ExecutionResult result = graphQL.execute(input.build());
            String name = payload.path("operationName").asText("(anonymous subscription)");
            calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            recordViolations(name, result.getErrors());
            if (!(result.getData() instanceof org.reactivestreams.Publisher<?>)) {
                List<Object> errors = new ArrayList<>();
                for (GraphQLError e : result.getErrors()) errors.add(e.toSpecification());
                send(Map.of("id", id, "type", "error", "payload", errors));
                return;
            }
            @SuppressWarnings("unchecked")
            org.reactivestreams.Publisher<ExecutionResult> stream =
                    (org.reactivestreams.Publisher<ExecutionResult>) result.getData();
            stream.subscribe(new Subscriber<>() {
                @Override
                public void onSubscribe(Subscription s) {
                    subscriptions.put(id, s);
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ExecutionResult next) {
                    send(Map.of("id", id, "type", "next", "payload", next.toSpecification()));
                }

                @Override
                public void onError(Throwable t) {
                    send(Map.of(
                            "id",
                            id,
                            "type",
                            "error",
                            "payload",
                            List.of(Map.of("message", String.valueOf(t.getMessage())))));
                }

                @Override
                public void onComplete() {
                    send(Map.of("id", id, "type", "complete"));
                }
            });
        }

        synchronized void send(Object message) {
            try {
                if (ctx.session.isOpen()) ctx.send(JSON.writeValueAsString(message));
            } catch (IOException | RuntimeException e) {
                log.debug("send on a closing socket failed: {}", e.toString());
            }
        }

        void cancelAll() {
            subscriptions.values().forEach(Subscription::cancel);
            subscriptions.clear();
        }
    }

    // ---------------------------------------------------------------- for the control API

    Map<String, Integer> callCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    static PaymentHash hash(String hex) {
        return PaymentHash.fromHex(hex);
    }

    static BigDecimal decimal(String s) {
        return new BigDecimal(s);
    }

    static Duration millis(String s) {
        return Duration.ofMillis(Long.parseLong(s));
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
