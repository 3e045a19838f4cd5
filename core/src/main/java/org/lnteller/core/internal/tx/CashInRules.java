package org.lnteller.core.internal.tx;

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
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInPayment.Collecting;
import org.lnteller.ports.tx.CashInPayment.Failed;
import org.lnteller.ports.tx.CashInPayment.InFlight;
import org.lnteller.ports.tx.CashInPayment.Paid;
import org.lnteller.ports.tx.CashInPayment.SendRequested;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.TxError;

/**
 * The rules of a cash-in: the customer stacks bills and the server pays what the customer scanned,
 * exactly once. Each rule looks at the stage of the payment ({@link CashInPayment}) through a fold
 * over every case, and moves it only through the transitions that case offers. The send guard is
 * {@link #beginSend}: a payment may start only after the state it returns ({@link InFlight}) is
 * committed, and only a {@link SendRequested} payment can start, so it is granted once.
 */
public final class CashInRules {
    private CashInRules() {}

    /** Opens a cash-in from the machine's first post. */
    public static Ruling open(MachinePost post, AppId app, Instant now) {
        if (post.direction() != Direction.CASH_IN) {
            return new Ruling.Refused(new Rejection.WrongDirection(Direction.CASH_IN, post.direction()));
        }
        String destination = post.toAddress().map(String::trim).orElse("");
        if (destination.isEmpty()) return new Ruling.Refused(new Rejection.MissingDestination());
        Optional<Rejection> amounts = checkAmounts(post);
        if (amounts.isPresent()) return new Ruling.Refused(amounts.get());
        CashInPayment payment = post.request().asksToSend() ? new SendRequested() : new Collecting();
        CashInTransaction tx = new CashInTransaction(
                post.id(),
                app,
                post.txVersion(),
                post.fiat(),
                post.cryptoAtoms(),
                post.pricing(),
                destination,
                post.bills(),
                payment,
                now,
                now,
                post.fingerprint());
        List<Action> log = new ArrayList<>();
        log.add(new Action(
                now,
                Actor.MACHINE,
                "created",
                "cash-in " + post.fiat() + " for " + post.cryptoAtoms() + " with "
                        + post.bills().size() + " bill(s)"));
        if (post.request().asksToSend())
            log.add(new Action(now, Actor.MACHINE, "send-requested", "machine asked to send"));
        return new Ruling.Applied(tx, log);
    }

    /** A later post: more bills, higher amounts, and finally {@code send: true}. */
    public static Ruling onPost(CashInTransaction current, AppId app, MachinePost post, Instant now) {
        boolean sendRequested = current.payment().sendRequested();
        Optional<Ruling> screened = PostScreen.screen(current, app, post)
                .or(() -> PostScreen.ratchetFlag(
                        "send", sendRequested, post.request().asksToSend()));
        if (screened.isPresent()) return screened.get();
        Optional<Rejection> closed = current.payment()
                .fold(CashInPayment.Cases.of(
                        c -> Optional.empty(),
                        c -> Optional.empty(),
                        c -> Optional.empty(),
                        // a paid cash-in still answers its re-sent posts; amounts cannot change (below)
                        c -> Optional.empty(),
                        c -> closed(current),
                        c -> closed(current),
                        c -> closed(current)));
        if (closed.isPresent()) return new Ruling.Refused(closed.get());
        if (post.toAddress().isPresent() && !post.toAddress().get().trim().equals(current.toAddress())) {
            return new Ruling.Refused(new Rejection.DestinationChanged());
        }
        boolean amountsChange = !post.fiat().equals(current.fiat())
                || !post.cryptoAtoms().equals(current.cryptoAtoms())
                || !post.bills().equals(current.bills());
        if (sendRequested && amountsChange) return new Ruling.Refused(new Rejection.AlreadySent());
        if (post.bills().size() < current.bills().size()
                || !post.bills().subList(0, current.bills().size()).equals(current.bills())) {
            return new Ruling.Refused(new Rejection.Ratchet("bills", "stacked bills cannot be removed or replaced"));
        }
        Optional<Rejection> amounts = checkAmounts(post);
        if (amounts.isPresent()) return new Ruling.Refused(amounts.get());

        List<Action> log = new ArrayList<>();
        int added = post.bills().size() - current.bills().size();
        if (added > 0) log.add(new Action(now, Actor.MACHINE, "bills-stacked", added + " bill(s), now " + post.fiat()));
        if (post.request().asksToSend() && !sendRequested)
            log.add(new Action(now, Actor.MACHINE, "send-requested", "machine asked to send " + post.cryptoAtoms()));
        if (log.isEmpty()) log.add(new Action(now, Actor.MACHINE, "updated", "txVersion " + post.txVersion()));
        CashInPayment payment = !post.request().asksToSend()
                ? current.payment()
                : current.payment()
                        .fold(CashInPayment.Cases.<CashInPayment>of(
                                Collecting::requestSend, c -> c, c -> c, c -> c, c -> c, c -> c, c -> c));
        CashInTransaction next =
                CashInDraft.of(current).post(post).payment(payment).at(now);
        return new Ruling.Applied(next, log);
    }

    private static Optional<Rejection> closed(CashInTransaction current) {
        return Optional.of(new Rejection.Closed(current.wireStatus()));
    }

    /**
     * Grants the payment, once. {@link Ruling.Applied} moves a {@link SendRequested} payment
     * to {@link InFlight} with the hash of the invoice about to be paid: commit it, then pay.
     * Anything else means do not pay: it was granted before, or the machine has not asked to send.
     */
    public static Ruling beginSend(CashInTransaction current, PaymentHash paymentHash, Instant now) {
        Ruling unchanged = new Ruling.Unchanged(current);
        Ruling notAsked = new Ruling.Refused(new Rejection.SendNotRequested());
        return current.payment()
                .fold(CashInPayment.Cases.of(
                        collecting -> notAsked,
                        requested -> {
                            if (current.cryptoAtoms().isZero()) {
                                return new Ruling.Refused(
                                        new Rejection.InvalidAmount("nothing to send: cryptoAtoms is 0"));
                            }
                            return new Ruling.Applied(
                                    current.withPayment(requested.start(paymentHash), now),
                                    List.of(new Action(
                                            now,
                                            Actor.MACHINE,
                                            "send-started",
                                            "paying " + current.cryptoAtoms() + " to payment hash " + paymentHash)));
                        },
                        inFlight -> unchanged,
                        paid -> unchanged,
                        failed -> unchanged,
                        refunded -> unchanged,
                        cancelled -> cancelled.afterSendRequest() ? unchanged : notAsked));
    }

    /**
     * The payment settled. Idempotent. Also confirms a payment that was marked failed, because
     * the backend's word that money left the wallet outranks an earlier guess.
     */
    public static Ruling paymentSucceeded(
            CashInTransaction current, Optional<Preimage> preimage, MilliSatoshi fee, Actor seenBy, Instant now) {
        Ruling noPayment = new Ruling.Refused(new Rejection.NoPaymentStarted());
        return current.payment()
                .fold(CashInPayment.Cases.of(
                        collecting -> noPayment,
                        requested -> noPayment,
                        inFlight -> confirmed(
                                current,
                                inFlight.succeed(preimage, fee.ceilToSatoshi()),
                                "paid, fee " + fee,
                                seenBy,
                                now),
                        paid -> new Ruling.Unchanged(current),
                        failed -> failed.succeedLate(preimage, fee.ceilToSatoshi())
                                .map(p -> confirmed(
                                        current, p, "paid, fee " + fee + " (after it was marked failed)", seenBy, now))
                                .orElse(noPayment),
                        refunded -> paidAfterResolution(current, seenBy, now),
                        cancelled -> paidAfterResolution(current, seenBy, now)));
    }

    private static Ruling confirmed(CashInTransaction current, Paid paid, String detail, Actor seenBy, Instant now) {
        return new Ruling.Applied(
                current.withPayment(paid, now), List.of(new Action(now, seenBy, "send-confirmed", detail)));
    }

    /**
     * Money left the wallet after the operator settled with the customer: keep the state the
     * operator chose and say loudly what happened, so the books can be put right.
     */
    private static Ruling paidAfterResolution(CashInTransaction current, Actor seenBy, Instant now) {
        return new Ruling.Applied(
                current,
                List.of(new Action(
                        now,
                        seenBy,
                        "paid-after-resolution",
                        "the backend reports this payment succeeded after the tx was " + current.wireStatus())));
    }

    /**
     * The payment definitely did not happen: it becomes {@link Failed}, keeping the error, so the
     * operator can refund. Only a payment in flight can fail.
     */
    public static Ruling paymentFailed(CashInTransaction current, TxError error, Actor seenBy, Instant now) {
        Ruling unchanged = new Ruling.Unchanged(current);
        return current.payment()
                .fold(CashInPayment.Cases.of(
                        collecting -> unchanged,
                        requested -> unchanged,
                        inFlight -> new Ruling.Applied(
                                current.withPayment(inFlight.fail(error), now),
                                List.of(new Action(now, seenBy, "send-failed", error.code() + ": " + error.message()))),
                        paid -> unchanged,
                        failed -> unchanged,
                        refunded -> unchanged,
                        cancelled -> unchanged));
    }

    /**
     * The payment could not start (the destination failed its checks at send time): nothing was
     * paid, so the tx fails at once and the operator refunds. Only a send not yet granted can be
     * refused this way.
     */
    public static Ruling refuseSend(CashInTransaction current, TxError error, Instant now) {
        Ruling unchanged = new Ruling.Unchanged(current);
        return current.payment()
                .fold(CashInPayment.Cases.of(
                        collecting -> unchanged,
                        requested -> new Ruling.Applied(
                                current.withPayment(requested.refuse(error), now),
                                List.of(new Action(
                                        now, Actor.MACHINE, "send-refused", error.code() + ": " + error.message()))),
                        inFlight -> unchanged,
                        paid -> unchanged,
                        failed -> unchanged,
                        refunded -> unchanged,
                        cancelled -> unchanged));
    }

    /**
     * The backend did not say how the payment ended (timeout, dropped connection, still in
     * flight): nothing changes but the log; the reconciler asks about the payment hash later.
     */
    public static Ruling paymentInDoubt(CashInTransaction current, String cause, Actor seenBy, Instant now) {
        Ruling unchanged = new Ruling.Unchanged(current);
        return current.payment()
                .fold(CashInPayment.Cases.of(
                        collecting -> unchanged,
                        requested -> unchanged,
                        inFlight -> new Ruling.Applied(
                                CashInDraft.of(current).at(now),
                                List.of(new Action(now, seenBy, "send-in-doubt", cause))),
                        paid -> unchanged,
                        failed -> unchanged,
                        refunded -> unchanged,
                        cancelled -> unchanged));
    }

    /**
     * An operator's resolution, recorded with who and why: a refund closes a failed cash-in, a
     * cancel closes one that was never sent. Refused while a payment may be in flight or after
     * it was paid.
     */
    public static Ruling resolve(
            CashInTransaction current, boolean refund, String operator, String reason, Instant now) {
        if (reason == null || reason.isBlank()) return new Ruling.Refused(new Rejection.ReasonMissing());
        Optional<CashInPayment> resolved = current.payment()
                .fold(CashInPayment.Cases.of(
                        collecting -> refund ? Optional.empty() : Optional.of(collecting.cancel()),
                        requested -> refund ? Optional.empty() : Optional.of(requested.cancel()),
                        inFlight -> Optional.empty(),
                        paid -> Optional.empty(),
                        failed -> refund ? Optional.of(failed.refund()) : Optional.empty(),
                        refunded -> refund ? Optional.of(refunded) : Optional.empty(),
                        cancelled -> refund ? Optional.empty() : Optional.of(cancelled)));
        if (resolved.isEmpty()) {
            boolean inFlight = current.status() == CashInStatus.AUTHORIZED;
            return new Ruling.Refused(new Rejection.Closed(
                    current.wireStatus() + (inFlight ? " with a payment that may be in flight" : "")));
        }
        if (resolved.get() == current.payment()) return new Ruling.Unchanged(current);
        return new Ruling.Applied(
                current.withPayment(resolved.get(), now),
                List.of(new Action(
                        now,
                        Actor.OPERATOR,
                        refund ? "refunded" : "cancelled",
                        "by " + operator + ": " + reason.strip())));
    }

    private static Optional<Rejection> checkAmounts(MachinePost post) {
        if (post.request().asksToSend() && post.cryptoAtoms().isZero())
            return Optional.of(new Rejection.InvalidAmount("cannot send 0 sats"));
        if (post.bills().isEmpty()) return Optional.empty();
        FiatAmount total = FiatAmount.zero(post.fiat().currency());
        for (Bill bill : post.bills()) {
            if (!bill.denomination().currency().equals(total.currency())) {
                return Optional.of(new Rejection.InvalidAmount(
                        "bill in " + bill.denomination().currency() + " in a " + total.currency() + " transaction"));
            }
            total = total.plus(bill.denomination());
        }
        if (!total.equals(post.fiat())) {
            return Optional.of(new Rejection.InvalidAmount("bills add up to " + total + " but fiat is " + post.fiat()));
        }
        return Optional.empty();
    }
}
