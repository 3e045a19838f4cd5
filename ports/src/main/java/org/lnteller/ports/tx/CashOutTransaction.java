package org.lnteller.ports.tx;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;

/**
 * A cash-out: the customer pays {@link #invoice()} and the machine dispenses {@link #fiat()}.
 *
 * @param state        where the cash-out stands, with exactly the data of that stage (see {@link CashOutState})
 * @param priceFlagged the quoted price was worse for the operator than the server's own
 */
public record CashOutTransaction(
        TxId id,
        AppId appId,
        long txVersion,
        FiatAmount fiat,
        Satoshi cryptoAtoms,
        Pricing pricing,
        Invoice invoice,
        CashOutState state,
        boolean priceFlagged,
        Optional<TxError> error,
        Instant createdAt,
        Instant updatedAt,
        String lastPost)
        implements Transaction {

    /** The invoice issued for this cash-out. */
    public record Invoice(String bolt11, PaymentHash paymentHash, Instant expiresAt) {
        public Invoice {
            Objects.requireNonNull(bolt11, "bolt11");
            Objects.requireNonNull(paymentHash, "paymentHash");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    public CashOutTransaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(fiat, "fiat");
        Objects.requireNonNull(cryptoAtoms, "cryptoAtoms");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(invoice, "invoice");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastPost, "lastPost");
    }

    @Override
    public <R> R fold(
            Function<? super CashInTransaction, ? extends R> cashIn,
            Function<? super CashOutTransaction, ? extends R> cashOut) {
        return cashOut.apply(this);
    }

    @Override
    public Direction direction() {
        return Direction.CASH_OUT;
    }

    /** The summary status, derived from the state. */
    public CashOutStatus status() {
        return state.status();
    }

    @Override
    public String wireStatus() {
        return status().wire();
    }

    /** The notes provisioned per cassette, with counts once reported; empty until provisioned. */
    public List<DispenseLine> notes() {
        return state.notes();
    }

    public PaymentHash paymentHash() {
        return invoice.paymentHash();
    }

    /** The same cash-out in state {@code next}, changed at {@code at}. */
    public CashOutTransaction withState(CashOutState next, Instant at) {
        return new CashOutTransaction(
                id,
                appId,
                txVersion,
                fiat,
                cryptoAtoms,
                pricing,
                invoice,
                next,
                priceFlagged,
                error,
                createdAt,
                at,
                lastPost);
    }
}
