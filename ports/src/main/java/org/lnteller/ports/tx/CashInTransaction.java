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
 * A cash-in: the customer inserts {@link #bills()} and the server pays {@link #toAddress()} (what
 * the customer scanned) {@link #cryptoAtoms()} sats, exactly once.
 *
 * @param payment where the payment stands, with exactly the data of that stage (see {@link CashInPayment})
 */
public record CashInTransaction(
        TxId id,
        AppId appId,
        long txVersion,
        FiatAmount fiat,
        Satoshi cryptoAtoms,
        Pricing pricing,
        String toAddress,
        List<Bill> bills,
        CashInPayment payment,
        Instant createdAt,
        Instant updatedAt,
        String lastPost)
        implements Transaction {

    public CashInTransaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(fiat, "fiat");
        Objects.requireNonNull(cryptoAtoms, "cryptoAtoms");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(toAddress, "toAddress");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastPost, "lastPost");
        bills = List.copyOf(bills);
    }

    @Override
    public <R> R fold(
            Function<? super CashInTransaction, ? extends R> cashIn,
            Function<? super CashOutTransaction, ? extends R> cashOut) {
        return cashIn.apply(this);
    }

    @Override
    public Direction direction() {
        return Direction.CASH_IN;
    }

    /** The summary status, derived from the payment. */
    public CashInStatus status() {
        return payment.status();
    }

    @Override
    public String wireStatus() {
        return status().wire();
    }

    /** Why the payment failed, while the payment keeps it. */
    @Override
    public Optional<TxError> error() {
        return payment.failure();
    }

    /** The hash of the invoice being or having been paid, once a payment started. */
    public Optional<PaymentHash> paymentHash() {
        return payment.paymentHash();
    }

    /** The same cash-in with its payment moved on, changed at {@code at}. */
    public CashInTransaction withPayment(CashInPayment next, Instant at) {
        return new CashInTransaction(
                id, appId, txVersion, fiat, cryptoAtoms, pricing, toAddress, bills, next, createdAt, at, lastPost);
    }
}
