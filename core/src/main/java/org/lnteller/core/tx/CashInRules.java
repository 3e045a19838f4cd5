package org.lnteller.core.tx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.TxError;

/**
 * The rules of a cash-in: the customer stacks bills and the server pays what the customer scanned,
 * exactly once. The send guard is {@link #beginSend}: a payment may start only after the state it
 * returns ({@code sendPending}) is committed, and it is granted once per transaction.
 */
public final class CashInRules {
    private CashInRules() {}

    /** Opens a cash-in from the machine's first post. */
    public static PostOutcome open(MachinePost post, AppId app, Instant now) {
        if (post.direction() != Direction.CASH_IN) {
            return new PostOutcome.Refused(new Rejection.WrongDirection(Direction.CASH_IN, post.direction()));
        }
        String destination = post.toAddress().map(String::trim).orElse("");
        if (destination.isEmpty()) return new PostOutcome.Refused(new Rejection.MissingDestination());
        Optional<Rejection> amounts = checkAmounts(post);
        if (amounts.isPresent()) return new PostOutcome.Refused(amounts.get());
        CashInTransaction tx = new CashInTransaction(post.id(), app, post.txVersion(), post.fiat(), post.cryptoAtoms(),
                post.pricing(), CashInStatus.PENDING, destination, post.bills(), post.send(), false, false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, now, post.fingerprint());
        List<Action> log = new ArrayList<>();
        log.add(new Action(now, Actor.MACHINE, "created", "cash-in " + post.fiat() + " for " + post.cryptoAtoms()
                + " with " + post.bills().size() + " bill(s)"));
        if (post.send()) log.add(new Action(now, Actor.MACHINE, "send-requested", "machine asked to send"));
        return new PostOutcome.Applied(tx, log);
    }

    /** A later post: more bills, higher amounts, and finally {@code send: true}. */
    public static PostOutcome onPost(CashInTransaction current, AppId app, MachinePost post, Instant now) {
        Optional<PostOutcome> screened = PostScreen.screen(current, app, post)
                .or(() -> PostScreen.ratchetFlag("send", current.send(), post.send()));
        if (screened.isPresent()) return screened.get();
        if (current.status().isClosed() && current.status() != CashInStatus.CONFIRMED) {
            return new PostOutcome.Refused(new Rejection.Closed(current.status().wire()));
        }
        if (post.toAddress().isPresent() && !post.toAddress().get().trim().equals(current.toAddress())) {
            return new PostOutcome.Refused(new Rejection.DestinationChanged());
        }
        boolean amountsChange = !post.fiat().equals(current.fiat()) || !post.cryptoAtoms().equals(current.cryptoAtoms())
                || !post.bills().equals(current.bills());
        if (current.send() && amountsChange) return new PostOutcome.Refused(new Rejection.AlreadySent());
        if (post.bills().size() < current.bills().size()
                || !post.bills().subList(0, current.bills().size()).equals(current.bills())) {
            return new PostOutcome.Refused(new Rejection.Ratchet("bills", "stacked bills cannot be removed or replaced"));
        }
        Optional<Rejection> amounts = checkAmounts(post);
        if (amounts.isPresent()) return new PostOutcome.Refused(amounts.get());

        List<Action> log = new ArrayList<>();
        int added = post.bills().size() - current.bills().size();
        if (added > 0) log.add(new Action(now, Actor.MACHINE, "bills-stacked", added + " bill(s), now " + post.fiat()));
        if (post.send() && !current.send()) log.add(new Action(now, Actor.MACHINE, "send-requested", "machine asked to send " + post.cryptoAtoms()));
        if (log.isEmpty()) log.add(new Action(now, Actor.MACHINE, "updated", "txVersion " + post.txVersion()));
        CashInTransaction next = CashInDraft.of(current).post(post)
                .sending(current.send() || post.send(), current.sendPending(), current.sendConfirmed()).at(now);
        return new PostOutcome.Applied(next, log);
    }

    /**
     * Grants the payment, once. {@link PostOutcome.Applied} sets {@code sendPending} and records
     * the hash of the invoice about to be paid: commit it, then pay. Anything else means do not
     * pay: it was granted before, or the machine has not asked to send.
     */
    public static PostOutcome beginSend(CashInTransaction current, PaymentHash paymentHash, Instant now) {
        if (!current.send()) return new PostOutcome.Refused(new Rejection.SendNotRequested());
        if (current.sendPending() || current.sendConfirmed() || current.status() != CashInStatus.PENDING) {
            return new PostOutcome.Unchanged(current);
        }
        if (current.cryptoAtoms().isZero()) return new PostOutcome.Refused(new Rejection.InvalidAmount("nothing to send: cryptoAtoms is 0"));
        CashInTransaction next = CashInDraft.of(current).status(CashInStatus.AUTHORIZED).sending(true, true, false)
                .paymentHash(paymentHash).settlement(Optional.empty(), Optional.empty()).error(Optional.empty()).at(now);
        return new PostOutcome.Applied(next, List.of(new Action(now, Actor.MACHINE, "send-started",
                "paying " + current.cryptoAtoms() + " to payment hash " + paymentHash)));
    }

    /**
     * The payment settled. Idempotent. Also confirms a payment that was marked failed, because
     * the backend's word that money left the wallet outranks an earlier guess.
     */
    public static PostOutcome paymentSucceeded(CashInTransaction current, Optional<Preimage> preimage, MilliSatoshi fee,
                                               Actor seenBy, Instant now) {
        if (current.sendConfirmed()) return new PostOutcome.Unchanged(current);
        if (current.status() == CashInStatus.REFUNDED || current.status() == CashInStatus.CANCELLED) {
            // Money left the wallet after the operator settled with the customer: keep the state
            // the operator chose and say loudly what happened, so the books can be put right.
            return new PostOutcome.Applied(current, List.of(new Action(now, seenBy, "paid-after-resolution",
                    "the backend reports this payment succeeded after the tx was " + current.status().wire())));
        }
        if (!current.send() || current.paymentHash().isEmpty()) {
            return new PostOutcome.Refused(new Rejection.NoPaymentStarted());
        }
        String detail = "paid, fee " + fee + (current.status() == CashInStatus.FAILED ? " (after it was marked failed)" : "");
        CashInTransaction next = CashInDraft.of(current).status(CashInStatus.CONFIRMED).sending(true, true, true)
                .settlement(Optional.of(fee.ceilToSatoshi()), preimage).error(Optional.empty()).at(now);
        return new PostOutcome.Applied(next, List.of(new Action(now, seenBy, "send-confirmed", detail)));
    }

    /**
     * The payment definitely did not happen: clear {@code sendPending} and keep the error, so the
     * operator can refund. Only a payment in flight can fail.
     */
    public static PostOutcome paymentFailed(CashInTransaction current, TxError error, Actor seenBy, Instant now) {
        if (!current.sendPending() || current.sendConfirmed()) return new PostOutcome.Unchanged(current);
        CashInTransaction next = CashInDraft.of(current).status(CashInStatus.FAILED).sending(true, false, false)
                .settlement(Optional.empty(), Optional.empty()).error(Optional.of(error)).at(now);
        return new PostOutcome.Applied(next, List.of(new Action(now, seenBy, "send-failed", error.code() + ": " + error.message())));
    }

    /**
     * The payment could not start (the destination failed its checks at send time): nothing was
     * paid, so the tx fails at once and the operator refunds. Only a send not yet granted can be
     * refused this way.
     */
    public static PostOutcome refuseSend(CashInTransaction current, TxError error, Instant now) {
        if (current.sendPending() || current.sendConfirmed() || current.status() != CashInStatus.PENDING) {
            return new PostOutcome.Unchanged(current);
        }
        CashInTransaction next = CashInDraft.of(current).status(CashInStatus.FAILED).sending(current.send(), false, false)
                .settlement(Optional.empty(), Optional.empty()).error(Optional.of(error)).at(now);
        return new PostOutcome.Applied(next, List.of(new Action(now, Actor.MACHINE, "send-refused", error.code() + ": " + error.message())));
    }

    /**
     * The backend did not say how the payment ended (timeout, dropped connection, still in
     * flight): nothing changes but the log; the reconciler asks about the payment hash later.
     */
    public static PostOutcome paymentInDoubt(CashInTransaction current, String cause, Actor seenBy, Instant now) {
        if (!current.sendPending() || current.sendConfirmed()) return new PostOutcome.Unchanged(current);
        CashInTransaction touched = CashInDraft.of(current).at(now);
        return new PostOutcome.Applied(touched, List.of(new Action(now, seenBy, "send-in-doubt", cause)));
    }

    /**
     * An operator's resolution, recorded with who and why: a refund closes a failed cash-in, a
     * cancel closes one that was never sent. Refused while a payment may be in flight or after
     * it was paid.
     */
    public static PostOutcome resolve(CashInTransaction current, boolean refund, String operator, String reason, Instant now) {
        if (reason == null || reason.isBlank()) return new PostOutcome.Refused(new Rejection.ReasonMissing());
        CashInStatus target = refund ? CashInStatus.REFUNDED : CashInStatus.CANCELLED;
        if (current.status() == target) return new PostOutcome.Unchanged(current);
        boolean allowed = refund
                ? current.status() == CashInStatus.FAILED && !current.sendPending() && !current.sendConfirmed()
                : current.status() == CashInStatus.PENDING && !current.sendPending() && !current.sendConfirmed();
        if (!allowed) {
            return new PostOutcome.Refused(new Rejection.Closed(current.status().wire()
                    + (current.sendPending() ? " with a payment that may be in flight" : "")));
        }
        CashInTransaction next = CashInDraft.of(current).status(target).sending(current.send(), false, false).at(now);
        return new PostOutcome.Applied(next, List.of(new Action(now, Actor.OPERATOR, refund ? "refunded" : "cancelled",
                "by " + operator + ": " + reason.strip())));
    }

    private static Optional<Rejection> checkAmounts(MachinePost post) {
        if (post.send() && post.cryptoAtoms().isZero()) return Optional.of(new Rejection.InvalidAmount("cannot send 0 sats"));
        if (post.bills().isEmpty()) return Optional.empty();
        FiatAmount total = FiatAmount.zero(post.fiat().currency());
        for (Bill bill : post.bills()) {
            if (!bill.denomination().currency().equals(total.currency())) {
                return Optional.of(new Rejection.InvalidAmount("bill in " + bill.denomination().currency()
                        + " in a " + total.currency() + " transaction"));
            }
            total = total.plus(bill.denomination());
        }
        if (!total.equals(post.fiat())) {
            return Optional.of(new Rejection.InvalidAmount("bills add up to " + total + " but fiat is " + post.fiat()));
        }
        return Optional.empty();
    }
}
