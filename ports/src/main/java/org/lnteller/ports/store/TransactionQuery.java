package org.lnteller.ports.store;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;

/**
 * A page of transactions for the admin API, newest first. {@code cursor} is the opaque
 * {@link Page#nextCursor()} of the previous page; {@code status} is a wire status name.
 */
public record TransactionQuery(
        Optional<AppId> appId,
        Optional<Direction> direction,
        Optional<String> status,
        int limit,
        Optional<String> cursor) {
    public static final int MAX_LIMIT = 500;

    public TransactionQuery {
        Objects.requireNonNull(appId);
        Objects.requireNonNull(direction);
        Objects.requireNonNull(status);
        Objects.requireNonNull(cursor);
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }

    public static TransactionQuery all(int limit) {
        return new TransactionQuery(Optional.empty(), Optional.empty(), Optional.empty(), limit, Optional.empty());
    }

    public TransactionQuery after(String cursor) {
        return new TransactionQuery(appId, direction, status, limit, Optional.of(cursor));
    }
}
