package org.lnteller.ports.store;

/** The in-memory fake holds to the same contract as the database leases. */
class InMemoryJobLeasesTest extends JobLeasesContract {
    @Override
    protected JobLeases newLeases() {
        return new InMemoryJobLeases();
    }
}
