package org.lnteller.adapter.lnd;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.lnteller.adapter.lnd.RestClient.Reply;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.PaymentFailure;

/**
 * What lnd's refusals mean. lnd answers most of its errors with gRPC code 2 (Unknown) and a
 * message, so the message is what tells them apart; the fragments below are lnd's own wording
 * (v0.21: zpay32 decoding, routerrpc's SendPaymentV2, the payment control tower, macaroons).
 * An error not recognised here is never read as "not paid": the caller answers Unknown instead.
 */
final class LndErrors {
    private LndErrors() {}

    /** What a refusal of a send says about that payment. */
    sealed interface SendRefusal {
        /** One function per case; a new case does not compile until every caller handles it. */
        <R> R fold(
                Function<? super NotPaid, ? extends R> notPaid,
                Function<? super AlreadyPaidOrInFlight, ? extends R> alreadyPaidOrInFlight,
                Function<? super Unclear, ? extends R> unclear);

        /** The payment certainly did not start: nothing left the wallet. */
        record NotPaid(PaymentFailure reason) implements SendRefusal {
            @Override
            public <R> R fold(
                    Function<? super NotPaid, ? extends R> notPaid,
                    Function<? super AlreadyPaidOrInFlight, ? extends R> alreadyPaidOrInFlight,
                    Function<? super Unclear, ? extends R> unclear) {
                return notPaid.apply(this);
            }
        }

        /** lnd already paid this hash, or is paying it: read the payment, never refund. */
        record AlreadyPaidOrInFlight() implements SendRefusal {
            @Override
            public <R> R fold(
                    Function<? super NotPaid, ? extends R> notPaid,
                    Function<? super AlreadyPaidOrInFlight, ? extends R> alreadyPaidOrInFlight,
                    Function<? super Unclear, ? extends R> unclear) {
                return alreadyPaidOrInFlight.apply(this);
            }
        }

        /** Not recognised: may or may not have started. */
        record Unclear() implements SendRefusal {
            @Override
            public <R> R fold(
                    Function<? super NotPaid, ? extends R> notPaid,
                    Function<? super AlreadyPaidOrInFlight, ? extends R> alreadyPaidOrInFlight,
                    Function<? super Unclear, ? extends R> unclear) {
                return unclear.apply(this);
            }
        }
    }

    /** gRPC codes. */
    static final int ALREADY_EXISTS = 6;

    static final int UNAVAILABLE = 14;
    static final int UNAUTHENTICATED = 16;
    static final int PERMISSION_DENIED = 7;
    static final int RESOURCE_EXHAUSTED = 8;

    private static final List<String> UNDECODABLE = List.of(
            "bech32",
            "checksum",
            "invalid character",
            "charset",
            "invalid index",
            "mixed case",
            "not all lowercase or all uppercase",
            "failed converting data",
            "invoice not for current active network",
            "invalid payment request",
            "unable to decode",
            "payment request",
            "invalid signature",
            "invalid length",
            "zpay32");

    /** An infrastructure failure behind a refusal: a bad macaroon, a node still starting, a full node. */
    static Optional<Kind> infrastructure(Reply.Refused r) {
        String m = RestClient.lower(r.message());
        if (r.code() == UNAUTHENTICATED
                || r.code() == PERMISSION_DENIED
                || m.contains("macaroon")
                || m.contains("verification failed")
                || m.contains("permission denied")) {
            return Optional.of(Kind.NOT_AUTHORIZED);
        }
        if (r.code() == UNAVAILABLE
                || m.contains("not yet ready")
                || m.contains("waiting to start")
                || m.contains("server is still in the process of starting")
                || m.contains("rpc services not available")) {
            return Optional.of(Kind.UNAVAILABLE);
        }
        if (r.code() == RESOURCE_EXHAUSTED) return Optional.of(Kind.RATE_LIMITED);
        return Optional.empty();
    }

    /**
     * A refusal of {@code POST /v2/router/send}, before or instead of a payment update.
     * "invoice is already paid" and "payment is in transition" (gRPC ALREADY_EXISTS) come from the
     * control tower, which keeps every payment this node started: the money may be gone.
     */
    static SendRefusal ofSend(Reply.Refused r) {
        String m = RestClient.lower(r.message());
        if (r.code() == ALREADY_EXISTS
                || m.contains("already paid")
                || m.contains("in transition")
                || m.contains("already exists")
                || m.contains("already succeeded")
                || m.contains("in flight")) {
            return new SendRefusal.AlreadyPaidOrInFlight();
        }
        if (infrastructure(r).isPresent()) {
            // refused at the door (macaroon, node starting): the payment was not started
            return new SendRefusal.NotPaid(PaymentFailure.REFUSED);
        }
        if (m.contains("amount must be specified")
                || m.contains("amount must not be specified")
                || m.contains("amount must be greater")
                || m.contains("zero amount")) {
            return new SendRefusal.NotPaid(PaymentFailure.AMOUNT_INVALID);
        }
        if (m.contains("invoice expired")) return new SendRefusal.NotPaid(PaymentFailure.INVOICE_EXPIRED);
        if (UNDECODABLE.stream().anyMatch(m::contains)) return new SendRefusal.NotPaid(PaymentFailure.INVALID_INVOICE);
        if (m.contains("self-payments not allowed") || m.contains("fee limit") || m.contains("cltv limit")) {
            return new SendRefusal.NotPaid(PaymentFailure.REFUSED);
        }
        return new SendRefusal.Unclear();
    }

    /** lnd's {@code failure_reason} of a FAILED payment. */
    static PaymentFailure ofFailureReason(String reason) {
        return switch (reason == null ? "" : reason) {
            case "FAILURE_REASON_INSUFFICIENT_BALANCE" -> PaymentFailure.INSUFFICIENT_BALANCE;
            case "FAILURE_REASON_NO_ROUTE", "FAILURE_REASON_TIMEOUT" -> PaymentFailure.NO_ROUTE;
            case "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS" -> PaymentFailure.INVALID_INVOICE;
            default -> PaymentFailure.REFUSED;
        };
    }
}
