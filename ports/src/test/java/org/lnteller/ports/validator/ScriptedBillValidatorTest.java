package org.lnteller.ports.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.FiatAmount;

class ScriptedBillValidatorTest extends BillValidatorContract {
    private static final FiatAmount TEN = FiatAmount.ofMajor("USD", "10");
    private static final FiatAmount TWENTY = FiatAmount.ofMajor("USD", "20");
    private static final FiatAmount FIFTY_EUR = FiatAmount.ofMajor("EUR", "50");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private ScriptedBillValidator device;

    @Override
    protected BillValidator newValidator() {
        device = new ScriptedBillValidator(List.of(TEN, TWENTY));
        return device;
    }

    @Override
    protected void insertNote(FiatAmount note) {
        device.insertNote(note);
    }

    @Override
    protected void insertUnrecognisedNote() {
        device.insertUnrecognisedNote();
    }

    @AfterEach
    void closeTheDevice() {
        if (device != null) device.close();
    }

    private RecordingBillValidatorListener startedAndEnabled() throws InterruptedException {
        newValidator();
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();
        device.start(listener);
        device.enable();
        listener.awaitFirst(BillEvent.Ready.class, WAIT);
        return listener;
    }

    @Test
    void aNoteOutsideTheCurrencyTableIsRejected() throws Exception {
        RecordingBillValidatorListener listener = startedAndEnabled();

        assertThat(device.insertNote(FIFTY_EUR)).isTrue();
        device.awaitIdle();

        assertThat(listener.events(BillEvent.Rejected.class)).hasSize(1);
        assertThat(listener.escrowsAsked()).isEmpty();
    }

    @Test
    void aDisabledDeviceDoesNotDrawTheNoteIn() throws Exception {
        RecordingBillValidatorListener listener = startedAndEnabled();
        device.disable();

        assertThat(device.insertNote(TEN)).isFalse();
        assertThat(device.insertUnrecognisedNote()).isFalse();
        device.awaitIdle();

        assertThat(listener.events())
                .containsExactly(new BillEvent.Ready(ScriptedBillValidator.VERSION, List.of(TEN, TWENTY)));
        assertThat(device.isEnabled()).isFalse();
    }

    @Test
    void faultsAndDisconnectionsAreReportedInOrderWithTheNotes() throws Exception {
        RecordingBillValidatorListener listener = startedAndEnabled();

        device.insertNote(TEN);
        device.fault("stacker-full", "cash box holds 500 notes");
        device.disconnect("port went away");
        device.reconnect();
        device.awaitIdle();

        assertThat(listener.events())
                .containsExactly(
                        new BillEvent.Ready(ScriptedBillValidator.VERSION, List.of(TEN, TWENTY)),
                        new BillEvent.Escrowed(TEN),
                        new BillEvent.Stacked(TEN),
                        new BillEvent.Fault("stacker-full", "cash box holds 500 notes"),
                        new BillEvent.Disconnected("port went away"),
                        new BillEvent.Ready(ScriptedBillValidator.VERSION, List.of(TEN, TWENTY)));
        assertThat(listener.threads()).extracting(Thread::getName).containsExactly(ScriptedBillValidator.DRIVER_THREAD);
    }

    @Test
    void aListenerThatFailsToDecideGetsTheNoteReturned() throws Exception {
        newValidator();
        RecordingBillValidatorListener record = new RecordingBillValidatorListener();
        device.start(new BillValidatorListener() {
            @Override
            public EscrowDecision onEscrow(FiatAmount note) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onEvent(BillEvent event) {
                record.onEvent(event);
            }
        });
        device.enable();

        device.insertNote(TWENTY);
        device.awaitIdle();

        assertThat(record.events(BillEvent.Returned.class)).containsExactly(new BillEvent.Returned(TWENTY));
        assertThat(record.events(BillEvent.Stacked.class)).isEmpty();
    }

    @Test
    void aDeviceThatCannotBeOpenedFailsToStart() {
        newValidator();
        device.failToOpen("no such port /dev/ttyUSB9");

        assertThatThrownBy(() -> device.start(new RecordingBillValidatorListener()))
                .isInstanceOf(BillValidatorException.class)
                .hasMessageContaining("/dev/ttyUSB9");
    }

    @Test
    void aClosedValidatorCannotBeStartedAgainAndTakesNoNotes() throws Exception {
        RecordingBillValidatorListener listener = startedAndEnabled();
        device.close();

        assertThat(device.insertNote(TEN)).isFalse();
        assertThatThrownBy(() -> device.start(listener)).isInstanceOf(BillValidatorException.class);
        assertThat(listener.events(BillEvent.Escrowed.class)).isEmpty();
    }

    @Test
    void aListenerMayCloseTheValidatorFromTheDriverThread() throws Exception {
        newValidator();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RecordingBillValidatorListener record = new RecordingBillValidatorListener();
        device.start(new BillValidatorListener() {
            @Override
            public EscrowDecision onEscrow(FiatAmount note) {
                return EscrowDecision.STACK;
            }

            @Override
            public void onEvent(BillEvent event) {
                if (event instanceof BillEvent.Stacked) {
                    try {
                        device.close();
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }
                record.onEvent(event);
            }
        });
        device.enable();

        device.insertNote(TEN);
        record.awaitFirst(BillEvent.Stacked.class, WAIT);

        assertThat(failure.get()).isNull();
        assertThat(device.insertNote(TEN)).as("closed by the listener").isFalse();
    }
}
