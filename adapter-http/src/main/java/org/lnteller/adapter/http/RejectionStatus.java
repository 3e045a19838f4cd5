package org.lnteller.adapter.http;

import org.lnteller.ports.tx.Rejection;

/**
 * The HTTP status a machine gets for each kind of rejection: 409 for a stale or backward post, 404
 * for a transaction it may not see, Lamassu's 570 when the machine cannot be served (no notes, no
 * funds), 400 for the rest. Never 403: a Lamassu machine unpairs itself on 403. Every case is
 * listed, so a new rejection does not compile until it has a status here.
 */
final class RejectionStatus implements Rejection.Cases<Integer> {
    static final RejectionStatus INSTANCE = new RejectionStatus();
    private static final Integer BAD_REQUEST = 400;
    private static final Integer NOT_FOUND = 404;
    private static final Integer CONFLICT = 409;

    private RejectionStatus() {}

    static int of(Rejection rejection) {
        return rejection.fold(INSTANCE);
    }

    @Override
    public Integer stale(Rejection.Stale r) {
        return CONFLICT;
    }

    @Override
    public Integer ratchet(Rejection.Ratchet r) {
        return CONFLICT;
    }

    @Override
    public Integer wrongDirection(Rejection.WrongDirection r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer invalidAmount(Rejection.InvalidAmount r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer missingDestination(Rejection.MissingDestination r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer invalidDestination(Rejection.InvalidDestination r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer walletServiceFailed(Rejection.WalletServiceFailed r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer destinationChanged(Rejection.DestinationChanged r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer wrongNetwork(Rejection.WrongNetwork r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer invoiceExpired(Rejection.InvoiceExpired r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer amountMismatch(Rejection.AmountMismatch r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer aboveLimit(Rejection.AboveLimit r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer priceMismatch(Rejection.PriceMismatch r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer alreadyPaid(Rejection.AlreadyPaid r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer notConfirmed(Rejection.NotConfirmed r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer alreadySent(Rejection.AlreadySent r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer closed(Rejection.Closed r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer outOfNotes(Rejection.OutOfNotes r) {
        return MachineApi.LAMASSU_CANNOT_SERVE;
    }

    @Override
    public Integer insufficientFunds(Rejection.InsufficientFunds r) {
        return MachineApi.LAMASSU_CANNOT_SERVE;
    }

    @Override
    public Integer priceRefused(Rejection.PriceRefused r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer sendNotRequested(Rejection.SendNotRequested r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer noPaymentStarted(Rejection.NoPaymentStarted r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer dispenseNotRequested(Rejection.DispenseNotRequested r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer reasonMissing(Rejection.ReasonMissing r) {
        return BAD_REQUEST;
    }

    @Override
    public Integer notFound(Rejection.NotFound r) {
        return NOT_FOUND;
    }
}
