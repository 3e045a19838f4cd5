package org.lnteller.ports.usecase;

import java.util.List;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.Transaction;

/** Driving port of the admin API: listings, the balance, and resolving stuck cash-ins. Implemented by the core. */
public interface Operator {
    Page<Transaction> transactions(TransactionQuery query);

    /** The wallet's balance, asked of the backend. */
    Balance balance();

    /**
     * Cash-ins that need a person: payments still reconciling (in flight)
     * and failed ones waiting for a refund, oldest first.
     */
    List<CashInTransaction> stuckCashIns(int limit);

    /**
     * Records an operator's resolution of a cash-in in its action log, with who and why. A refund
     * is allowed only for a failed cash-in, a cancel only for one never sent; never while a
     * payment may be in flight or after it was paid.
     */
    PostResult resolveCashIn(TxId id, CashInResolution resolution, String operator, String reason);
}
