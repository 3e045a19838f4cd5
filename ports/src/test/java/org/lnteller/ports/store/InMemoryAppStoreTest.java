package org.lnteller.ports.store;

/** The in-memory fake holds to the same contract as the database store. */
class InMemoryAppStoreTest extends AppStoreContract {
    @Override
    protected AppStore newStore() {
        return new InMemoryAppStore();
    }
}
