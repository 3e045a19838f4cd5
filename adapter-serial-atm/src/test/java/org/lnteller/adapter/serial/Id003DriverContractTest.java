package org.lnteller.adapter.serial;

import org.junit.jupiter.api.AfterEach;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.validator.BillValidator;
import org.lnteller.ports.validator.BillValidatorContract;

/** The port's contract, kept by the ID-003 driver talking to the simulator over an in-memory cable. */
class Id003DriverContractTest extends BillValidatorContract {
    private PipedAcceptor acceptor;
    private BillValidator validator;

    @Override
    protected BillValidator newValidator() {
        acceptor = new PipedAcceptor(Id003Simulator.usd());
        validator = acceptor.validator();
        return validator;
    }

    @Override
    protected void insertNote(FiatAmount note) {
        acceptor.simulator.insertNote(note);
    }

    @Override
    protected void insertUnrecognisedNote() {
        acceptor.simulator.insertUnrecognisedNote();
    }

    @Override
    protected void awaitAccepting(boolean accepting) throws InterruptedException {
        if (accepting) {
            PipedAcceptor.await("the acceptor accepts notes", acceptor.simulator::isAccepting);
        } else {
            PipedAcceptor.await("the acceptor is inhibited", acceptor.simulator::isInhibited);
        }
    }

    /** Runs before the contract's own clean-up: the driver goes first, so it never sees the cable pulled. */
    @AfterEach
    void pullThePlug() {
        if (validator != null) validator.close();
        if (acceptor != null) acceptor.close();
    }
}
