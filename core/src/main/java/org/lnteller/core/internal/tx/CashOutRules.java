package org.lnteller.core.internal.tx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashOutState;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.DispenseReport;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;

/**
 * The rules of a cash-out: the customer pays the server's invoice for {@code cryptoAtoms} sats,
 * then the machine dispenses {@code fiat}. Pure functions of their arguments; time is passed in.
 * Each rule looks at the stage ({@link CashOutState}) through a fold over every case and moves it
 * only through the transitions that case offers.
 */
public final class CashOutRules {
    private CashOutRules() {}

    /**
     * Checks a first post before an invoice is issued for it, so a bad post costs no backend call.
     */
    public static Optional<Rejection> checkOpening(MachinePost post) {
        if (post.direction() != Direction.CASH_OUT)
            return Optional.of(new Rejection.WrongDirection(Direction.CASH_OUT, post.direction()));
        if (post.cryptoAtoms().isZero())
            return Optional.of(new Rejection.InvalidAmount("cryptoAtoms must be positive"));
        if (post.fiat().isZero()) return Optional.of(new Rejection.InvalidAmount("fiat must be positive"));
        if (post.request().asksToDispense() || post.request().reportsDispense())
            return Optional.of(new Rejection.NotConfirmed(CashOutStatus.NOT_SEEN.wire()));
        return Optional.empty();
    }

    /**
     * Opens a cash-out with the invoice issued for it.
     *
     * @param priceFlagged the quoted price is worse for the operator than the server's own
     */
    public static Ruling open(MachinePost post, AppId app, CreatedInvoice invoice, boolean priceFlagged, Instant now) {
        Optional<Rejection> refused = checkOpening(post);
        if (refused.isPresent()) return new Ruling.Refused(refused.get());
        if (!invoice.amount().equals(post.cryptoAtoms().toMilliSatoshi())) {
            return new Ruling.Refused(
                    new Rejection.AmountMismatch(post.cryptoAtoms().toMilliSatoshi(), invoice.amount()));
        }
        CashOutTransaction tx = new CashOutTransaction(
                post.id(),
                app,
                post.txVersion(),
                post.fiat(),
                post.cryptoAtoms(),
                post.pricing(),
                new CashOutTransaction.Invoice(invoice.bolt11(), invoice.paymentHash(), invoice.expiresAt()),
                new CashOutState.AwaitingPayment(),
                priceFlagged,
                Optional.empty(),
                now,
                now,
                post.fingerprint());
        List<Action> log = new ArrayList<>();
        log.add(new Action(
                now,
                Actor.MACHINE,
                "created",
                "cash-out " + post.fiat() + " for " + post.cryptoAtoms() + ", invoice " + invoice.paymentHash()));
        if (priceFlagged)
            log.add(new Action(now, Actor.MACHINE, "price-flagged", "quoted price is below the server's"));
        return new Ruling.Applied(tx, log);
    }

    /**
     * A later post from the machine. The amounts are fixed by the invoice; the machine moves the
     * dispense flags forward. Provisioning the notes is {@link #provision}'s, once.
     */
    public static Ruling onPost(CashOutTransaction current, AppId app, MachinePost post, Instant now) {
        CashOutState state = current.state();
        Optional<Ruling> screened = PostScreen.screen(current, app, post)
                .or(() -> PostScreen.ratchetFlag(
                        "dispense", state.askedToDispense(), post.request().asksToDispense()))
                .or(() -> PostScreen.ratchetFlag(
                        "dispenseConfirmed",
                        state.dispenseReported(),
                        post.request().reportsDispense()));
        if (screened.isPresent()) return screened.get();
        if (!post.fiat().equals(current.fiat()) || !post.cryptoAtoms().equals(current.cryptoAtoms())) {
            return new Ruling.Refused(new Rejection.InvalidAmount("a cash-out's amounts are fixed by its invoice ("
                    + current.fiat() + ", " + current.cryptoAtoms() + ")"));
        }
        boolean asksToDispense = post.request().asksToDispense() && !state.askedToDispense();
        boolean reportsDispense = post.request().reportsDispense() && !state.dispenseReported();
        if ((asksToDispense || reportsDispense) && current.status() != CashOutStatus.CONFIRMED) {
            return new Ruling.Refused(new Rejection.NotConfirmed(current.wireStatus()));
        }
        Optional<Rejection> unasked = post.request()
                .fold(
                        n -> Optional.empty(),
                        s -> Optional.empty(),
                        d -> Optional.empty(),
                        r -> Optional.empty(),
                        u -> Optional.of(new Rejection.DispenseNotRequested()));
        if (unasked.isPresent()) return new Ruling.Refused(unasked.get());
        List<Action> log = new ArrayList<>();
        CashOutState next = state;
        if (asksToDispense) {
            // only a paid cash-out gets here (checked above): it moves to DispenseRequested
            next = next.fold(CashOutState.Cases.<CashOutState>of(
                    a -> a, e -> e, CashOutState.Paid::requestDispense, r -> r, d -> d, d -> d));
            log.add(new Action(
                    now, Actor.MACHINE, "dispense-requested", "machine asked to dispense " + current.fiat()));
        }
        if (reportsDispense) {
            next = next.fold(CashOutState.Cases.<CashOutState>of(
                    a -> a,
                    e -> e,
                    p -> p,
                    requested -> requested.confirm(
                            recordDispensed(List.of(), post.request().reports())),
                    dispensing -> dispensing.confirm(
                            recordDispensed(dispensing.plan(), post.request().reports())),
                    d -> d));
            log.add(new Action(
                    now,
                    Actor.MACHINE,
                    "dispense-confirmed",
                    "reported " + post.request().reports()));
            FiatAmount out = dispensedFiat(next.notes(), current.fiat());
            if (!out.equals(current.fiat())) {
                // recorded as reported all the same: the notes are gone, the operator must see it
                log.add(new Action(
                        now,
                        Actor.MACHINE,
                        "dispense-short",
                        "the machine reports " + out + " dispensed of " + current.fiat()));
            }
        }
        if (log.isEmpty()) log.add(new Action(now, Actor.MACHINE, "updated", "txVersion " + post.txVersion()));
        CashOutTransaction moved = new CashOutTransaction(
                current.id(),
                current.appId(),
                post.txVersion(),
                current.fiat(),
                current.cryptoAtoms(),
                current.pricing(),
                current.invoice(),
                next,
                current.priceFlagged(),
                current.error(),
                current.createdAt(),
                now,
                post.fingerprint());
        return new Ruling.Applied(moved, log);
    }

    /** Whether this stored cash-out waits for its notes: the machine asked to dispense and none were provisioned. */
    public static boolean awaitsNotes(CashOutTransaction tx) {
        return tx.state()
                .fold(CashOutState.Cases.of(
                        a -> false,
                        e -> false,
                        p -> false,
                        requested -> true,
                        dispensing -> false,
                        dispensed -> dispensed.counts().isEmpty()));
    }

    /**
     * Records the notes taken from the cassettes for this cash-out: one line per cassette of the
     * app, in its cassette order, zeros included (see {@link DispenseLine}). Only once: a transaction that
     * already has notes is {@link Ruling.Unchanged}, so a re-sent dispense never takes notes twice.
     */
    public static Ruling provision(CashOutTransaction current, List<DispenseLine> lines, Instant now) {
        Ruling notAsked = new Ruling.Refused(new Rejection.NotConfirmed(current.wireStatus()));
        Ruling unchanged = new Ruling.Unchanged(current);
        // every cassette is listed, zeros included; a cassette of another currency gives no notes
        var total = lines.stream()
                .filter(l -> l.provisioned() > 0)
                .map(l -> l.denomination().times(l.provisioned()))
                .reduce(FiatAmount.zero(current.fiat().currency()), FiatAmount::plus);
        Optional<Ruling> wrongTotal = total.equals(current.fiat())
                ? Optional.empty()
                : Optional.of(new Ruling.Refused(
                        new Rejection.InvalidAmount("notes add up to " + total + ", not " + current.fiat())));
        return current.state()
                .fold(CashOutState.Cases.of(
                        awaiting -> notAsked,
                        expired -> notAsked,
                        paid -> notAsked,
                        requested -> wrongTotal.orElseGet(
                                () -> provisioned(current, requested.provision(lines), lines, now)),
                        dispensing -> unchanged,
                        // the machine reported before the notes were provisioned: they are taken all the same
                        dispensed -> !dispensed.counts().isEmpty()
                                ? unchanged
                                : wrongTotal.orElseGet(
                                        () -> provisioned(current, new CashOutState.Dispensed(lines), lines, now))));
    }

    private static Ruling provisioned(
            CashOutTransaction current, CashOutState next, List<DispenseLine> lines, Instant now) {
        return new Ruling.Applied(
                current.withState(next, now),
                List.of(new Action(now, Actor.MACHINE, "notes-provisioned", lines.toString())));
    }

    /** The monitor saw the invoice paid. Idempotent: only an unpaid (or expired-late) tx moves. */
    public static Ruling invoicePaid(CashOutTransaction current, Actor seenBy, Instant now) {
        Ruling unchanged = new Ruling.Unchanged(current);
        return current.state()
                .fold(CashOutState.Cases.of(
                        awaiting -> new Ruling.Applied(
                                current.withState(awaiting.paid(), now),
                                List.of(new Action(now, seenBy, "invoice-paid", "invoice paid"))),
                        // A payment that lands after we marked the invoice expired is still the customer's money:
                        // confirm it so the machine (or the operator) can honour it rather than lose it.
                        expired -> new Ruling.Applied(
                                current.withState(expired.paidLate(), now),
                                List.of(new Action(now, seenBy, "invoice-paid", "paid after it was marked expired"))),
                        paid -> unchanged,
                        requested -> unchanged,
                        dispensing -> unchanged,
                        dispensed -> unchanged));
    }

    /** The invoice passed its expiry unpaid. Only an unpaid tx past its expiry moves. */
    public static Ruling invoiceExpired(CashOutTransaction current, Actor seenBy, Instant now) {
        Ruling unchanged = new Ruling.Unchanged(current);
        if (now.isBefore(current.invoice().expiresAt())) return unchanged;
        return current.state()
                .fold(CashOutState.Cases.of(
                        awaiting -> new Ruling.Applied(
                                current.withState(awaiting.expire(), now),
                                List.of(new Action(
                                        now,
                                        seenBy,
                                        "invoice-expired",
                                        "unpaid at " + current.invoice().expiresAt()))),
                        expired -> unchanged,
                        paid -> unchanged,
                        requested -> unchanged,
                        dispensing -> unchanged,
                        dispensed -> unchanged));
    }

    /**
     * The provisioned lines with the machine's counts. A report names its cassette by
     * {@code "cassetteN"} (N = 1-based index in these lines), or else by its position in the posted
     * list; the first report about a line wins, reports about no line are left out (the action log
     * keeps the whole report). A line nobody reported on keeps empty counts.
     */
    static List<DispenseLine> recordDispensed(List<DispenseLine> provisioned, List<DispenseReport> reported) {
        List<DispenseLine> out = new ArrayList<>(provisioned);
        boolean[] seen = new boolean[provisioned.size()];
        for (DispenseReport r : reported) {
            int i = r.target() - 1;
            if (i >= provisioned.size() || seen[i]) continue;
            seen[i] = true;
            DispenseLine line = provisioned.get(i);
            out.set(
                    i,
                    new DispenseLine(
                            line.cassette(), line.denomination(), line.provisioned(), r.dispensed(), r.rejected()));
        }
        return List.copyOf(out);
    }

    /** What the confirmed counts add up to (lines without a count add nothing), in the tx's currency. */
    public static FiatAmount dispensedFiat(List<DispenseLine> lines, FiatAmount like) {
        FiatAmount total = FiatAmount.zero(like.currency());
        for (DispenseLine line : lines) {
            if (line.dispensed().isPresent() && line.denomination().currency().equals(like.currency())) {
                total = total.plus(line.denomination().times(line.dispensed().getAsInt()));
            }
        }
        return total;
    }
}
