package org.lnteller.ports.tx;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;

/**
 * A cash-in: the customer inserts {@link #bills()} and the server pays {@link #toAddress()} (what
 * the customer scanned) {@link #cryptoAtoms()} sats, exactly once.
 *
 * @param paymentHash   hash of the invoice being paid, known before the payment starts
 * @param send          the machine asked to send
 * @param sendPending   a payment was started (committed before the backend is called)
 * @param sendConfirmed the payment succeeded
 * @param fee           routing fee paid, once confirmed
 * @param preimage      proof of payment, once confirmed
 */
public record CashInTransaction(TxId id, AppId appId, long txVersion, FiatAmount fiat, Satoshi cryptoAtoms,
                                Pricing pricing, CashInStatus status, String toAddress, List<Bill> bills,
                                boolean send, boolean sendPending, boolean sendConfirmed,
                                Optional<PaymentHash> paymentHash, Optional<Satoshi> fee, Optional<Preimage> preimage,
                                Optional<TxError> error, Instant createdAt, Instant updatedAt,
                                String lastPost) implements Transaction {

    public CashInTransaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(fiat, "fiat");
        Objects.requireNonNull(cryptoAtoms, "cryptoAtoms");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(toAddress, "toAddress");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(preimage, "preimage");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastPost, "lastPost");
        bills = List.copyOf(bills);
        if (sendConfirmed && !send) throw new IllegalArgumentException("sendConfirmed without send");
    }

    @Override
    public Direction direction() {
        return Direction.CASH_IN;
    }

    @Override
    public String wireStatus() {
        return status.wire();
    }
}
