package org.lnteller.core.internal.tx;

import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;

/** The checks every post to an existing transaction passes first, whatever its direction. */
final class PostScreen {
    private PostScreen() {}

    /**
     * @return an outcome that ends the matter (repeat, stale, foreign, wrong direction), or empty
     *         when the post is newer and the direction's own rules decide
     */
    static Optional<Ruling> screen(Transaction current, AppId app, MachinePost post) {
        if (!current.appId().equals(app)) return refuse(new Rejection.NotFound());
        if (post.txVersion() <= current.txVersion()) {
            // Machines re-send an unanswered post every 5 s: the same post again is answered, not refused.
            if (post.isRepeatOf(current.lastPost())) return Optional.of(new Ruling.Unchanged(current));
            return refuse(new Rejection.Stale(current.txVersion(), post.txVersion()));
        }
        if (current.direction() != post.direction()) {
            return refuse(new Rejection.WrongDirection(current.direction(), post.direction()));
        }
        if (!current.fiat().currency().equals(post.fiat().currency())) {
            return refuse(new Rejection.InvalidAmount("fiat currency cannot change from "
                    + current.fiat().currency() + " to " + post.fiat().currency()));
        }
        if (post.fiat().compareTo(current.fiat()) < 0) {
            return refuse(new Rejection.Ratchet("fiat", current.fiat() + " to " + post.fiat()));
        }
        if (post.cryptoAtoms().compareTo(current.cryptoAtoms()) < 0) {
            return refuse(new Rejection.Ratchet("cryptoAtoms", current.cryptoAtoms() + " to " + post.cryptoAtoms()));
        }
        return Optional.empty();
    }

    static Optional<Ruling> refuse(Rejection rejection) {
        return Optional.of(new Ruling.Refused(rejection));
    }

    /** A flag may go from false to true, never back. */
    static Optional<Ruling> ratchetFlag(String name, boolean stored, boolean posted) {
        return stored && !posted ? refuse(new Rejection.Ratchet(name, "true to false")) : Optional.empty();
    }
}
