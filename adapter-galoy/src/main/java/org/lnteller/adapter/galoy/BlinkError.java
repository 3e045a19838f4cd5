package org.lnteller.adapter.galoy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.PaymentFailure;

/**
 * One error Blink reported, from either channel: the top-level {@code errors} of a GraphQL answer
 * (code in {@code extensions.code}, or in {@code code} on older servers) or a payload's
 * {@code errors[]} ({@code code} may be null). Messages are Blink's, which never carry the API key.
 *
 * <p>The codes are those of Blink's {@code CustomApolloErrorCode}; what each means for this
 * adapter is decided here, in one place.
 */
record BlinkError(Optional<String> code, String message) {
    BlinkError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static List<BlinkError> listFrom(JsonNode errors) {
        List<BlinkError> out = new ArrayList<>();
        if (errors == null || !errors.isArray()) return out;
        for (JsonNode e : errors) {
            String code = text(e.get("code"));
            if (code == null) code = text(e.path("extensions").get("code"));
            String message = text(e.get("message"));
            out.add(new BlinkError(
                    Optional.ofNullable(code).map(c -> c.toUpperCase(Locale.ROOT)),
                    message == null ? "(no message)" : message));
        }
        return out;
    }

    private static @Nullable String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    boolean hasCode(String... codes) {
        if (code.isEmpty()) return false;
        for (String c : codes) {
            if (c.equals(code.get())) return true;
        }
        return false;
    }

    private boolean says(String... words) {
        String m = message.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (m.contains(w)) return true;
        }
        return false;
    }

    /** Blink's "Invoice is already paid" (LIGHTNING_PAYMENT_ERROR), besides the ALREADY_PAID status. */
    boolean saysAlreadyPaid() {
        return says("already paid");
    }

    /**
     * A payment for this invoice is already in flight ("Payment was sent and is still in
     * transition", "There is a pending payment for this invoice"): not a failure.
     */
    boolean saysInFlight() {
        return says("in transition", "pending payment");
    }

    /** The lookup found nothing: NOT_FOUND, or Blink's "... but it does not exist" for an unknown hash. */
    boolean saysNotFound() {
        return hasCode("NOT_FOUND") || says("does not exist", "not found");
    }

    /**
     * An infrastructure failure, as the port's kind; empty when this error is about the request
     * itself (a refusal of the payment, a bad invoice, ...).
     */
    Optional<Kind> infrastructureKind() {
        if (hasCode("TOO_MANY_REQUEST")) return Optional.of(Kind.RATE_LIMITED);
        if (hasCode("NOT_AUTHORIZED", "NOT_AUTHENTICATED", "UNAUTHENTICATED", "FORBIDDEN"))
            return Optional.of(Kind.NOT_AUTHORIZED);
        if (hasCode(
                "LND_OFFLINE",
                "DEALER_OFFLINE",
                "PRICE_SERVICE_OFFLINE",
                "DB_ERROR",
                "LIQUIDITY_ERROR",
                "INTERNAL_SERVER_ERROR")) {
            return Optional.of(Kind.UNAVAILABLE);
        }
        if (hasCode("GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_USER_INPUT"))
            return Optional.of(Kind.PROTOCOL);
        return Optional.empty();
    }

    /**
     * Why a payment or a probe was refused, for errors that are about the payment. Blink's codes
     * are coarse (LIGHTNING_PAYMENT_ERROR and INVALID_INPUT each cover several causes), so the
     * message refines them; anything not recognised is a plain refusal.
     */
    PaymentFailure paymentFailure() {
        if (hasCode("INSUFFICIENT_BALANCE") || says("balance is too low", "insufficient balance")) {
            return PaymentFailure.INSUFFICIENT_BALANCE;
        }
        if (hasCode("ROUTE_FINDING_ERROR") || says("unable to find a route", "no route"))
            return PaymentFailure.NO_ROUTE;
        if (says("expired")) return PaymentFailure.INVOICE_EXPIRED;
        if (hasCode("INVOICE_DECODE_ERROR") || says("decode", "invalid checksum", "payment secret")) {
            return PaymentFailure.INVALID_INVOICE;
        }
        if (hasCode("INVALID_INPUT") && says("amount")) return PaymentFailure.AMOUNT_INVALID;
        if (hasCode("LIGHTNING_PAYMENT_ERROR") && says("temporary failure", "try again"))
            return PaymentFailure.NO_ROUTE;
        return PaymentFailure.REFUSED;
    }

    @Override
    public String toString() {
        return code.map(c -> c + ": ").orElse("") + message;
    }

    static String describe(List<BlinkError> errors) {
        StringBuilder b = new StringBuilder();
        for (BlinkError e : errors) {
            if (b.length() > 0) b.append("; ");
            b.append(e);
        }
        return b.toString();
    }
}
