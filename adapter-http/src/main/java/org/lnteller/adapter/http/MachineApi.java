package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.DestinationProbe;
import org.lnteller.ports.usecase.MachineTransactions;
import org.lnteller.ports.usecase.PostResult;
import org.lnteller.ports.usecase.ProbeResult;
import org.lnteller.ports.usecase.Quote;
import org.lnteller.ports.usecase.Quotes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Lamassu-compatible machine API: {@code POST /tx}, {@code GET /tx/{id}}, {@code GET /rates}, {@code GET /probe}. */
final class MachineApi {
    private static final Logger log = LoggerFactory.getLogger(MachineApi.class);
    /** Lamassu's custom status for "cannot serve this amount": out of notes or insufficient funds. */
    static final int LAMASSU_CANNOT_SERVE = 570;

    /** The longest address a machine may ask about (an LNURL or a BIP21 URI with an invoice fits). */
    static final int MAX_ADDRESS = 2048;

    private final MachineTransactions transactions;
    private final Quotes quotes;
    private final Apps apps;
    private final DestinationProbe probe;
    private final MachinePostParser parser;
    private final TxAdmission admission;

    MachineApi(
            MachineTransactions transactions,
            Quotes quotes,
            Apps apps,
            DestinationProbe probe,
            MachinePostParser parser,
            TxAdmission admission) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.quotes = Objects.requireNonNull(quotes, "quotes");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    // try: javac's lint: the slot is only held, for the call, and released by close
    @SuppressWarnings("try")
    void postTx(Context ctx) {
        Caller caller = caller(ctx);
        // taken before the body is read: a slow body holds one of its app's few slots, not the server
        try (TxAdmission.Slot slot = admission.enter(ctx, caller.id().value())) {
            postTx(ctx, caller);
        }
    }

    private void postTx(Context ctx, Caller caller) {
        // Lamassu sends these with every post; they help to trace a machine's retries
        if (log.isDebugEnabled()) {
            log.debug(
                    "POST /tx rid={} date={} request-id={} config-version={}",
                    printable(ctx.queryParam("rid")),
                    printable(ctx.header("date")),
                    printable(ctx.header("request-id")),
                    printable(ctx.header("config-version")));
        }
        MachinePost post = parser.parse(Json.readObject(ctx));
        ctx.attribute(HttpApi.TX_ATTRIBUTE, post.id().value());
        // the app just authenticated is passed on, so that the use case need not read it again
        PostResult result = caller.app().isPresent()
                ? transactions.post(caller.app().get(), post)
                : transactions.post(caller.id(), post);
        result.fold(
                accepted -> {
                    Json.respond(ctx, 200, TransactionJson.of(accepted.transaction()));
                    return null;
                },
                inFlight -> {
                    // Lamassu: any 200 to send means "sent"; an empty 204 means "no answer yet, ask again in 5 s"
                    ctx.status(204);
                    return null;
                },
                refused -> {
                    Rejection rejection = refused.rejection();
                    Json.respond(ctx, statusOf(rejection), Json.error(rejection.code(), rejection.message()));
                    return null;
                });
    }

    static int statusOf(Rejection rejection) {
        return RejectionStatus.of(rejection);
    }

    void getTx(Context ctx) {
        AppId app = authenticate(ctx);
        TxId id;
        try {
            id = new TxId(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("id", e.getMessage());
        }
        ctx.attribute(HttpApi.TX_ATTRIBUTE, id.value());
        Transaction tx = transactions.find(app, id).orElseThrow(() -> ApiError.notFound("no such transaction"));
        String known = ctx.queryParam("status");
        if (known != null && isCurrent(known, tx)) {
            // the machine polls once a second: nothing changed, nothing to send
            ctx.status(304);
            return;
        }
        Json.respond(ctx, 200, TransactionJson.of(tx));
    }

    /** Whether the status a machine last saw is the tx's status; Lamassu's "pending" is a cash-out's "notSeen". */
    private static boolean isCurrent(String known, Transaction tx) {
        String current = tx.wireStatus();
        if (known.equals(current)) return true;
        return tx.fold(in -> false, out -> "pending".equals(known) && "notSeen".equals(current));
    }

    void rates(Context ctx) {
        authenticate(ctx);
        ObjectNode body = Json.object();
        ArrayNode rates = body.putArray("rates");
        for (Quote quote : quotes.quotes()) {
            ObjectNode rate = rates.addObject();
            rate.put("fiatCode", quote.currency().getCurrencyCode());
            rate.put("marketPrice", TransactionJson.plain(quote.marketPrice()));
            ObjectNode cashIn = rate.putObject("cashIn");
            cashIn.put("price", TransactionJson.plain(quote.cashInPrice()));
            cashIn.put("commissionPercentage", TransactionJson.plain(quote.cashInCommissionPercent()));
            ObjectNode cashOut = rate.putObject("cashOut");
            cashOut.put("price", TransactionJson.plain(quote.cashOutPrice()));
            cashOut.put("commissionPercentage", TransactionJson.plain(quote.cashOutCommissionPercent()));
            rate.put("source", quote.source());
            rate.put("observedAt", quote.observedAt().toString());
            rate.put("ageSeconds", quote.age().toSeconds());
            rate.put("minimumTx", TransactionJson.wholeUnits(quote.minimumTx()));
            rate.put("maxPerTxSats", quote.maxPerTx().sat());
        }
        Json.respond(ctx, 200, body);
    }

    /**
     * {@code GET /probe?address=}: which of the seed's limits can be paid to what the customer
     * scanned, before the machine takes bills.
     */
    void probe(Context ctx) {
        AppId app = authenticate(ctx);
        String address = ctx.queryParam("address");
        if (address == null || address.isBlank()) throw InvalidRequest.of("address", "is required");
        if (address.length() > MAX_ADDRESS)
            throw InvalidRequest.of("address", "is longer than " + MAX_ADDRESS + " characters");
        DestinationProbe.Answer answer = probe.probe(app, address.strip());
        int status = answer.fold(probed -> 200, refused -> statusOf(refused.rejection()));
        JsonNode body = answer.fold(
                probed -> probeJson(probed.result()),
                refused -> Json.error(
                        refused.rejection().code(), refused.rejection().message()));
        Json.respond(ctx, status, body);
    }

    private static ObjectNode probeJson(ProbeResult result) {
        ObjectNode body = Json.object();
        ArrayNode routable = body.putArray("routable");
        result.routable().forEach(sats -> routable.add(sats.sat()));
        ArrayNode limits = body.putArray("limits");
        for (ProbeResult.Limit limit : result.limits()) {
            ObjectNode json = limits.addObject();
            json.put("sats", limit.amount().sat());
            json.put("routable", limit.routable());
            json.put("feeSats", limit.fee().map(f -> f.sat()).orElse(null));
            json.put("reason", limit.reason().orElse(null));
        }
        body.put("maxByBalanceSats", result.maxByBalance().sat());
        return body;
    }

    /** A client's value made safe for one log line: no line breaks or control characters, and short. */
    private static String printable(String value) {
        if (value == null) return "-";
        return Fields.abbreviate(value.replaceAll("\\p{Cntrl}", "?"));
    }

    /** The app behind the bearer token (or the paired client certificate); the body's deviceId is never trusted. */
    private AppId authenticate(Context ctx) {
        return caller(ctx).id();
    }

    /** Who calls: the app, and when a token authenticated it (not a paired certificate), the app as read for it. */
    private record Caller(AppId id, Optional<App> app) {}

    private Caller caller(Context ctx) {
        // on the machine port the client certificate was checked before the route ran
        AppId paired = ctx.attribute(MachinePort.PAIRED_APP_ATTRIBUTE);
        if (paired != null) return new Caller(paired, Optional.empty());
        Optional<String> token = AdminToken.bearer(ctx);
        if (token.isEmpty()) throw ApiError.unauthorized("missing bearer token");
        Authentication authentication = apps.authenticate(token.get());
        return authentication.fold(
                authenticated -> {
                    App app = authenticated.app();
                    ctx.attribute(HttpApi.APP_ATTRIBUTE, app.id().value());
                    return new Caller(app.id(), Optional.of(app));
                },
                unknown -> {
                    throw ApiError.unauthorized("unknown app token");
                },
                forbidden -> {
                    throw new ApiError(403, "forbidden", forbidden.reason());
                });
    }
}
