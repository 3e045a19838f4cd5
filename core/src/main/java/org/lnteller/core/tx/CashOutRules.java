package org.lnteller.core.tx;

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
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.DispenseReport;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;

/**
 * The rules of a cash-out: the customer pays the server's invoice for {@code cryptoAtoms} sats,
 * then the machine dispenses {@code fiat}. Pure functions of their arguments; time is passed in.
 */
public final class CashOutRules {
    private CashOutRules() {}

    /**
     * Checks a first post before an invoice is issued for it, so a bad post costs no backend call.
     */
    public static Optional<Rejection> checkOpening(MachinePost post) {
        if (post.direction() != Direction.CASH_OUT) return Optional.of(new Rejection.WrongDirection(Direction.CASH_OUT, post.direction()));
        if (post.cryptoAtoms().isZero()) return Optional.of(new Rejection.InvalidAmount("cryptoAtoms must be positive"));
        if (post.fiat().isZero()) return Optional.of(new Rejection.InvalidAmount("fiat must be positive"));
        if (post.dispense() || post.dispenseConfirmed()) return Optional.of(new Rejection.NotConfirmed(CashOutStatus.NOT_SEEN.wire()));
        return Optional.empty();
    }

    /**
     * Opens a cash-out with the invoice issued for it.
     *
     * @param priceFlagged the quoted price is worse for the operator than the server's own
     */
    public static PostOutcome open(MachinePost post, AppId app, CreatedInvoice invoice, boolean priceFlagged, Instant now) {
        Optional<Rejection> refused = checkOpening(post);
        if (refused.isPresent()) return new PostOutcome.Refused(refused.get());
        if (!invoice.amount().equals(post.cryptoAtoms().toMilliSatoshi())) {
            return new PostOutcome.Refused(new Rejection.AmountMismatch(post.cryptoAtoms().toMilliSatoshi(), invoice.amount()));
        }
        CashOutTransaction tx = new CashOutTransaction(post.id(), app, post.txVersion(), post.fiat(), post.cryptoAtoms(),
                post.pricing(), CashOutStatus.NOT_SEEN,
                new CashOutTransaction.Invoice(invoice.bolt11(), invoice.paymentHash(), invoice.expiresAt()),
                false, false, List.of(), priceFlagged, Optional.empty(), now, now, post.fingerprint());
        List<Action> log = new ArrayList<>();
        log.add(new Action(now, Actor.MACHINE, "created",
                "cash-out " + post.fiat() + " for " + post.cryptoAtoms() + ", invoice " + invoice.paymentHash()));
        if (priceFlagged) log.add(new Action(now, Actor.MACHINE, "price-flagged", "quoted price is below the server's"));
        return new PostOutcome.Applied(tx, log);
    }

    /**
     * A later post from the machine. The amounts are fixed by the invoice; the machine moves the
     * dispense flags forward. Provisioning the notes is {@link #provision}'s, once.
     */
    public static PostOutcome onPost(CashOutTransaction current, AppId app, MachinePost post, Instant now) {
        Optional<PostOutcome> screened = PostScreen.screen(current, app, post)
                .or(() -> PostScreen.ratchetFlag("dispense", current.dispense(), post.dispense()))
                .or(() -> PostScreen.ratchetFlag("dispenseConfirmed", current.dispenseConfirmed(), post.dispenseConfirmed()));
        if (screened.isPresent()) return screened.get();
        if (!post.fiat().equals(current.fiat()) || !post.cryptoAtoms().equals(current.cryptoAtoms())) {
            return new PostOutcome.Refused(new Rejection.InvalidAmount(
                    "a cash-out's amounts are fixed by its invoice (" + current.fiat() + ", " + current.cryptoAtoms() + ")"));
        }
        boolean wantsDispense = (post.dispense() && !current.dispense()) || (post.dispenseConfirmed() && !current.dispenseConfirmed());
        if (wantsDispense && current.status() != CashOutStatus.CONFIRMED) {
            return new PostOutcome.Refused(new Rejection.NotConfirmed(current.status().wire()));
        }
        if (post.dispenseConfirmed() && !post.dispense()) {
            return new PostOutcome.Refused(new Rejection.DispenseNotRequested());
        }
        List<Action> log = new ArrayList<>();
        List<DispenseLine> notes = current.notes();
        if (post.dispense() && !current.dispense()) {
            log.add(new Action(now, Actor.MACHINE, "dispense-requested", "machine asked to dispense " + current.fiat()));
        }
        if (post.dispenseConfirmed() && !current.dispenseConfirmed()) {
            notes = recordDispensed(current.notes(), post.dispensed());
            log.add(new Action(now, Actor.MACHINE, "dispense-confirmed", "reported " + post.dispensed()));
            FiatAmount out = dispensedFiat(notes, current.fiat());
            if (!out.equals(current.fiat())) {
                // recorded as reported all the same: the notes are gone, the operator must see it
                log.add(new Action(now, Actor.MACHINE, "dispense-short",
                        "the machine reports " + out + " dispensed of " + current.fiat()));
            }
        }
        if (log.isEmpty()) log.add(new Action(now, Actor.MACHINE, "updated", "txVersion " + post.txVersion()));
        CashOutTransaction next = new CashOutTransaction(current.id(), current.appId(), post.txVersion(), current.fiat(),
                current.cryptoAtoms(), current.pricing(), current.status(), current.invoice(),
                current.dispense() || post.dispense(), current.dispenseConfirmed() || post.dispenseConfirmed(), notes,
                current.priceFlagged(), current.error(), current.createdAt(), now, post.fingerprint());
        return new PostOutcome.Applied(next, log);
    }

    /**
     * Records the notes taken from the cassettes for this cash-out: one line per cassette of the
     * app, in its cassette order, zeros included (see {@link DispenseLine}). Only once: a transaction that
     * already has notes is {@link PostOutcome.Unchanged}, so a re-sent dispense never takes notes twice.
     */
    public static PostOutcome provision(CashOutTransaction current, List<DispenseLine> lines, Instant now) {
        if (!current.notes().isEmpty()) return new PostOutcome.Unchanged(current);
        if (current.status() != CashOutStatus.CONFIRMED || !current.dispense()) {
            return new PostOutcome.Refused(new Rejection.NotConfirmed(current.status().wire()));
        }
        // every cassette is listed, zeros included; a cassette of another currency gives no notes
        var total = lines.stream().filter(l -> l.provisioned() > 0).map(l -> l.denomination().times(l.provisioned()))
                .reduce(FiatAmount.zero(current.fiat().currency()), FiatAmount::plus);
        if (!total.equals(current.fiat())) {
            return new PostOutcome.Refused(new Rejection.InvalidAmount("notes add up to " + total + ", not " + current.fiat()));
        }
        CashOutTransaction next = new CashOutTransaction(current.id(), current.appId(), current.txVersion(), current.fiat(),
                current.cryptoAtoms(), current.pricing(), current.status(), current.invoice(), true,
                current.dispenseConfirmed(), lines, current.priceFlagged(), current.error(), current.createdAt(), now,
                current.lastPost());
        return new PostOutcome.Applied(next, List.of(new Action(now, Actor.MACHINE, "notes-provisioned", lines.toString())));
    }

    /** The monitor saw the invoice paid. Idempotent: only a {@code notSeen} (or expired-late) tx moves. */
    public static PostOutcome invoicePaid(CashOutTransaction current, Actor seenBy, Instant now) {
        if (current.status() != CashOutStatus.NOT_SEEN && current.status() != CashOutStatus.EXPIRED) {
            return new PostOutcome.Unchanged(current);
        }
        // A payment that lands after we marked the invoice expired is still the customer's money:
        // confirm it so the machine (or the operator) can honour it rather than lose it.
        String detail = current.status() == CashOutStatus.EXPIRED ? "paid after it was marked expired" : "invoice paid";
        return new PostOutcome.Applied(current.withStatus(CashOutStatus.CONFIRMED, now),
                List.of(new Action(now, seenBy, "invoice-paid", detail)));
    }

    /** The invoice passed its expiry unpaid. Only a {@code notSeen} tx past its expiry moves. */
    public static PostOutcome invoiceExpired(CashOutTransaction current, Actor seenBy, Instant now) {
        if (current.status() != CashOutStatus.NOT_SEEN || now.isBefore(current.invoice().expiresAt())) {
            return new PostOutcome.Unchanged(current);
        }
        return new PostOutcome.Applied(current.withStatus(CashOutStatus.EXPIRED, now),
                List.of(new Action(now, seenBy, "invoice-expired", "unpaid at " + current.invoice().expiresAt())));
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
            out.set(i, new DispenseLine(line.cassette(), line.denomination(), line.provisioned(), r.dispensed(), r.rejected()));
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
