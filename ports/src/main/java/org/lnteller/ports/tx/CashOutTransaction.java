package org.lnteller.ports.tx;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;

/**
 * A cash-out: the customer pays {@link #invoice()} and the machine dispenses {@link #fiat()}.
 *
 * @param dispense     the machine asked to dispense (the notes are then provisioned once)
 * @param dispenseConfirmed the machine reported what it dispensed
 * @param notes        the notes provisioned per cassette; empty until dispense
 * @param priceFlagged the quoted price was worse for the operator than the server's own
 */
public record CashOutTransaction(TxId id, AppId appId, long txVersion, FiatAmount fiat, Satoshi cryptoAtoms,
                                 Pricing pricing, CashOutStatus status, Invoice invoice,
                                 boolean dispense, boolean dispenseConfirmed, List<DispenseLine> notes,
                                 boolean priceFlagged, Optional<TxError> error,
                                 Instant createdAt, Instant updatedAt, String lastPost) implements Transaction {

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
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(invoice, "invoice");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastPost, "lastPost");
        notes = List.copyOf(notes);
        if (dispenseConfirmed && !dispense) throw new IllegalArgumentException("dispenseConfirmed without dispense");
    }

    @Override
    public Direction direction() {
        return Direction.CASH_OUT;
    }

    @Override
    public String wireStatus() {
        return status.wire();
    }

    public PaymentHash paymentHash() {
        return invoice.paymentHash();
    }

    public CashOutTransaction withStatus(CashOutStatus next, Instant at) {
        return new CashOutTransaction(id, appId, txVersion, fiat, cryptoAtoms, pricing, next, invoice, dispense,
                dispenseConfirmed, notes, priceFlagged, error, createdAt, at, lastPost);
    }
}
