package org.lnteller.ports.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.validator.RecordingBillValidatorListener.Entry;

/**
 * What every {@link BillValidator} promises: a fake, or a driver talking to a device simulator. An
 * adapter's test extends this class and implements the factory and the hooks through which a
 * customer presents notes to the device.
 *
 * <p>Each test calls {@link #newValidator()} once, first; the hooks act on the device behind the
 * validator made by the latest call. The contract closes that validator after each test. Notes are
 * taken from the validator's own {@link BillEvent.Ready} report, so the hooks need no currency table.
 */
public abstract class BillValidatorContract {

    private BillValidator validator;

    /** A validator over a fresh device that has not been started. */
    protected abstract BillValidator newValidator();

    /**
     * A customer presents a genuine note of the currency table. When the device is not accepting,
     * it refuses to draw the note in, as a real acceptor does; that may be reported as
     * {@link BillEvent.Rejected} or not at all.
     */
    protected abstract void insertNote(FiatAmount note);

    /** A customer presents something the device cannot validate (a foreign or damaged note). */
    protected abstract void insertUnrecognisedNote();

    /**
     * Waits until the device shows the state the last {@link BillValidator#enable()} or
     * {@link BillValidator#disable()} asked for. A driver that sends the command on its next poll
     * overrides this to wait for the device; a validator that changes state within the call need not.
     */
    protected void awaitAccepting(boolean accepting) throws InterruptedException {}

    /** How long to wait for an event that must come. */
    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    /** How long to listen for an event that must not come. */
    protected Duration quietPeriod() {
        return Duration.ofMillis(300);
    }

    @AfterEach
    public void closeTheValidator() {
        if (validator != null) validator.close();
    }

    @Test
    public void startingReportsReadyWithTheNotesTheDeviceAccepts() throws Exception {
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();

        BillEvent.Ready ready = started(listener);

        assertThat(ready.acceptedNotes()).isNotEmpty();
        assertThat(listener.events().get(0)).as("the first event").isEqualTo(ready);
    }

    @Test
    public void startingTwiceDoesNothingTheSecondTime() throws Exception {
        RecordingBillValidatorListener first = new RecordingBillValidatorListener();
        RecordingBillValidatorListener second = new RecordingBillValidatorListener();
        FiatAmount note = started(first).acceptedNotes().get(0);

        validator.start(second);
        enable();
        stack(first, note, 1);
        Thread.sleep(quietPeriod().toMillis());

        assertThat(first.events(BillEvent.Ready.class)).hasSize(1);
        assertThat(second.log()).as("the second listener").isEmpty();
    }

    @Test
    public void aNotePresentedBeforeEnablingIsNotAccepted() throws Exception {
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();
        FiatAmount note = started(listener).acceptedNotes().get(0);

        insertNote(note);
        Thread.sleep(quietPeriod().toMillis());
        assertThat(listener.events(BillEvent.Escrowed.class))
                .as("escrowed while not enabled")
                .isEmpty();
        enable();
        stack(listener, note, 1);

        assertThat(listener.events(BillEvent.Escrowed.class))
                .as("only the note presented after enabling")
                .hasSize(1);
        assertThat(listener.escrowsAsked()).containsExactly(note);
    }

    @Test
    public void aStackedNoteIsEscrowedThenDecidedThenStackedExactlyOnce() throws Exception {
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();
        FiatAmount note = started(listener).acceptedNotes().get(0);
        enable();

        insertNote(note);
        listener.awaitFirst(BillEvent.Stacked.class, timeout());
        Thread.sleep(quietPeriod().toMillis());

        assertThat(moneyEntries(listener))
                .containsExactly(
                        new Entry.Event(new BillEvent.Escrowed(note)),
                        new Entry.EscrowAsked(note, EscrowDecision.STACK),
                        new Entry.Event(new BillEvent.Stacked(note)));
    }

    @Test
    public void aNoteTheListenerReturnsIsGivenBackAndNeverStacked() throws Exception {
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();
        FiatAmount note = started(listener).acceptedNotes().get(0);
        enable();
        listener.decideNext(EscrowDecision.RETURN);

        insertNote(note);
        listener.awaitFirst(BillEvent.Returned.class, timeout());
        Thread.sleep(quietPeriod().toMillis());

        assertThat(moneyEntries(listener))
                .containsExactly(
                        new Entry.Event(new BillEvent.Escrowed(note)),
                        new Entry.EscrowAsked(note, EscrowDecision.RETURN),
                        new Entry.Event(new BillEvent.Returned(note)));
    }

    @Test
    public void afterDisablingNotesAreNotAccepted() throws Exception {
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();
        FiatAmount note = started(listener).acceptedNotes().get(0);
        enable();
        stack(listener, note, 1);

        validator.disable();
        awaitAccepting(false);
        insertNote(note);
        Thread.sleep(quietPeriod().toMillis());

        assertThat(listener.events(BillEvent.Escrowed.class)).hasSize(1);
        assertThat(listener.events(BillEvent.Stacked.class)).hasSize(1);
        assertThat(listener.escrowsAsked()).hasSize(1);
    }

    @Test
    public void aNoteTheDeviceCannotValidateIsRejectedAndNeverEscrowed() throws Exception {
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();
        started(listener);
        enable();

        insertUnrecognisedNote();
        listener.awaitFirst(BillEvent.Rejected.class, timeout());
        Thread.sleep(quietPeriod().toMillis());

        assertThat(listener.events(BillEvent.Escrowed.class)).isEmpty();
        assertThat(listener.escrowsAsked()).isEmpty();
        assertThat(listener.events(BillEvent.Stacked.class)).isEmpty();
    }

    @Test
    public void eventsArriveInOrderOnOneDriverThread() throws Exception {
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();
        List<FiatAmount> table = started(listener).acceptedNotes();
        enable();
        listener.decideNext(EscrowDecision.STACK, EscrowDecision.RETURN, EscrowDecision.STACK);
        List<Entry> expected = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            FiatAmount note = table.get(i % table.size());
            boolean stacked = i != 1;
            insertNote(note);
            if (stacked) {
                listener.awaitCount(BillEvent.Stacked.class, i == 0 ? 1 : 2, timeout());
            } else {
                listener.awaitCount(BillEvent.Returned.class, 1, timeout());
            }
            expected.add(new Entry.Event(new BillEvent.Escrowed(note)));
            expected.add(new Entry.EscrowAsked(note, stacked ? EscrowDecision.STACK : EscrowDecision.RETURN));
            expected.add(new Entry.Event(stacked ? new BillEvent.Stacked(note) : new BillEvent.Returned(note)));
        }

        assertThat(moneyEntries(listener)).containsExactlyElementsOf(expected);
        assertThat(listener.threads())
                .as("threads that called the listener")
                .hasSize(1)
                .doesNotContain(Thread.currentThread());
    }

    @Test
    public void closingTwiceIsHarmless() throws Exception {
        RecordingBillValidatorListener listener = new RecordingBillValidatorListener();
        started(listener);

        validator.close();

        assertThatCode(validator::close).doesNotThrowAnyException();
    }

    @Test
    public void closingAValidatorThatNeverStartedIsHarmless() {
        validator = newValidator();

        assertThatCode(validator::close).doesNotThrowAnyException();
        assertThatCode(validator::close).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- helpers

    /** A new validator, started, once it reports Ready. */
    private BillEvent.Ready started(RecordingBillValidatorListener listener) throws InterruptedException {
        validator = newValidator();
        validator.start(listener);
        return listener.awaitFirst(BillEvent.Ready.class, timeout());
    }

    private void enable() throws InterruptedException {
        validator.enable();
        awaitAccepting(true);
    }

    /** Presents {@code note} and waits until the {@code nth} Stacked event overall has been heard. */
    private void stack(RecordingBillValidatorListener listener, FiatAmount note, int nth) throws InterruptedException {
        insertNote(note);
        listener.awaitCount(BillEvent.Stacked.class, nth, timeout());
    }

    /** The escrows asked and the note events, leaving out status reports that may come at any time. */
    private static List<Entry> moneyEntries(RecordingBillValidatorListener listener) {
        return listener.log().stream()
                .filter(e -> e instanceof Entry.EscrowAsked
                        || e instanceof Entry.Event ev
                                && (ev.event() instanceof BillEvent.Escrowed
                                        || ev.event() instanceof BillEvent.Stacked
                                        || ev.event() instanceof BillEvent.Returned))
                .toList();
    }
}
