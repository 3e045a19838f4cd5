package org.lnteller.ports.usecase;

import java.util.Optional;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Transaction;

/**
 * Driving port of the machine API ({@code POST /tx}, {@code GET /tx/:id}). Implemented by the core.
 *
 * <p>Threading: safe for concurrent calls; concurrent posts to one transaction are serialised by
 * the store. Failures: the backend's and the store's exception families pass through unchanged.
 */
public interface MachineTransactions {

    /**
     * Applies one post of {@code app}'s machine. Idempotent for an exact re-send of the last applied
     * post. May wait (bounded) for a backend call such as issuing an invoice.
     */
    PostResult post(AppId app, MachinePost post);

    /**
     * As {@link #post(AppId, MachinePost)}, by a caller that has just authenticated {@code app}: an
     * implementation may use what it holds (its limit per transaction) instead of reading it again.
     */
    default PostResult post(App app, MachinePost post) {
        return post(app.id(), post);
    }

    /** Reads the stored state only (never the backend); empty for an unknown id or another app's tx. */
    Optional<Transaction> find(AppId app, TxId id);
}
