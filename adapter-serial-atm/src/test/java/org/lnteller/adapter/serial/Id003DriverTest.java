package org.lnteller.adapter.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.serial.internal.CurrencyTable;
import org.lnteller.adapter.serial.internal.Frame;
import org.lnteller.adapter.serial.internal.Id003;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.validator.BillEvent;
import org.lnteller.ports.validator.BillValidator;
import org.lnteller.ports.validator.BillValidatorException;
import org.lnteller.ports.validator.BillValidatorListener;
import org.lnteller.ports.validator.EscrowDecision;
import org.lnteller.ports.validator.RecordingBillValidatorListener;

/** The ID-003 driver against the simulated acceptor over an in-memory cable: money, faults, outages. */
class Id003DriverTest {
    private static final FiatAmount FIVE = FiatAmount.ofMajor("USD", "5");
    private static final FiatAmount TWENTY = FiatAmount.ofMajor("USD", "20");
    private static final Duration WAIT = PipedAcceptor.WAIT;
    private static final Duration QUIET = Duration.ofMillis(300);

    private final PipedAcceptor acceptor = new PipedAcceptor(Id003Simulator.usd());
    private final Id003Simulator simulator = acceptor.simulator;
    private final RecordingBillValidatorListener record = new RecordingBillValidatorListener();
    private BillValidator validator;

    @AfterEach
    void shutDown() {
        if (validator != null) validator.close();
        acceptor.close();
    }

    // ---------------------------------------------------------------- money

    @Test
    void aTwentyAndAFiveAreCreditedOnceEachThoughVendValidIsRepeated() throws Exception {
        startedAndEnabled(record);
        simulator.loseAcks(2);

        simulator.insertNote(TWENTY);
        record.awaitCount(BillEvent.Stacked.class, 1, WAIT);
        awaitAccepting();
        simulator.loseAcks(1);
        simulator.insertNote(FIVE);
        record.awaitCount(BillEvent.Stacked.class, 2, WAIT);
        Thread.sleep(QUIET.toMillis());

        assertThat(record.events(BillEvent.Stacked.class))
                .containsExactly(new BillEvent.Stacked(TWENTY), new BillEvent.Stacked(FIVE));
        assertThat(record.escrowsAsked()).containsExactly(TWENTY, FIVE);
        assertThat(simulator.stackedNotes()).as("the cash box").containsExactly(TWENTY, FIVE);
        assertThat(acceptor.tap().receivedCount(Id003.VEND_VALID))
                .as("VEND_VALID answers, repeats included")
                .isGreaterThanOrEqualTo(5);
        assertThat(acceptor.tap().receivedCount(Id003.STACKED))
                .as("STACKED answers")
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void theFirstBytesOnTheLineAreTheStatusRequest() throws Exception {
        startedAndEnabled(record);

        assertThat(acceptor.tap().writes().get(0)).containsExactly(0xFC, 0x05, 0x11, 0x27, 0x56);
        assertThat(acceptor.tap().sent())
                .extracting(Frame::command)
                .startsWith(
                        Id003.STATUS_REQUEST,
                        Id003.RESET,
                        Id003.SET_ENABLE_DISABLE,
                        Id003.SET_INHIBIT,
                        Id003.REQUEST_VERSION,
                        Id003.REQUEST_CURRENCY_ASSIGN);
    }

    @Test
    void readyCarriesTheVersionAndTheNotesOfTheAcceptorsOwnTable() throws Exception {
        BillEvent.Ready ready = startedAndEnabled(record);

        assertThat(ready.version()).isEqualTo(Id003Simulator.DEFAULT_VERSION);
        assertThat(ready.acceptedNotes())
                .extracting(FiatAmount::toString)
                .containsExactly("1.00 USD", "5.00 USD", "10.00 USD", "20.00 USD", "50.00 USD", "100.00 USD");
    }

    @Test
    void aReturnedNoteIsGivenBackAndNeverCredited() throws Exception {
        startedAndEnabled(record);
        record.decideNext(EscrowDecision.RETURN);

        simulator.insertNote(TWENTY);
        record.awaitFirst(BillEvent.Returned.class, WAIT);
        Thread.sleep(QUIET.toMillis());

        assertThat(record.events(BillEvent.Stacked.class)).isEmpty();
        assertThat(simulator.returnedNotes()).containsExactly(TWENTY);
        assertThat(simulator.stackedNotes()).isEmpty();
    }

    @Test
    void aListenerThatFailsToDecideGetsTheNoteReturned() throws Exception {
        validator = acceptor.validator();
        validator.start(listener(record, note -> {
            throw new IllegalStateException("listener bug");
        }));
        record.awaitFirst(BillEvent.Ready.class, WAIT);
        validator.enable();
        awaitAccepting();

        simulator.insertNote(TWENTY);
        record.awaitFirst(BillEvent.Returned.class, WAIT);

        assertThat(record.events(BillEvent.Stacked.class)).isEmpty();
        assertThat(simulator.returnedNotes()).containsExactly(TWENTY);
    }

    // ---------------------------------------------------------------- rejects and faults

    @Test
    void paperTheAcceptorCannotValidateIsRejectedWithItsReasonAndNeverEscrowed() throws Exception {
        startedAndEnabled(record);

        simulator.insertRejected(0x78);
        record.awaitFirst(BillEvent.Rejected.class, WAIT);
        Thread.sleep(QUIET.toMillis());

        assertThat(record.events(BillEvent.Rejected.class))
                .as("once, though REJECTING is seen on several polls")
                .containsExactly(new BillEvent.Rejected("photo-level"));
        assertThat(record.escrowsAsked()).isEmpty();
    }

    @Test
    void aJamIsReportedOnceAndNotesAreTakenAgainOnceItIsCleared() throws Exception {
        startedAndEnabled(record);

        simulator.insertNoteThatJams();
        BillEvent.Fault jam = record.awaitFirst(BillEvent.Fault.class, WAIT);
        Thread.sleep(QUIET.toMillis());
        assertThat(simulator.insertNote(TWENTY))
                .as("a jammed acceptor draws nothing in")
                .isFalse();
        simulator.clearFault();
        awaitAccepting();
        simulator.insertNote(TWENTY);
        record.awaitFirst(BillEvent.Stacked.class, WAIT);

        assertThat(jam.kind()).isEqualTo("jam-in-acceptor");
        assertThat(record.events(BillEvent.Fault.class))
                .as("reported once over many polls")
                .hasSize(1);
        assertThat(record.escrowsAsked()).containsExactly(TWENTY);
    }

    @Test
    void aFullStackerIsReportedAfterTheLastNoteThatFitsIsCreditedAndAnEmptiedOneTakesNotesAgain() throws Exception {
        startedAndEnabled(record);
        simulator.stackerCapacity(1);

        simulator.insertNote(TWENTY);
        BillEvent.Fault full = record.awaitFirst(BillEvent.Fault.class, WAIT);

        assertThat(full.kind()).isEqualTo("stacker-full");
        assertThat(record.events(BillEvent.Stacked.class)).containsExactly(new BillEvent.Stacked(TWENTY));
        assertThat(simulator.insertNote(FIVE))
                .as("a full acceptor takes no more notes")
                .isFalse();

        simulator.emptyStacker();
        awaitAccepting();
        simulator.insertNote(FIVE);
        record.awaitCount(BillEvent.Stacked.class, 2, WAIT);
        assertThat(simulator.stackedNotes()).containsExactly(TWENTY, FIVE);
    }

    @Test
    void aFailureIsReportedWithItsCode() throws Exception {
        startedAndEnabled(record);

        simulator.fault(Id003.FAILURE, 0xA2);
        BillEvent.Fault failure = record.awaitFirst(BillEvent.Fault.class, WAIT);

        assertThat(failure).isEqualTo(new BillEvent.Fault("failure", "stack-motor (0xA2)"));
    }

    @Test
    void lineNoiseBeforeEveryAnswerDoesNotStopANote() throws Exception {
        simulator.garbage(true);
        startedAndEnabled(record);

        simulator.insertNote(FIVE);
        record.awaitFirst(BillEvent.Stacked.class, WAIT);

        assertThat(record.events(BillEvent.Disconnected.class)).isEmpty();
        assertThat(simulator.stackedNotes()).containsExactly(FIVE);
    }

    // ---------------------------------------------------------------- power and cables

    @Test
    void powerLostWithANoteInEscrowReturnsItUncreditedAndTheAcceptorComesBackReady() throws Exception {
        validator = acceptor.validator();
        // The power goes while the listener decides on the first note: STACK reaches a dead acceptor.
        AtomicBoolean cut = new AtomicBoolean();
        validator.start(listener(record, note -> {
            if (!cut.getAndSet(true)) simulator.powerOff();
        }));
        record.awaitFirst(BillEvent.Ready.class, WAIT);
        validator.enable();
        awaitAccepting();

        simulator.insertNote(TWENTY);
        record.awaitFirst(BillEvent.Disconnected.class, WAIT);
        simulator.powerOn();
        record.awaitCount(BillEvent.Ready.class, 2, WAIT);

        assertThat(record.events())
                .containsSubsequence(
                        new BillEvent.Escrowed(TWENTY),
                                record.events(BillEvent.Disconnected.class).get(0),
                        new BillEvent.Returned(TWENTY),
                                record.events(BillEvent.Ready.class).get(1));
        assertThat(record.events(BillEvent.Stacked.class)).isEmpty();
        assertThat(simulator.returnedNotes())
                .as("given back by the RESET after power-up")
                .containsExactly(TWENTY);

        awaitAccepting(); // the driver enables the acceptor again, as it was before the outage
        simulator.insertNote(FIVE);
        record.awaitFirst(BillEvent.Stacked.class, WAIT);
        assertThat(record.events(BillEvent.Stacked.class)).containsExactly(new BillEvent.Stacked(FIVE));
    }

    @Test
    void powerLostWhileStackingCreditsTheNoteFoundInTheStackerOnce() throws Exception {
        startedAndEnabled(record);
        simulator.loseAcks(1000); // VEND_VALID repeats until the power goes

        simulator.insertNote(TWENTY);
        PipedAcceptor.await("VEND_VALID", () -> acceptor.tap().receivedCount(Id003.VEND_VALID) > 0);
        simulator.powerOff();
        record.awaitFirst(BillEvent.Disconnected.class, WAIT);
        simulator.loseAcks(0);
        simulator.powerOn();
        record.awaitCount(BillEvent.Ready.class, 2, WAIT);
        Thread.sleep(QUIET.toMillis());

        assertThat(record.events(BillEvent.Stacked.class)).containsExactly(new BillEvent.Stacked(TWENTY));
        assertThat(simulator.stackedNotes()).containsExactly(TWENTY);
    }

    @Test
    void anAcceptorThatAnswersNothingIsReportedOnceAndReadyAgainWhenItAnswers() throws Exception {
        startedAndEnabled(record);

        simulator.silence(true);
        BillEvent.Disconnected gone = record.awaitFirst(BillEvent.Disconnected.class, WAIT);
        Thread.sleep(QUIET.toMillis()); // several retries, all unanswered
        simulator.silence(false);
        record.awaitCount(BillEvent.Ready.class, 2, WAIT);
        awaitAccepting();
        simulator.insertNote(TWENTY);
        record.awaitFirst(BillEvent.Stacked.class, WAIT);

        assertThat(gone.cause()).contains("did not answer");
        assertThat(record.events(BillEvent.Disconnected.class))
                .as("one report per outage")
                .hasSize(1);
        assertThat(record.events(BillEvent.Stacked.class)).containsExactly(new BillEvent.Stacked(TWENTY));
    }

    @Test
    void anAcceptorSilentFromTheStartIsReportedAndPickedUpWhenItWakes() throws Exception {
        simulator.silence(true);
        validator = acceptor.validator();
        validator.start(record);

        record.awaitFirst(BillEvent.Disconnected.class, WAIT);
        simulator.silence(false);
        record.awaitFirst(BillEvent.Ready.class, WAIT);

        assertThat(record.events().get(0)).isInstanceOf(BillEvent.Disconnected.class);
    }

    @Test
    void aPortThatVanishesIsReopenedWhenItComesBack() throws Exception {
        startedAndEnabled(record);

        acceptor.unplug();
        BillEvent.Disconnected gone = record.awaitFirst(BillEvent.Disconnected.class, WAIT);
        Thread.sleep(QUIET.toMillis()); // reopening fails meanwhile
        acceptor.plugIn();
        record.awaitCount(BillEvent.Ready.class, 2, WAIT);
        awaitAccepting();
        simulator.insertNote(FIVE);
        record.awaitFirst(BillEvent.Stacked.class, WAIT);

        assertThat(gone.cause()).contains("unplugged");
        assertThat(record.events(BillEvent.Disconnected.class)).hasSize(1);
        assertThat(acceptor.timesOpened()).isEqualTo(2);
        assertThat(simulator.stackedNotes()).containsExactly(FIVE);
    }

    @Test
    void aPortThatCannotBeOpenedFailsTheStart() {
        validator = Id003BillValidators.over(
                () -> {
                    throw new IOException("no serial port at /dev/ttyUSB9");
                },
                PipedAcceptor.FAST);

        assertThatThrownBy(() -> validator.start(record))
                .isInstanceOf(BillValidatorException.class)
                .hasMessageContaining("/dev/ttyUSB9");
    }

    @Test
    void aMissingSerialPortIsNamedInTheFailure() {
        validator = Id003BillValidators.serialPort("/dev/ttyLNTELLER-none");

        assertThatThrownBy(() -> validator.start(record))
                .isInstanceOf(BillValidatorException.class)
                .hasMessageContaining("no serial port at /dev/ttyLNTELLER-none");
    }

    @Test
    void closingLeavesTheAcceptorInhibited() throws Exception {
        startedAndEnabled(record);

        validator.close();

        assertThat(simulator.isInhibited()).isTrue();
        assertThatThrownBy(() -> validator.start(record)).isInstanceOf(BillValidatorException.class);
    }

    // ---------------------------------------------------------------- currency tables

    @Test
    void aTableWithAnUnknownCountryCodeIsAFaultAndTheAcceptorStaysInhibited() throws Exception {
        PipedAcceptor foreign = new PipedAcceptor(euroAcceptor());
        try {
            validator = foreign.validator();
            validator.start(record);
            validator.enable();

            BillEvent.Fault refused = record.awaitFirst(BillEvent.Fault.class, WAIT);
            Thread.sleep(QUIET.toMillis());

            assertThat(refused.kind()).isEqualTo("currency-table");
            assertThat(refused.detail()).contains("country code 0x2A");
            assertThat(record.events(BillEvent.Ready.class)).isEmpty();
            assertThat(foreign.simulator.isInhibited()).isTrue();
        } finally {
            validator.close();
            foreign.close();
        }
    }

    @Test
    void aCountryCodeTheOperatorMappedIsReadAsItsCurrency() throws Exception {
        PipedAcceptor foreign = new PipedAcceptor(euroAcceptor());
        try {
            validator = foreign.validator(
                    PipedAcceptor.FAST.withCountries(CountryCurrencies.builtIn().with("0x2A=EUR")));
            validator.start(record);

            BillEvent.Ready ready = record.awaitFirst(BillEvent.Ready.class, WAIT);

            assertThat(ready.acceptedNotes())
                    .containsExactly(FiatAmount.ofMajor("EUR", "5"), FiatAmount.ofMajor("EUR", "20"));
        } finally {
            validator.close();
            foreign.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private BillEvent.Ready startedAndEnabled(RecordingBillValidatorListener listener) throws InterruptedException {
        validator = acceptor.validator();
        validator.start(listener);
        BillEvent.Ready ready = listener.awaitFirst(BillEvent.Ready.class, WAIT);
        validator.enable();
        awaitAccepting();
        return ready;
    }

    private void awaitAccepting() throws InterruptedException {
        PipedAcceptor.await("the acceptor accepts notes", simulator::isAccepting);
    }

    private static Id003Simulator euroAcceptor() {
        return new Id003Simulator(
                "SIM(EUR)",
                new CurrencyTable(
                        List.of(new CurrencyTable.Entry(0x61, 0x2A, 5, 0), new CurrencyTable.Entry(0x62, 0x2A, 2, 1))),
                CountryCurrencies.builtIn().with("0x2A=EUR"));
    }

    /** Records everything; {@code onEscrow} runs before the (recorded) decision, which is STACK. */
    private static BillValidatorListener listener(
            RecordingBillValidatorListener record, Consumer<FiatAmount> onEscrow) {
        return new BillValidatorListener() {
            @Override
            public EscrowDecision onEscrow(FiatAmount note) {
                onEscrow.accept(note);
                return record.onEscrow(note);
            }

            @Override
            public void onEvent(BillEvent event) {
                record.onEvent(event);
            }
        };
    }
}
