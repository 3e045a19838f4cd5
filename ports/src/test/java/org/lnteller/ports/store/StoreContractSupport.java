package org.lnteller.ports.store;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;

/**
 * What the store contracts share: resources a factory opens for one test (a connection pool, a
 * database schema) are registered with {@link #closeAfterEach} and closed after the test, the
 * last registered first.
 */
public abstract class StoreContractSupport {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Closes {@code resource} after the current test, before anything registered earlier. */
    protected final <C extends AutoCloseable> C closeAfterEach(C resource) {
        resources.push(resource);
        return resource;
    }

    @AfterEach
    protected final void closeRegisteredResources() throws Exception {
        Exception first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
