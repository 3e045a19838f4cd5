package org.lnteller.ports.store;

/** The in-memory fake holds to the same contract as the database store. */
class InMemoryTransactionStoreTest extends TransactionStoreContract {
    @Override
    protected TransactionStore newStore() {
        return new InMemoryTransactionStore();
    }
}
