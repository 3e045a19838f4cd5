package org.lnteller.ports.tx;

/** Who caused an entry of a transaction's action log. */
public enum Actor {
    /** The ATM, through the machine API. */
    MACHINE,
    /** The background monitor that watches invoices. */
    MONITOR,
    /** The reconciler that settles payments whose outcome was unknown. */
    RECONCILER,
    /** A person, through the admin API. */
    OPERATOR,
    /** The server itself (start-up, migrations). */
    SYSTEM
}
