package org.lnteller.kiosk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.validator.EscrowDecision;

/**
 * The escrow decisions of one cash-in: a note is stacked only while the sats for everything taken
 * so far plus that note stay within the limit. It counts notes when the driver reports them, on
 * the driver's thread, so the decision on the next note already sees the last one even before the
 * session has posted it. Thread-safe: the driver's thread decides, the session's thread closes.
 */
final class Tally {
    /** A decision and, for a returned note, what to tell the customer. */
    record Decision(EscrowDecision decision, Optional<String> why) {}

    private final PriceOffer quote;
    private final long limitSats;
    // guarded by this
    private final List<FiatAmount> stacked = new ArrayList<>();
    private final List<FiatAmount> onTheirWay = new ArrayList<>();
    private boolean open = true;

    Tally(PriceOffer quote, long limitSats) {
        this.quote = Objects.requireNonNull(quote, "quote");
        this.limitSats = limitSats;
    }

    synchronized Decision decide(FiatAmount note) {
        if (!open)
            return returned("Returned the " + Notes.show(note)
                    + " note: this transaction is being sent, it takes no more notes.");
        if (!note.currency().equals(quote.currency())) {
            return returned("Returned the " + Notes.show(note) + " note: this machine takes "
                    + quote.currency().getCurrencyCode() + " notes.");
        }
        BigDecimal after = total(onTheirWay).add(total(stacked)).add(note.toMajor());
        long sats = quote.satsFor(after);
        if (sats > limitSats) {
            return returned("Returned the " + Notes.show(note) + " note: it would make " + Notes.plain(after) + " "
                    + quote.currency().getCurrencyCode() + " = " + sats + " sats, over this transaction's limit of "
                    + limitSats + " sats.");
        }
        onTheirWay.add(note);
        return new Decision(EscrowDecision.STACK, Optional.empty());
    }

    /** A note reached the cash box (also one that was escrowed before the acceptor lost power). */
    synchronized void stacked(FiatAmount note) {
        onTheirWay.remove(note);
        stacked.add(note);
    }

    /** The acceptor gave a note back, even one it was told to stack. */
    synchronized void returned(FiatAmount note) {
        onTheirWay.remove(note);
    }

    /** No more notes: every later escrow is returned. */
    synchronized void close() {
        open = false;
    }

    synchronized boolean isOpen() {
        return open;
    }

    /** Notes told to stack that are not counted or returned yet. */
    synchronized int onTheirWay() {
        return onTheirWay.size();
    }

    long limitSats() {
        return limitSats;
    }

    private static Decision returned(String why) {
        return new Decision(EscrowDecision.RETURN, Optional.of(why));
    }

    private static BigDecimal total(List<FiatAmount> notes) {
        return notes.stream().map(FiatAmount::toMajor).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
