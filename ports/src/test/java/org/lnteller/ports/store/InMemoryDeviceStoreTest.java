package org.lnteller.ports.store;

/** The in-memory fake holds to the same contract as the database store. */
class InMemoryDeviceStoreTest extends DeviceStoreContract {
    @Override
    protected DeviceStore newStore() {
        return new InMemoryDeviceStore();
    }
}
