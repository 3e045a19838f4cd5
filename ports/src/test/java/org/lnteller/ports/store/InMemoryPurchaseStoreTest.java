package org.lnteller.ports.store;

/** The in-memory fake holds to the same contract as the database store. */
class InMemoryPurchaseStoreTest extends PurchaseStoreContract {
    @Override
    protected PurchaseStore newStore() {
        return new InMemoryPurchaseStore();
    }
}
