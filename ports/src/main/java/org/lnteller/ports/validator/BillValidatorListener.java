package org.lnteller.ports.validator;

import org.lnteller.ports.model.FiatAmount;

/** Receives a validator's events on the driver's thread; must return quickly. */
public interface BillValidatorListener {
    /** Decides on a note held in escrow (e.g. RETURN when it would exceed the limit). */
    EscrowDecision onEscrow(FiatAmount note);

    /** Every event, including {@link BillEvent.Escrowed} before {@link #onEscrow}. */
    void onEvent(BillEvent event);
}
