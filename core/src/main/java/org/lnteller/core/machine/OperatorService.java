package org.lnteller.core.machine;

import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.Operator;

/** The admin API's reads: transaction listings from the store, the balance from the backend. */
public final class OperatorService implements Operator {
    private final TransactionStore transactions;
    private final LightningBackend lightning;

    public OperatorService(TransactionStore transactions, LightningBackend lightning) {
        this.transactions = transactions;
        this.lightning = lightning;
    }

    @Override
    public Page<Transaction> transactions(TransactionQuery query) {
        return transactions.list(query);
    }

    @Override
    public Balance balance() {
        return lightning.balance();
    }
}
