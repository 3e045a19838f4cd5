package org.lnteller.ports.validator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.lnteller.ports.model.FiatAmount;

/**
 * A listener that writes down everything a {@link BillValidator} tells it, and on which thread, and
 * answers escrow with decisions the test scripts ({@link #decideNext}; STACK when none is left).
 *
 * <p>Threading: callbacks may come from any thread; tests read from theirs. Everything is guarded
 * by this object's monitor, and {@link #awaitCount} waits on it.
 */
public final class RecordingBillValidatorListener implements BillValidatorListener {

    /** One entry of the log: an event, or the listener being asked to decide on a note. */
    public sealed interface Entry {
        record Event(BillEvent event) implements Entry {}

        record EscrowAsked(FiatAmount note, EscrowDecision answered) implements Entry {}
    }

    private final List<Entry> log = new ArrayList<>();
    private final Deque<EscrowDecision> decisions = new ArrayDeque<>();
    private final Set<Thread> threads = new LinkedHashSet<>();

    /** The answers to the next escrows, in order. */
    public synchronized void decideNext(EscrowDecision... next) {
        decisions.addAll(Arrays.asList(next));
    }

    @Override
    public synchronized EscrowDecision onEscrow(FiatAmount note) {
        threads.add(Thread.currentThread());
        EscrowDecision decision = decisions.isEmpty() ? EscrowDecision.STACK : decisions.pollFirst();
        log.add(new Entry.EscrowAsked(note, decision));
        notifyAll();
        return decision;
    }

    @Override
    public synchronized void onEvent(BillEvent event) {
        Objects.requireNonNull(event, "a validator must not report a null event");
        threads.add(Thread.currentThread());
        log.add(new Entry.Event(event));
        notifyAll();
    }

    /** Everything heard so far, in order. */
    public synchronized List<Entry> log() {
        return List.copyOf(log);
    }

    /** The events heard so far, in order. */
    public synchronized List<BillEvent> events() {
        return log.stream()
                .filter(Entry.Event.class::isInstance)
                .map(e -> ((Entry.Event) e).event())
                .toList();
    }

    /** The events of one kind heard so far, in order. */
    public synchronized <T extends BillEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The notes the listener was asked to decide on, in order. */
    public synchronized List<FiatAmount> escrowsAsked() {
        return log.stream()
                .filter(Entry.EscrowAsked.class::isInstance)
                .map(e -> ((Entry.EscrowAsked) e).note())
                .toList();
    }

    /** Every thread a callback came on. */
    public synchronized Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    /**
     * Waits until at least {@code count} events of {@code type} have been heard.
     *
     * @return the events of that type heard by then
     * @throws AssertionError when they do not come within {@code timeout}
     */
    public synchronized <T extends BillEvent> List<T> awaitCount(Class<T> type, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events(type).size() < count) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                throw new AssertionError("expected " + count + " " + type.getSimpleName() + " event(s) within "
                        + timeout + " but heard only " + events());
            }
            wait(leftMillis);
        }
        return events(type);
    }

    /** Waits for the first event of {@code type}. */
    public <T extends BillEvent> T awaitFirst(Class<T> type, Duration timeout) throws InterruptedException {
        return awaitCount(type, 1, timeout).get(0);
    }
}
