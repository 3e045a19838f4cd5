package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.lnteller.ports.lightning.InboundLiquidityTooExpensive;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.rates.UnableToFetchRate;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception that leaves a handler into the JSON error body. Infrastructure failures
 * get a fixed message (their own may name hosts or tables); anything unexpected is a 500 whose
 * message stays in the log.
 */
final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {}

    static void handle(Exception e, Context ctx) {
        if (e instanceof InvalidRequest invalid) {
            ObjectNode body = Json.error(invalid.code(), invalid.getMessage());
            body.put("field", invalid.field());
            Json.respond(ctx, 400, body);
        } else if (e instanceof ApiError error) {
            if (error.status() == 401) ctx.header("WWW-Authenticate", "Bearer");
            Json.respond(ctx, error.status(), Json.error(error.code(), error.getMessage()));
        } else if (e instanceof HttpResponseException http) {
            // Javalin's own refusals: no route, method not allowed, body too large
            int status = http.getStatus();
            Json.respond(ctx, status, Json.error(codeFor(status), messageFor(status, ctx)));
        } else if (e instanceof NotFound notFound) {
            Json.respond(ctx, 404, Json.error("notFound", notFound.getMessage()));
        } else if (e instanceof StoreException) {
            log.warn("store failure on {} {}", ctx.method(), ctx.path(), e);
            Json.respond(
                    ctx, 503, Json.error("storeUnavailable", "the transaction store is unavailable; retry shortly"));
        } else if (e instanceof InboundLiquidityTooExpensive liquidity) {
            // a refusal of the operator's policy, not an outage: the machine is told why (never 403: it would unpair)
            log.warn("no invoice on {} {}: {}", ctx.method(), ctx.path(), liquidity.getMessage());
            Json.respond(
                    ctx,
                    503,
                    Json.error(
                            "inboundLiquidity",
                            "the Lightning node cannot receive this amount now without"
                                    + " a liquidity fee above the operator's cap; try a smaller amount or later"));
        } else if (e instanceof LightningBackendException backend) {
            log.warn("Lightning backend failure ({}) on {} {}", backend.kind(), ctx.method(), ctx.path(), e);
            Json.respond(
                    ctx, 502, Json.error("backendUnavailable", "the Lightning backend is unavailable; retry shortly"));
        } else if (e instanceof UnableToFetchRate) {
            log.warn("no exchange rate on {} {}", ctx.method(), ctx.path(), e);
            Json.respond(ctx, 503, Json.error("rateUnavailable", "no exchange rate is available; retry shortly"));
        } else {
            log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            Json.respond(ctx, 500, Json.error("internal", "internal server error"));
        }
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "notFound";
            case 405 -> "methodNotAllowed";
            case 408 -> "requestTimeout";
            case 413 -> "payloadTooLarge";
            case 414 -> "uriTooLong";
            case 415 -> "unsupportedMediaType";
            case 431 -> "headersTooLarge";
            default -> status >= 500 ? "internal" : "badRequest";
        };
    }

    private static String messageFor(int status, Context ctx) {
        return switch (status) {
            case 404 -> "no route for " + ctx.method() + " " + Fields.abbreviate(ctx.path());
            case 405 -> "method " + ctx.method() + " is not allowed on " + Fields.abbreviate(ctx.path());
            case 413 -> "request body is larger than " + Json.MAX_BODY_BYTES + " bytes";
            default -> "request refused (" + status + ")";
        };
    }
}
