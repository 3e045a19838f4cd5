package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Purchase;
import org.lnteller.ports.model.PurchaseStatus;
import org.lnteller.ports.usecase.Provisioning;
import org.lnteller.ports.usecase.ProvisioningRefusal;
import org.lnteller.ports.usecase.ProvisioningResult;
import org.lnteller.ports.usecase.PurchaseOffer;
import org.lnteller.ports.usecase.PurchaseRequest;
import org.lnteller.ports.usecase.PurchaseState;
import org.lnteller.ports.usecase.PurchasedCredentials;

/**
 * Paid self-service provisioning (public, snake_case): {@code POST /api/atm/purchase},
 * {@code GET /api/atm/purchase/{payment_hash}} (the claim with {@code X-Claim-Token}),
 * {@code POST /api/atm/renew}, and the operator's {@code GET /api/admin/purchases}. Every route
 * answers 404 while the operator does not sell apps.
 */
final class ProvisioningApi {
    static final String CLAIM_HEADER = "X-Claim-Token";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    /** What a client is told to wait when the server has too many unpaid purchases outstanding. */
    static final Duration FULL_RETRY_AFTER = Duration.ofMinutes(1);

    private final Optional<Provisioning> provisioning;
    private final AdminToken token;
    private final String publicUrl;
    private final PurchaseRateLimiter limiter;

    ProvisioningApi(
            Optional<Provisioning> provisioning, AdminToken token, String publicUrl, PurchaseRateLimiter limiter) {
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
        this.token = Objects.requireNonNull(token, "token");
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    void purchase(Context ctx) {
        Provisioning service = enabled();
        limit(ctx);
        ObjectNode body = Json.readObject(ctx);
        String name = Fields.text(Fields.required(body, "name"), "name", 100);
        Optional<String> pubkey = Fields.optional(body, "pubkey")
                .map(node -> Fields.text(node, "pubkey", 128))
                .filter(key -> !key.isBlank());
        answer(ctx, service.purchase(new PurchaseRequest(name, pubkey)));
    }

    void renew(Context ctx) {
        Provisioning service = enabled();
        limit(ctx);
        ObjectNode body = Json.readObject(ctx);
        String text = Fields.text(Fields.required(body, "app_id"), "app_id", 64);
        AppId app;
        try {
            app = new AppId(text);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("app_id", e.getMessage());
        }
        ctx.attribute(HttpApi.APP_ATTRIBUTE, app.value());
        answer(ctx, service.renew(app));
    }

    void status(Context ctx) {
        Provisioning service = enabled();
        PaymentHash hash;
        try {
            hash = PaymentHash.fromHex(ctx.pathParam("payment_hash"));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("payment_hash", e.getMessage());
        }
        Optional<String> claimToken =
                Optional.ofNullable(ctx.header(CLAIM_HEADER)).map(String::strip).filter(t -> !t.isEmpty());
        PurchaseState state = service.status(hash, claimToken)
                .orElseThrow(() -> ApiError.notFound("no purchase with that payment hash"));
        ObjectNode json = state.fold(
                pending -> Json.object().put("status", "pending"),
                paid -> {
                    ObjectNode answer = Json.object();
                    answer.put("status", "paid");
                    answer.put("app_id", paid.appId().value());
                    if (paid.kind() == Purchase.Kind.RENEWAL) {
                        answer.put(
                                "app_expires_at",
                                paid.appExpiresAt().map(Object::toString).orElse(null));
                    }
                    return answer;
                },
                delivered -> {
                    ObjectNode answer = Json.object();
                    credentials(answer, delivered.credentials());
                    // the only time these secrets leave the server: no cache may keep them
                    ctx.header("Cache-Control", "no-store");
                    ctx.attribute(
                            HttpApi.APP_ATTRIBUTE,
                            delivered.credentials().appId().value());
                    return answer;
                },
                alreadyClaimed -> {
                    throw new ApiError(
                            410,
                            "alreadyClaimed",
                            "the credentials of this purchase were already claimed;" + " they are released once");
                },
                wrongClaimToken -> {
                    throw new ApiError(
                            403,
                            "wrongClaimToken",
                            "the " + CLAIM_HEADER + " header is not this purchase's claim token");
                },
                expired -> Json.object().put("status", "expired"));
        Json.respond(ctx, 200, json);
    }

    void list(Context ctx) {
        Provisioning service = enabled();
        token.require(ctx);
        Optional<PurchaseStatus> status = Optional.ofNullable(ctx.queryParam("status"))
                .filter(s -> !s.isEmpty())
                .map(text -> {
                    try {
                        return PurchaseStatus.valueOf(text.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw InvalidRequest.of("status", "must be one of pending, paid, claimed, expired");
                    }
                });
        int limit = Optional.ofNullable(ctx.queryParam("limit"))
                .filter(s -> !s.isEmpty())
                .map(ProvisioningApi::limit)
                .orElse(DEFAULT_LIMIT);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("purchases");
        for (Purchase purchase : service.list(status, limit)) items.add(purchaseJson(purchase));
        Json.respond(ctx, 200, body);
    }

    private Provisioning enabled() {
        return provisioning.orElseThrow(() -> ApiError.notFound("this server does not sell ATM apps"));
    }

    private void limit(Context ctx) {
        Optional<Duration> wait = limiter.tryAcquire(ctx.ip());
        if (wait.isPresent()) {
            ctx.header("Retry-After", Long.toString(retryAfterSeconds(wait.get())));
            throw new ApiError(
                    429,
                    "rateLimited",
                    "too many purchases from this address; retry after " + retryAfterSeconds(wait.get()) + " seconds");
        }
    }

    /** Whole seconds, rounded up and at least one: Retry-After has no fractions. */
    static long retryAfterSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private void answer(Context ctx, ProvisioningResult result) {
        ObjectNode json = result.fold(offered -> offered(ctx, offered.offer()), refused -> {
            throw refusal(ctx, refused.refusal());
        });
        Json.respond(ctx, 201, json);
    }

    private static ObjectNode offered(Context ctx, PurchaseOffer offer) {
        ObjectNode json = Json.object();
        json.put("invoice", offer.invoice());
        json.put("payment_hash", offer.paymentHash().hex());
        json.put("amount_sats", offer.amount().sat());
        json.put("expires_at", offer.expiresAt().toString());
        offer.claimToken().ifPresent(claim -> {
            json.put("claim_token", claim);
            ctx.header("Cache-Control", "no-store");
        });
        offer.renews().ifPresent(app -> json.put("app_id", app.value()));
        return json;
    }

    /** The error a refusal is answered with. */
    private static RuntimeException refusal(Context ctx, ProvisioningRefusal refusal) {
        return refusal.fold(
                invalidName -> InvalidRequest.withMessage("name", refusal.message()),
                invalidPubkey -> InvalidRequest.withMessage("pubkey", refusal.message()),
                tooManyPending -> {
                    ctx.header("Retry-After", Long.toString(FULL_RETRY_AFTER.toSeconds()));
                    return new ApiError(503, refusal.code(), refusal.message());
                },
                unknownApp -> ApiError.notFound(refusal.message()),
                notRenewable -> new ApiError(409, refusal.code(), refusal.message()));
    }

    private void credentials(ObjectNode json, PurchasedCredentials credentials) {
        json.put("status", "paid");
        json.put("app_id", credentials.appId().value());
        json.put("name", credentials.name());
        ObjectNode secrets = json.putObject("credentials");
        secrets.put("token", credentials.token());
        secrets.put("pubkey", credentials.pubkey());
        secrets.put("npub", credentials.npub());
        credentials.secretKey().ifPresent(key -> {
            secrets.put("secret_key", key.hex());
            secrets.put("nsec", key.nsec());
        });
        json.put("env", credentials.envText(publicUrl));
    }

    /** A purchase as the operator sees it: never the claim token's hash. */
    static ObjectNode purchaseJson(Purchase purchase) {
        ObjectNode json = Json.object();
        json.put("payment_hash", purchase.paymentHash().hex());
        json.put("kind", purchase.kind() == Purchase.Kind.NEW_APP ? "new_app" : "renewal");
        json.put("status", purchase.status().name().toLowerCase(Locale.ROOT));
        json.put("name", purchase.name());
        json.put("pubkey", purchase.pubkey().orElse(null));
        json.put("app_id", purchase.appId().map(AppId::value).orElse(null));
        json.put("amount_sats", purchase.amount().sat());
        json.put("invoice", purchase.invoice());
        json.put("created_at", purchase.createdAt().toString());
        json.put("expires_at", purchase.expiresAt().toString());
        json.put("paid_at", purchase.paidAt().map(Object::toString).orElse(null));
        return json;
    }

    private static int limit(String text) {
        if (!text.matches("[0-9]{1,4}"))
            throw InvalidRequest.of("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > MAX_LIMIT) throw InvalidRequest.of("limit", "must be from 1 to " + MAX_LIMIT);
        return limit;
    }
}
