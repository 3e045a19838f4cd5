package org.lnteller.ports.tx;

import java.util.Optional;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;

/**
 * What a Lamassu machine reads of a cash-in's payment ({@code send}, {@code sendPending},
 * {@code sendConfirmed}, {@code fee}, {@code preimage}), derived from its stage the way the wire
 * mapping derives it: for tests that state behaviour in the machine's terms.
 */
public final class CashInFlags {
    private CashInFlags() {}

    public static boolean send(CashInTransaction tx) {
        return tx.payment().sendRequested();
    }

    /** From the start of the payment on: in flight, and still once paid. */
    public static boolean sendPending(CashInTransaction tx) {
        return tx.payment()
                .fold(CashInPayment.Cases.of(
                        c -> false, c -> false, c -> true, c -> true, c -> false, c -> false, c -> false));
    }

    public static boolean sendConfirmed(CashInTransaction tx) {
        return paid(tx).isPresent();
    }

    public static Optional<Satoshi> fee(CashInTransaction tx) {
        return paid(tx).map(CashInPayment.Paid::fee);
    }

    public static Optional<Preimage> preimage(CashInTransaction tx) {
        return paid(tx).flatMap(CashInPayment.Paid::preimage);
    }

    private static Optional<CashInPayment.Paid> paid(CashInTransaction tx) {
        return tx.payment()
                .fold(CashInPayment.Cases.of(
                        c -> Optional.empty(),
                        c -> Optional.empty(),
                        c -> Optional.empty(),
                        Optional::of,
                        c -> Optional.empty(),
                        c -> Optional.empty(),
                        c -> Optional.empty()));
    }
}
