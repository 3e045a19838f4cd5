package org.lnteller.core.tx;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.tx.TxError;

/**
 * The next state of a cash-in, written as what changes from the current one: the rules name the
 * fields they move and everything else is carried over, so no transition can drop a field by
 * passing arguments in the wrong order.
 */
final class CashInDraft {
    private final CashInTransaction from;
    private long txVersion;
    private FiatAmount fiat;
    private Satoshi cryptoAtoms;
    private Pricing pricing;
    private CashInStatus status;
    private List<Bill> bills;
    private boolean send;
    private boolean sendPending;
    private boolean sendConfirmed;
    private Optional<PaymentHash> paymentHash;
    private Optional<Satoshi> fee;
    private Optional<Preimage> preimage;
    private Optional<TxError> error;
    private String lastPost;

    private CashInDraft(CashInTransaction from) {
        this.from = from;
        txVersion = from.txVersion();
        fiat = from.fiat();
        cryptoAtoms = from.cryptoAtoms();
        pricing = from.pricing();
        status = from.status();
        bills = from.bills();
        send = from.send();
        sendPending = from.sendPending();
        sendConfirmed = from.sendConfirmed();
        paymentHash = from.paymentHash();
        fee = from.fee();
        preimage = from.preimage();
        error = from.error();
        lastPost = from.lastPost();
    }

    static CashInDraft of(CashInTransaction current) {
        return new CashInDraft(current);
    }

    /** Takes what a machine post says: version, amounts, pricing, bills, and its fingerprint. */
    CashInDraft post(MachinePost post) {
        txVersion = post.txVersion();
        fiat = post.fiat();
        cryptoAtoms = post.cryptoAtoms();
        pricing = post.pricing();
        bills = post.bills();
        lastPost = post.fingerprint();
        return this;
    }

    CashInDraft status(CashInStatus next) {
        status = next;
        return this;
    }

    /** The three send flags together, as every transition sets them. */
    CashInDraft sending(boolean send, boolean pending, boolean confirmed) {
        this.send = send;
        this.sendPending = pending;
        this.sendConfirmed = confirmed;
        return this;
    }

    CashInDraft paymentHash(PaymentHash hash) {
        paymentHash = Optional.of(hash);
        return this;
    }

    /** What the payment came to: its fee and preimage when it settled, empty otherwise. */
    CashInDraft settlement(Optional<Satoshi> fee, Optional<Preimage> preimage) {
        this.fee = fee;
        this.preimage = preimage;
        return this;
    }

    CashInDraft error(Optional<TxError> next) {
        error = next;
        return this;
    }

    CashInTransaction at(Instant now) {
        return new CashInTransaction(from.id(), from.appId(), txVersion, fiat, cryptoAtoms, pricing, status, from.toAddress(),
                bills, send, sendPending, sendConfirmed, paymentHash, fee, preimage, error, from.createdAt(), now, lastPost);
    }
}
