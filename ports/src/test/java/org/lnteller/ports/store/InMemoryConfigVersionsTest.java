package org.lnteller.ports.store;

/** The in-memory fake holds to the same contract as the database's config versions. */
class InMemoryConfigVersionsTest extends ConfigVersionsContract {
    @Override
    protected ConfigVersions newVersions() {
        return new InMemoryConfigVersions();
    }
}
