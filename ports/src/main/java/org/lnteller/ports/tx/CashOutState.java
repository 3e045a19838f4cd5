package org.lnteller.ports.tx;

import java.util.List;
import java.util.function.Function;

/**
 * Where a cash-out stands. The invoice is the transaction's for its whole life (see
 * {@link CashOutTransaction#invoice()}); the cases carry what exists only in them: the notes
 * provisioned once the machine asks to dispense, and the counts the machine reports after. Each
 * case offers only the transitions that apply to it and returns the next case; the rules (in the
 * core) decide when to take them. Lamassu's {@code dispense}/{@code dispenseConfirmed} flags are
 * derived from the case by the wire and database mappings, never kept.
 *
 * <p>Dispatch over the cases is {@link #fold(Cases)}: every case must be handled, checked by the
 * compiler.
 */
public sealed interface CashOutState {

    /** Lamassu's status name of this case. */
    default CashOutStatus status() {
        return fold(Cases.of(
                a -> CashOutStatus.NOT_SEEN,
                e -> CashOutStatus.EXPIRED,
                p -> CashOutStatus.CONFIRMED,
                r -> CashOutStatus.CONFIRMED,
                d -> CashOutStatus.CONFIRMED,
                d -> CashOutStatus.CONFIRMED));
    }

    /**
     * The notes of this cash-out, one line per cassette (see {@link DispenseLine}): none before
     * they are provisioned, the plan while dispensing, with the machine's counts once dispensed.
     */
    default List<DispenseLine> notes() {
        return fold(Cases.of(
                a -> List.of(), e -> List.of(), p -> List.of(), r -> List.of(), Dispensing::plan, Dispensed::counts));
    }

    /** True once the machine has asked to dispense (a post cannot take that back). */
    default boolean askedToDispense() {
        return fold(Cases.of(a -> false, e -> false, p -> false, r -> true, d -> true, d -> true));
    }

    /** True once the machine has reported what it dispensed (a post cannot take that back). */
    default boolean dispenseReported() {
        return fold(Cases.of(a -> false, e -> false, p -> false, r -> false, d -> false, d -> true));
    }

    <R> R fold(Cases<R> cases);

    /** One method per case of {@link CashOutState}. */
    interface Cases<R> {
        R awaitingPayment(AwaitingPayment c);

        R expired(Expired c);

        R paid(Paid c);

        R dispenseRequested(DispenseRequested c);

        R dispensing(Dispensing c);

        R dispensed(Dispensed c);

        /** A fold from one function per case, in the order the cases are declared. */
        static <R> Cases<R> of(
                Function<AwaitingPayment, R> awaitingPayment,
                Function<Expired, R> expired,
                Function<Paid, R> paid,
                Function<DispenseRequested, R> dispenseRequested,
                Function<Dispensing, R> dispensing,
                Function<Dispensed, R> dispensed) {
            return new Cases<>() {
                @Override
                public R awaitingPayment(AwaitingPayment c) {
                    return awaitingPayment.apply(c);
                }

                @Override
                public R expired(Expired c) {
                    return expired.apply(c);
                }

                @Override
                public R paid(Paid c) {
                    return paid.apply(c);
                }

                @Override
                public R dispenseRequested(DispenseRequested c) {
                    return dispenseRequested.apply(c);
                }

                @Override
                public R dispensing(Dispensing c) {
                    return dispensing.apply(c);
                }

                @Override
                public R dispensed(Dispensed c) {
                    return dispensed.apply(c);
                }
            };
        }
    }

    /** The invoice is issued and not paid yet. */
    record AwaitingPayment() implements CashOutState {
        public Paid paid() {
            return new Paid();
        }

        public Expired expire() {
            return new Expired();
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.awaitingPayment(this);
        }
    }

    /** The invoice passed its expiry unpaid. */
    record Expired() implements CashOutState {
        /** A payment that lands after expiry is still the customer's money. */
        public Paid paidLate() {
            return new Paid();
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.expired(this);
        }
    }

    /** The invoice is paid: the machine may dispense. */
    record Paid() implements CashOutState {
        public DispenseRequested requestDispense() {
            return new DispenseRequested();
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.paid(this);
        }
    }

    /** The machine asked to dispense; the notes are not provisioned yet (or the cassettes could not make the amount). */
    record DispenseRequested() implements CashOutState {
        public Dispensing provision(List<DispenseLine> plan) {
            return new Dispensing(plan);
        }

        /** The machine reports a dispense before the server provisioned any notes. */
        public Dispensed confirm(List<DispenseLine> counts) {
            return new Dispensed(counts);
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.dispenseRequested(this);
        }
    }

    /** The notes are provisioned (taken from the cassettes), one line per cassette. */
    record Dispensing(List<DispenseLine> plan) implements CashOutState {
        public Dispensing {
            plan = List.copyOf(plan);
            if (plan.isEmpty()) throw new IllegalArgumentException("a dispense plan has lines");
        }

        /** @param counts the plan's lines with the machine's counts */
        public Dispensed confirm(List<DispenseLine> counts) {
            return new Dispensed(counts);
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.dispensing(this);
        }
    }

    /**
     * The machine reported what it dispensed. Final.
     *
     * @param counts the provisioned lines with the counts reported; empty when the machine
     *               reported before any notes were provisioned
     */
    record Dispensed(List<DispenseLine> counts) implements CashOutState {
        public Dispensed {
            counts = List.copyOf(counts);
        }

        @Override
        public <R> R fold(Cases<R> cases) {
            return cases.dispensed(this);
        }
    }
}
