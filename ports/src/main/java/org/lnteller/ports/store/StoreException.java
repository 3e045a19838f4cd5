package org.lnteller.ports.store;

import org.jspecify.annotations.Nullable;

/**
 * Root of every failure of the stores ({@link TransactionStore}, {@link AppStore},
 * {@link PurchaseStore}, {@link JobLeases}): the database is unreachable, a constraint failed, or
 * retries of a conflicting change ran out. Unchecked; an expected "not there" is an empty Optional
 * instead.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
