package org.lnteller.ports.usecase;

import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.tx.Transaction;

/** Driving port of the admin API's read side. Implemented by the core. */
public interface Operator {
    Page<Transaction> transactions(TransactionQuery query);

    /** The wallet's balance, asked of the backend. */
    Balance balance();
}
