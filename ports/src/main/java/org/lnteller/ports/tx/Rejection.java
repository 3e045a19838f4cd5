package org.lnteller.ports.tx;

import java.time.Instant;
import java.util.Locale;
import org.lnteller.codec.Network;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;

/**
 * An expected refusal of a machine's request: a value, not an exception. {@link #code()} is stable
 * and machine-readable (the wire's {@code errorType}); {@link #message()} is for a person.
 * A refused purchase of an app is a {@link org.lnteller.ports.usecase.ProvisioningRefusal}, not this.
 */
public sealed interface Rejection {

    String code();

    String message();

    /**
     * Dispatch over every kind of rejection, checked by the compiler: adding a case breaks every
     * implementation until it says what that case means.
     */
    <R> R fold(Cases<R> cases);

    /** One method per case of {@link Rejection}. */
    interface Cases<R> {
        R stale(Stale rejection);

        R ratchet(Ratchet rejection);

        R wrongDirection(WrongDirection rejection);

        R invalidAmount(InvalidAmount rejection);

        R missingDestination(MissingDestination rejection);

        R invalidDestination(InvalidDestination rejection);

        R walletServiceFailed(WalletServiceFailed rejection);

        R destinationChanged(DestinationChanged rejection);

        R wrongNetwork(WrongNetwork rejection);

        R invoiceExpired(InvoiceExpired rejection);

        R amountMismatch(AmountMismatch rejection);

        R aboveLimit(AboveLimit rejection);

        R priceMismatch(PriceMismatch rejection);

        R alreadyPaid(AlreadyPaid rejection);

        R notConfirmed(NotConfirmed rejection);

        R alreadySent(AlreadySent rejection);

        R closed(Closed rejection);

        R outOfNotes(OutOfNotes rejection);

        R insufficientFunds(InsufficientFunds rejection);

        R priceRefused(PriceRefused rejection);

        R sendNotRequested(SendNotRequested rejection);

        R noPaymentStarted(NoPaymentStarted rejection);

        R dispenseNotRequested(DispenseNotRequested rejection);

        R reasonMissing(ReasonMissing rejection);

        R notFound(NotFound rejection);
    }

    /** A post with a txVersion at or below the stored one that is not an exact repeat of the last post. */
    record Stale(long storedVersion, long postedVersion) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.stale(this);
        }

        @Override
        public String code() {
            return "stale";
        }

        @Override
        public String message() {
            return "txVersion " + postedVersion + " is not newer than the stored " + storedVersion;
        }
    }

    /** A monotonic field would move backwards (an amount drops, a flag goes from true to false). */
    record Ratchet(String field, String detail) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.ratchet(this);
        }

        @Override
        public String code() {
            return "ratchet";
        }

        @Override
        public String message() {
            return field + " cannot move backwards: " + detail;
        }
    }

    record WrongDirection(Direction stored, Direction posted) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.wrongDirection(this);
        }

        @Override
        public String code() {
            return "wrongDirection";
        }

        @Override
        public String message() {
            return "transaction is a " + stored.wire() + ", the post says " + posted.wire();
        }
    }

    /** An amount that cannot be a transaction's (zero, or a fiat currency other than the tx's). */
    record InvalidAmount(String detail) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.invalidAmount(this);
        }

        @Override
        public String code() {
            return "invalidAmount";
        }

        @Override
        public String message() {
            return detail;
        }
    }

    /** A cash-in with nothing to pay: the server pays what the customer scanned. */
    record MissingDestination() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.missingDestination(this);
        }

        @Override
        public String code() {
            return "missingDestination";
        }

        @Override
        public String message() {
            return "a cash-in pays the customer's scanned Lightning invoice, LNURL or address: toAddress is required";
        }
    }

    /** What the customer scanned is not a payable Lightning destination. */
    record InvalidDestination(String detail) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.invalidDestination(this);
        }

        @Override
        public String code() {
            return "invalidDestination";
        }

        @Override
        public String message() {
            return detail;
        }
    }

    /**
     * The customer's LNURL or Lightning address service could not give a usable answer. The message
     * is fixed per kind: what the remote service said goes to the operator's log only, so no
     * service (nor an internal host a QR code names) can put its text on a machine's screen.
     */
    record WalletServiceFailed(LnurlException.Kind kind) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.walletServiceFailed(this);
        }

        public WalletServiceFailed {
            java.util.Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String code() {
            return switch (kind) {
                case NOT_ALLOWED -> "walletNotAllowed";
                case UNREACHABLE -> "walletUnreachable";
                case TIMEOUT -> "walletTimeout";
                case REFUSED -> "walletRefused";
                case MALFORMED -> "walletBadAnswer";
            };
        }

        @Override
        public String message() {
            return switch (kind) {
                case NOT_ALLOWED ->
                    "the customer's wallet is at an address this server does not contact: it must be a public https service";
                case UNREACHABLE -> "the customer's wallet service cannot be reached";
                case TIMEOUT -> "the customer's wallet service did not answer in time";
                case REFUSED -> "the customer's wallet service refused the request";
                case MALFORMED -> "the customer's wallet service sent an answer this server cannot use";
            };
        }
    }

    /** The destination of a cash-in cannot change once set. */
    record DestinationChanged() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.destinationChanged(this);
        }

        @Override
        public String code() {
            return "destinationChanged";
        }

        @Override
        public String message() {
            return "toAddress cannot change during a transaction";
        }
    }

    record WrongNetwork(Network expected, Network got) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.wrongNetwork(this);
        }

        @Override
        public String code() {
            return "wrongNetwork";
        }

        @Override
        public String message() {
            return "invoice is for " + got.name().toLowerCase(Locale.ROOT) + ", this server pays on "
                    + expected.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The customer's invoice has expired, or expires within the server's safety margin. */
    record InvoiceExpired(Instant expiresAt) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.invoiceExpired(this);
        }

        @Override
        public String code() {
            return "invoiceExpired";
        }

        @Override
        public String message() {
            return "the invoice expires at " + expiresAt + ": scan a fresh one";
        }
    }

    record AmountMismatch(MilliSatoshi expected, MilliSatoshi got) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.amountMismatch(this);
        }

        @Override
        public String code() {
            return "amountMismatch";
        }

        @Override
        public String message() {
            return "amount is " + got + " but the transaction is for " + expected;
        }
    }

    record AboveLimit(Satoshi limit, Satoshi requested) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.aboveLimit(this);
        }

        @Override
        public String code() {
            return "aboveLimit";
        }

        @Override
        public String message() {
            return requested + " is above the per-transaction limit of " + limit;
        }
    }

    /** cryptoAtoms do not match the bills at the server's price. */
    record PriceMismatch(Satoshi expected, Satoshi got) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.priceMismatch(this);
        }

        @Override
        public String code() {
            return "priceMismatch";
        }

        @Override
        public String message() {
            return "cryptoAtoms " + got.sat() + " do not match the bills at the server's price (" + expected.sat()
                    + ")";
        }
    }

    /** The destination was paid by this server before. */
    record AlreadyPaid() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.alreadyPaid(this);
        }

        @Override
        public String code() {
            return "alreadyPaid";
        }

        @Override
        public String message() {
            return "this invoice has already been paid";
        }
    }

    /** A cash-out asked to dispense before its invoice was paid. */
    record NotConfirmed(String status) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.notConfirmed(this);
        }

        @Override
        public String code() {
            return "notConfirmed";
        }

        @Override
        public String message() {
            return "cannot dispense: the invoice is " + status + ", not paid";
        }
    }

    /** Amounts or destination changed after the machine asked to send. */
    record AlreadySent() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.alreadySent(this);
        }

        @Override
        public String code() {
            return "alreadySent";
        }

        @Override
        public String message() {
            return "the transaction was already sent; it cannot change";
        }
    }

    /** The transaction ended (expired, failed, refunded) and takes no more changes. */
    record Closed(String status) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.closed(this);
        }

        @Override
        public String code() {
            return "closed";
        }

        @Override
        public String message() {
            return "the transaction is " + status + " and takes no more changes";
        }
    }

    /** The cassettes cannot make the amount (Lamassu's 570). */
    record OutOfNotes(String detail) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.outOfNotes(this);
        }

        @Override
        public String code() {
            return "outOfNotes";
        }

        @Override
        public String message() {
            return "cannot dispense: " + detail;
        }
    }

    /** The operator's wallet cannot pay this (Lamassu's 570). */
    record InsufficientFunds(String detail) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.insufficientFunds(this);
        }

        @Override
        public String code() {
            return "insufficientFunds";
        }

        @Override
        public String message() {
            return "insufficient funds: " + detail;
        }
    }

    /** The quoted price gives the customer more than the server's own price allows. */
    record PriceRefused(String detail) implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.priceRefused(this);
        }

        @Override
        public String code() {
            return "priceRefused";
        }

        @Override
        public String message() {
            return detail;
        }
    }

    /** The payment was asked to start before the machine posted {@code send: true}. */
    record SendNotRequested() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.sendNotRequested(this);
        }

        @Override
        public String code() {
            return "sendNotRequested";
        }

        @Override
        public String message() {
            return "the machine has not asked to send";
        }
    }

    /** A payment's result was reported for a cash-in whose payment never started. */
    record NoPaymentStarted() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.noPaymentStarted(this);
        }

        @Override
        public String code() {
            return "noPaymentStarted";
        }

        @Override
        public String message() {
            return "no payment was started for this transaction";
        }
    }

    /** A cash-out post confirms a dispense it never asked for. */
    record DispenseNotRequested() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.dispenseNotRequested(this);
        }

        @Override
        public String code() {
            return "dispenseNotRequested";
        }

        @Override
        public String message() {
            return "dispenseConfirmed needs dispense";
        }
    }

    /** An operator's resolution without a reason: every resolution says why. */
    record ReasonMissing() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.reasonMissing(this);
        }

        @Override
        public String code() {
            return "reasonMissing";
        }

        @Override
        public String message() {
            return "say why";
        }
    }

    /** The id belongs to another app's transaction: answered as if it did not exist. */
    record NotFound() implements Rejection {
        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.notFound(this);
        }

        @Override
        public String code() {
            return "notFound";
        }

        @Override
        public String message() {
            return "no such transaction";
        }
    }
}
