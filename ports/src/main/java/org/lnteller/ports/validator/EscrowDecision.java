package org.lnteller.ports.validator;

/** What to do with a note held in escrow. */
public enum EscrowDecision {
    STACK,
    RETURN
}
