package org.lnteller.ports.tx;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a transaction's append-only action log: what happened, when, and who caused it.
 *
 * @param kind   short stable name, e.g. "created", "invoice-paid", "send-started"
 * @param detail free text for a person; never a secret
 */
public record Action(Instant at, Actor actor, String kind, String detail) {
    public Action {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
