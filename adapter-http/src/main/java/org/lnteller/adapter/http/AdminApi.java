package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.CashInResolution;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.Operator;
import org.lnteller.ports.usecase.PostResult;
import org.lnteller.ports.usecase.ProvisionedApp;
import org.lnteller.ports.usecase.SimulatedPayments;

/**
 * The operator's API (snake_case, behind the admin token): provisioning apps, refilling
 * cassettes, listing apps and transactions, the wallet balance, and the simulated wallet's
 * "pay this invoice" button.
 */
final class AdminApi {
    static final int DEFAULT_LIMIT = 50;
    /** More cassettes than any cash-out module has. */
    static final int MAX_CASSETTES = 16;
    /** More notes than any cassette holds. */
    static final int MAX_NOTES = 100_000;

    private static final int MAX_CURSOR_LENGTH = 512;
    private static final Set<String> STATUSES = Stream.concat(
                    Stream.of(CashOutStatus.values()).map(CashOutStatus::wire),
                    Stream.of(CashInStatus.values()).map(CashInStatus::wire))
            .collect(Collectors.toUnmodifiableSet());

    private final Apps apps;
    private final Operator operator;
    private final Optional<SimulatedPayments> simulatedPayments;
    private final AdminToken token;
    private final String publicUrl;
    private final Currency defaultCurrency;

    AdminApi(
            Apps apps,
            Operator operator,
            Optional<SimulatedPayments> simulatedPayments,
            AdminToken token,
            String publicUrl,
            Currency defaultCurrency) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.operator = Objects.requireNonNull(operator, "operator");
        this.simulatedPayments = Objects.requireNonNull(simulatedPayments, "simulatedPayments");
        this.token = Objects.requireNonNull(token, "token");
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
        this.defaultCurrency = Objects.requireNonNull(defaultCurrency, "defaultCurrency");
    }

    void addApp(Context ctx) {
        token.require(ctx);
        ObjectNode body = Json.readObject(ctx);
        String name = Fields.text(Fields.required(body, "name"), "name", 100);
        Optional<String> pubkey = Fields.optional(body, "pubkey")
                .map(node -> Fields.text(node, "pubkey", 128))
                .filter(key -> !key.isBlank());
        List<Cassette> cassettes =
                Fields.optional(body, "cassettes").map(this::cassettes).orElse(List.of());
        Optional<Satoshi> maxPerTx = Fields.optional(body, "max_per_tx_sats").map(node -> {
            long sats = Fields.wholeNumber(node, "max_per_tx_sats", Satoshi.MAX_SUPPLY.sat());
            if (sats == 0) throw InvalidRequest.of("max_per_tx_sats", "must be positive");
            return Satoshi.of(sats);
        });
        ProvisionedApp provisioned;
        try {
            provisioned = apps.add(new NewApp(name, pubkey, cassettes, maxPerTx));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("body", e.getMessage());
        }
        App app = provisioned.app();
        ctx.attribute(HttpApi.APP_ATTRIBUTE, app.id().value());
        ObjectNode json = Json.object();
        json.put("app_id", app.id().value());
        json.put("name", app.name());
        // the only time the token leaves the server: the store keeps its hash, and no cache may keep the answer
        ctx.header("Cache-Control", "no-store");
        json.putObject("credentials").put("token", provisioned.token());
        json.put("env", provisioned.envText(publicUrl));
        json.set("cassettes", cassettesJson(app.cassettes()));
        json.put("max_per_tx_sats", app.maxPerTx().map(Satoshi::sat).orElse(null));
        json.put("created_at", app.createdAt().toString());
        json.put("expires_at", app.expiresAt().map(Object::toString).orElse(null));
        Json.respond(ctx, 201, json);
    }

    void replaceCassettes(Context ctx) {
        token.require(ctx);
        AppId id = appId(ctx.pathParam("app_id"), "app_id");
        ctx.attribute(HttpApi.APP_ATTRIBUTE, id.value());
        ObjectNode body = Json.readObject(ctx);
        List<Cassette> cassettes = cassettes(Fields.required(body, "cassettes"));
        App app;
        try {
            app = apps.replaceCassettes(id, cassettes);
        } catch (NotFound e) {
            throw ApiError.notFound("no app " + id.value());
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("cassettes", e.getMessage());
        }
        Json.respond(ctx, 200, appJson(app));
    }

    /** {@code POST /api/admin/apps/{app_id}/disable}: the machine gets 403 from now on, on every instance within half a second. */
    void disableApp(Context ctx) {
        changeApp(ctx, apps::disable);
    }

    /** {@code POST /api/admin/apps/{app_id}/enable}: undoes a disable (an expired app stays expired). */
    void enableApp(Context ctx) {
        changeApp(ctx, apps::enable);
    }

    /** {@code POST /api/admin/apps/{app_id}/rotate-token}: a new token, shown this once; the old one stops working. */
    void rotateToken(Context ctx) {
        token.require(ctx);
        AppId id = appId(ctx.pathParam("app_id"), "app_id");
        ctx.attribute(HttpApi.APP_ATTRIBUTE, id.value());
        ProvisionedApp provisioned;
        try {
            provisioned = apps.rotateToken(id);
        } catch (NotFound e) {
            throw ApiError.notFound("no app " + id.value());
        }
        ObjectNode json = appJson(provisioned.app());
        ctx.header("Cache-Control", "no-store");
        json.putObject("credentials").put("token", provisioned.token());
        json.put("env", provisioned.envText(publicUrl));
        Json.respond(ctx, 200, json);
    }

    /**
     * {@code DELETE /api/admin/apps/{app_id}}: the app is refused from now on (403: a Lamassu
     * machine unpairs) and leaves the listings; its transactions and their history stay.
     */
    void deleteApp(Context ctx) {
        token.require(ctx);
        AppId id = appId(ctx.pathParam("app_id"), "app_id");
        ctx.attribute(HttpApi.APP_ATTRIBUTE, id.value());
        try {
            apps.delete(id);
        } catch (NotFound e) {
            throw ApiError.notFound("no app " + id.value());
        }
        ObjectNode json = Json.object();
        json.put("app_id", id.value());
        json.put("status", "deleted");
        Json.respond(ctx, 200, json);
    }

    private void changeApp(Context ctx, Function<AppId, App> change) {
        token.require(ctx);
        AppId id = appId(ctx.pathParam("app_id"), "app_id");
        ctx.attribute(HttpApi.APP_ATTRIBUTE, id.value());
        App app;
        try {
            app = change.apply(id);
        } catch (NotFound e) {
            throw ApiError.notFound("no app " + id.value());
        }
        Json.respond(ctx, 200, appJson(app));
    }

    void listApps(Context ctx) {
        token.require(ctx);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("apps");
        for (App app : apps.list()) list.add(appJson(app));
        Json.respond(ctx, 200, body);
    }

    void listTransactions(Context ctx) {
        token.require(ctx);
        Optional<String> status = query(ctx, "status");
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw InvalidRequest.of(
                    "status", "must be one of " + STATUSES.stream().sorted().toList());
        }
        Optional<Direction> direction = query(ctx, "direction").map(text -> {
            try {
                return Direction.fromWire(text);
            } catch (IllegalArgumentException e) {
                throw InvalidRequest.withMessage("direction", e.getMessage());
            }
        });
        Optional<AppId> app = query(ctx, "app_id").map(text -> appId(text, "app_id"));
        int limit = query(ctx, "limit").map(AdminApi::limit).orElse(DEFAULT_LIMIT);
        Optional<String> cursor = query(ctx, "cursor");
        if (cursor.isPresent() && cursor.get().length() > MAX_CURSOR_LENGTH) {
            throw InvalidRequest.of("cursor", "is not a cursor of this server");
        }
        Page<Transaction> page = operator.transactions(new TransactionQuery(app, direction, status, limit, cursor));
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        for (Transaction tx : page.items()) items.add(TransactionJson.forOperator(tx));
        body.put("next_cursor", page.nextCursor().orElse(null));
        Json.respond(ctx, 200, body);
    }

    void balance(Context ctx) {
        token.require(ctx);
        Balance balance = operator.balance();
        ObjectNode body = Json.object();
        body.put("available_msat", balance.available().msat());
        body.put("available_sat", balance.available().truncateToSatoshi().sat());
        body.put("pending_incoming_msat", balance.pendingIncoming().msat());
        Json.respond(ctx, 200, body);
    }

    void payInvoice(Context ctx) {
        token.require(ctx);
        SimulatedPayments payments = simulatedPayments.orElseThrow(() -> ApiError.notFound("no simulated backend"));
        PaymentHash hash;
        try {
            hash = PaymentHash.fromHex(ctx.pathParam("paymentHash"));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("paymentHash", e.getMessage());
        }
        switch (payments.payInvoice(hash)) {
            case PAID -> {
                ObjectNode body = Json.object();
                body.put("status", "paid");
                Json.respond(ctx, 200, body);
            }
            case ALREADY_PAID -> throw new ApiError(409, "alreadyPaid", "the invoice is already paid");
            case EXPIRED -> throw new ApiError(410, "expired", "the invoice has expired");
            case NOT_FOUND -> throw ApiError.notFound("no invoice with that payment hash");
        }
    }

    /** {@code GET /api/admin/cashins/stuck}: payments still reconciling and failed cash-ins waiting for a refund. */
    void stuckCashIns(Context ctx) {
        token.require(ctx);
        int limit = query(ctx, "limit").map(AdminApi::limit).orElse(DEFAULT_LIMIT);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        for (CashInTransaction tx : operator.stuckCashIns(limit)) items.add(TransactionJson.forOperator(tx));
        Json.respond(ctx, 200, body);
    }

    /** {@code POST /api/admin/txs/{id}/refund} and {@code .../cancel} with {@code {"operator": "...", "reason": "..."}}. */
    void resolveCashIn(Context ctx, CashInResolution resolution) {
        token.require(ctx);
        TxId id;
        try {
            id = new TxId(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("id", e.getMessage());
        }
        ctx.attribute(HttpApi.TX_ATTRIBUTE, id.value());
        ObjectNode body = Json.readObject(ctx);
        String operatorName = Fields.text(Fields.required(body, "operator"), "operator", 100);
        String reason = Fields.text(Fields.required(body, "reason"), "reason", 500);
        if (operatorName.isBlank()) throw InvalidRequest.of("operator", "say who you are");
        if (reason.isBlank()) throw InvalidRequest.of("reason", "say why");
        PostResult result = operator.resolveCashIn(id, resolution, operatorName.strip(), reason.strip());
        result.fold(
                accepted -> {
                    Json.respond(ctx, 200, TransactionJson.forOperator(accepted.transaction()));
                    return null;
                },
                inFlight -> {
                    Json.respond(ctx, 200, TransactionJson.forOperator(inFlight.transaction()));
                    return null;
                },
                refused -> {
                    Rejection rejection = refused.rejection();
                    // an operator's refusal is a conflict with the tx's state, unless the tx is not there
                    int status = RejectionStatus.of(rejection) == 404 ? 404 : 409;
                    Json.respond(ctx, status, Json.error(rejection.code(), rejection.message()));
                    return null;
                });
    }

    private List<Cassette> cassettes(JsonNode node) {
        ArrayNode array = Fields.array(node, "cassettes", MAX_CASSETTES);
        List<Cassette> cassettes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String field = "cassettes[" + i + "]";
            ObjectNode entry = Fields.object(array.get(i), field);
            Optional<JsonNode> code = Fields.optional(entry, "fiatCode").or(() -> Fields.optional(entry, "fiat_code"));
            Currency currency = code.isPresent() ? Fields.currency(code.get(), field + ".fiatCode") : defaultCurrency;
            FiatAmount denomination =
                    Fields.fiat(Fields.required(entry, "denomination"), field + ".denomination", currency);
            if (denomination.isZero()) throw InvalidRequest.of(field + ".denomination", "must be more than zero");
            int count = Fields.count(Fields.required(entry, "count"), field + ".count", MAX_NOTES);
            cassettes.add(new Cassette(i + 1, denomination, count));
        }
        return cassettes;
    }

    /** An app as the operator sees it: never its token or the token's hash. */
    static ObjectNode appJson(App app) {
        ObjectNode json = Json.object();
        json.put("app_id", app.id().value());
        json.put("name", app.name());
        json.put("status", app.status().name().toLowerCase(Locale.ROOT));
        json.put("pubkey", app.pubkey().orElse(null));
        json.put("created_at", app.createdAt().toString());
        json.put("expires_at", app.expiresAt().map(Object::toString).orElse(null));
        json.set("cassettes", cassettesJson(app.cassettes()));
        json.put("max_per_tx_sats", app.maxPerTx().map(Satoshi::sat).orElse(null));
        return json;
    }

    private static ArrayNode cassettesJson(List<Cassette> cassettes) {
        ArrayNode array = Json.NODES.arrayNode();
        for (Cassette cassette : cassettes) {
            ObjectNode json = array.addObject();
            json.put("position", cassette.position());
            json.put("denomination", TransactionJson.wholeUnits(cassette.denomination()));
            json.put("fiat_code", cassette.denomination().currency().getCurrencyCode());
            json.put("count", cassette.count());
        }
        return array;
    }

    private static AppId appId(String text, String field) {
        try {
            return new AppId(text);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage(field, e.getMessage());
        }
    }

    private static int limit(String text) {
        if (!text.matches("[0-9]{1,4}"))
            throw InvalidRequest.of("limit", "must be a whole number from 1 to " + TransactionQuery.MAX_LIMIT);
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > TransactionQuery.MAX_LIMIT) {
            throw InvalidRequest.of("limit", "must be from 1 to " + TransactionQuery.MAX_LIMIT);
        }
        return limit;
    }

    /** A query parameter; one given empty counts as absent, as HTML forms send them. */
    private static Optional<String> query(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(value -> !value.isEmpty());
    }
}
