package org.lnteller.core.internal.tx;

import java.time.Instant;
import java.util.List;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Pricing;

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
    private List<Bill> bills;
    private CashInPayment payment;
    private String lastPost;

    private CashInDraft(CashInTransaction from) {
        this.from = from;
        txVersion = from.txVersion();
        fiat = from.fiat();
        cryptoAtoms = from.cryptoAtoms();
        pricing = from.pricing();
        bills = from.bills();
        payment = from.payment();
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

    CashInDraft payment(CashInPayment next) {
        payment = next;
        return this;
    }

    CashInTransaction at(Instant now) {
        return new CashInTransaction(
                from.id(),
                from.appId(),
                txVersion,
                fiat,
                cryptoAtoms,
                pricing,
                from.toAddress(),
                bills,
                payment,
                from.createdAt(),
                now,
                lastPost);
    }
}
