package org.lnteller.kiosk;

/**
 * The customer's hand at a simulated acceptor: what the kiosk's {@code insert} command presents.
 * Real acceptors have none; notes go in the slot.
 */
@FunctionalInterface
public interface NoteSlot {
    /**
     * Presents one note by its value in the acceptor's currency ({@code "20"}), or {@code "reject"}
     * (paper the acceptor cannot validate) or {@code "jam"}. The note waits until the acceptor
     * draws it in.
     *
     * @throws IllegalArgumentException when the acceptor's currency table has no such note
     */
    void present(String note);
}
