package org.lnteller.adapter.serial;

import static org.lnteller.adapter.serial.internal.Id003.ACCEPTING;
import static org.lnteller.adapter.serial.internal.Id003.ACK;
import static org.lnteller.adapter.serial.internal.Id003.DISABLED;
import static org.lnteller.adapter.serial.internal.Id003.ESCROW;
import static org.lnteller.adapter.serial.internal.Id003.FAILURE;
import static org.lnteller.adapter.serial.internal.Id003.HOLDING;
import static org.lnteller.adapter.serial.internal.Id003.IDLING;
import static org.lnteller.adapter.serial.internal.Id003.INHIBITED;
import static org.lnteller.adapter.serial.internal.Id003.INITIALIZE;
import static org.lnteller.adapter.serial.internal.Id003.INVALID_COMMAND;
import static org.lnteller.adapter.serial.internal.Id003.NOT_INHIBITED;
import static org.lnteller.adapter.serial.internal.Id003.POWER_UP;
import static org.lnteller.adapter.serial.internal.Id003.POWER_UP_BILL_IN_ACCEPTOR;
import static org.lnteller.adapter.serial.internal.Id003.POWER_UP_BILL_IN_STACKER;
import static org.lnteller.adapter.serial.internal.Id003.REJECTING;
import static org.lnteller.adapter.serial.internal.Id003.REQUEST_CURRENCY_ASSIGN;
import static org.lnteller.adapter.serial.internal.Id003.REQUEST_VERSION;
import static org.lnteller.adapter.serial.internal.Id003.RESET;
import static org.lnteller.adapter.serial.internal.Id003.RETURN;
import static org.lnteller.adapter.serial.internal.Id003.RETURNING;
import static org.lnteller.adapter.serial.internal.Id003.SET_ENABLE_DISABLE;
import static org.lnteller.adapter.serial.internal.Id003.SET_INHIBIT;
import static org.lnteller.adapter.serial.internal.Id003.STACKED;
import static org.lnteller.adapter.serial.internal.Id003.STACKING;
import static org.lnteller.adapter.serial.internal.Id003.STACK_1;
import static org.lnteller.adapter.serial.internal.Id003.STATUS_REQUEST;
import static org.lnteller.adapter.serial.internal.Id003.VEND_VALID;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.lnteller.adapter.serial.internal.CurrencyTable;
import org.lnteller.adapter.serial.internal.CurrencyTable.UnusableCurrencyTable;
import org.lnteller.adapter.serial.internal.Frame;
import org.lnteller.adapter.serial.internal.FrameDecoder;
import org.lnteller.adapter.serial.internal.Id003;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.validator.BillEvent;
import org.lnteller.ports.validator.BillValidator;
import org.lnteller.ports.validator.BillValidatorException;
import org.lnteller.ports.validator.BillValidatorListener;
import org.lnteller.ports.validator.EscrowDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of ID-003 on one thread of its own ({@value #THREAD_NAME}): it resets the acceptor,
 * reads its version and currency table, reports {@link BillEvent.Ready}, then polls its status every
 * {@link Id003Settings#pollInterval()} and turns what it sees into {@link BillEvent}s.
 *
 * <p>Money: a note is {@link BillEvent.Escrowed} once, decided once by the listener (a listener that
 * throws or answers null gets the note returned), and {@link BillEvent.Stacked} once, when the
 * acceptor reports STACKED; the VEND_VALID before it is acknowledged every time the acceptor repeats
 * it and credits nothing. Should STACKED be missed (the acceptor is back to idle after an
 * acknowledged VEND_VALID) the note is credited then, still once. Power coming back with a bill in
 * the acceptor means RESET returns it ({@link BillEvent.Returned}); with the bill in the stacker after
 * the listener said STACK, it is credited; any other note whose fate cannot be known is a
 * {@link BillEvent.Fault} for the operator, never a guessed credit.
 *
 * <p>Failures: a request unanswered {@link Id003Settings#attempts()} times in a row, or a port that
 * vanished, is one {@link BillEvent.Disconnected} per outage; the driver keeps retrying every
 * {@link Id003Settings#retryInterval()}, reopening the port when needed, and reports Ready again
 * once the acceptor is initialised again. A currency table with a country code the
 * {@link CountryCurrencies} map does not know is a {@code currency-table} fault and the acceptor
 * stays inhibited.
 *
 * <p>Enabling and disabling are applied on the next poll, never while a note is between escrow
 * and its outcome. {@link #close()} lets a note already decided finish (for at most
 * {@value #FINISH_NOTE_SECONDS} s) so its outcome is still reported, then inhibits the acceptor.
 */
final class Id003Driver implements BillValidator {
    static final String THREAD_NAME = "id003-driver";
    static final int FINISH_NOTE_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(Id003Driver.class);

    private final SerialLinkOpener opener;
    private final Id003Settings settings;
    private final Object lock = new Object();

    // guarded by lock
    private @Nullable Thread thread;
    private @Nullable BillValidatorListener listener;
    private @Nullable SerialLink link;

    private volatile boolean closed;
    private volatile boolean wantAccepting;

    // the driver thread's own
    private final FrameDecoder decoder = new FrameDecoder();
    private final byte[] readBuffer = new byte[256];
    private Map<Integer, FiatAmount> notes = Map.of();
    private @Nullable NoteInFlight note;
    private boolean acceptingSent;
    private int lastStatus = -1;
    private byte[] lastStatusData = new byte[0];
    private boolean outageReported;
    private boolean tableRefused;

    /** A note from ESCROW until the acceptor is idle again. */
    private static final class NoteInFlight {
        final int escrowCode;
        /** Null when the escrow code is not in the currency table (the note is returned). */
        final @Nullable FiatAmount amount;

        @Nullable
        EscrowDecision decision;

        boolean vendValid;
        /** Its outcome (stacked, returned, rejected, fault) has been reported. */
        boolean settled;

        NoteInFlight(int escrowCode, @Nullable FiatAmount amount) {
            this.escrowCode = escrowCode;
            this.amount = amount;
        }
    }

    /** The acceptor did not answer a request, however often it was sent. */
    private static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /** The acceptor reported a power-up status while running: it lost power and must be initialised. */
    private static final class DeviceRestarted extends Exception {
        DeviceRestarted(int status) {
            super(Id003.statusName(status), null, false, false);
        }
    }

    Id003Driver(SerialLinkOpener opener, Id003Settings settings) {
        this.opener = opener;
        this.settings = settings;
    }

    // ---------------------------------------------------------------- the port

    /**
     * Opens the port on the calling thread, so a missing port fails here, then starts the driver.
     *
     * @throws BillValidatorException when the port cannot be opened, or the validator was closed
     */
    @Override
    public void start(BillValidatorListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (closed) throw new BillValidatorException("the bill validator was closed and cannot be started again");
            if (thread != null) return;
            SerialLink first;
            try {
                first = opener.open();
            } catch (IOException e) {
                throw new BillValidatorException("cannot open the bill validator: " + e.getMessage(), e);
            }
            this.listener = listener;
            this.link = first;
            thread = new Thread(() -> run(first), THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void enable() {
        wantAccepting = true;
    }

    @Override
    public void disable() {
        wantAccepting = false;
    }

    @Override
    public void close() {
        Thread driver;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            wantAccepting = false;
            driver = thread;
            lock.notifyAll();
        }
        if (driver == null || driver == Thread.currentThread()) return;
        try {
            driver.join(Duration.ofSeconds(FINISH_NOTE_SECONDS + 3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (driver.isAlive()) {
            // Stuck in a port call: pull the port from under it.
            SerialLink stuck;
            synchronized (lock) {
                stuck = link;
            }
            if (stuck != null) stuck.close();
        }
    }

    // ---------------------------------------------------------------- the driver thread

    private void run(@Nullable SerialLink first) {
        SerialLink current = first;
        try {
            while (!closed) {
                try {
                    if (current == null) current = reopen();
                    session(current);
                } catch (NoAnswer e) {
                    outage(Objects.requireNonNullElse(e.getMessage(), e.toString()));
                    pause(settings.retryInterval());
                } catch (IOException e) {
                    if (closed) break;
                    outage(e.getMessage() == null ? e.toString() : e.getMessage());
                    closeQuietly(current);
                    current = null;
                    pause(settings.retryInterval());
                } catch (UnusableCurrencyTable e) {
                    if (!tableRefused) {
                        log.error("refusing the acceptor's currency table: {}", e.getMessage());
                        report(new BillEvent.Fault(
                                "currency-table", Objects.requireNonNullElse(e.getMessage(), e.toString())));
                    }
                    tableRefused = true;
                    // Nothing a retry can change until someone fixes the configuration; stay inhibited.
                    pause(settings.retryInterval().multipliedBy(30));
                } catch (RuntimeException e) {
                    log.error("the bill validator driver failed; starting over", e);
                    report(new BillEvent.Fault("driver", e.toString()));
                    pause(settings.retryInterval());
                }
            }
        } finally {
            closeQuietly(current);
            log.info("bill validator driver stopped");
        }
    }

    private SerialLink reopen() throws IOException {
        SerialLink opened = opener.open();
        synchronized (lock) {
            if (closed) {
                opened.close();
                throw new IOException("closed");
            }
            link = opened;
        }
        log.info("reopened {}", opened.name());
        return opened;
    }

    /** Initialises the acceptor and polls it until closed; again after it restarted on its own. */
    private void session(SerialLink link) throws IOException, NoAnswer {
        while (!closed) {
            try {
                initialise(link);
                poll(link);
                return;
            } catch (DeviceRestarted restarted) {
                log.warn("the acceptor restarted ({}); initialising it again", restarted.getMessage());
            }
        }
    }

    private void initialise(SerialLink link) throws IOException, NoAnswer, DeviceRestarted {
        Frame first = exchange(link, Frame.of(STATUS_REQUEST), Id003Driver::isStatus);
        if (isPowerUp(first.command())) {
            settleAfterPowerUp(first.command());
        } else if (note != null) {
            // Back after silence without a power loss: a RESET now would return a note the
            // listener may have decided to stack, so let the acceptor finish it first.
            finishNote(link, first);
        }
        lastStatus = -1;
        operation(link, RESET);
        acceptingSent = false; // RESET leaves the acceptor inhibited
        setting(link, SET_ENABLE_DISABLE, 0x00, 0x00); // no denomination inhibited: the table decides
        setting(link, SET_INHIBIT, INHIBITED);
        String version = new String(request(link, REQUEST_VERSION).data(), StandardCharsets.US_ASCII).strip();
        CurrencyTable table =
                CurrencyTable.parse(request(link, REQUEST_CURRENCY_ASSIGN).data());
        notes = table.notes(settings.countries());
        awaitInitialised(link);
        outageReported = false;
        tableRefused = false;
        List<FiatAmount> accepted = notes.values().stream().distinct().toList();
        log.info("acceptor ready on {}: version '{}', notes {}", link.name(), version, accepted);
        report(new BillEvent.Ready(version, accepted));
    }

    private void awaitInitialised(SerialLink link) throws IOException, NoAnswer {
        long deadline = System.nanoTime() + settings.initialiseTimeout().toNanos();
        while (true) {
            int status = exchange(link, Frame.of(STATUS_REQUEST), Id003Driver::isStatus)
                    .command();
            if ((status != INITIALIZE && !isPowerUp(status)) || closed) return;
            if (System.nanoTime() > deadline) {
                throw new NoAnswer("the acceptor on " + link.name() + " did not finish initialising within "
                        + settings.initialiseTimeout().toSeconds() + " s (status " + Id003.statusName(status) + ")");
            }
            pause(settings.pollInterval());
        }
    }

    private void poll(SerialLink link) throws IOException, NoAnswer, DeviceRestarted {
        long finishBy = 0;
        while (true) {
            if (closed) {
                if (note == null || note.settled) break;
                if (finishBy == 0)
                    finishBy = System.nanoTime()
                            + Duration.ofSeconds(FINISH_NOTE_SECONDS).toNanos();
                if (System.nanoTime() > finishBy) {
                    log.warn(
                            "closing with escrow code 0x{} still in the acceptor",
                            Integer.toHexString(note.escrowCode));
                    break;
                }
            }
            applyAccepting(link);
            handle(link, exchange(link, Frame.of(STATUS_REQUEST), Id003Driver::isStatus));
            if (closed) {
                sleep(settings.pollInterval());
            } else {
                pause(settings.pollInterval());
            }
        }
        try {
            setting(link, SET_INHIBIT, INHIBITED);
        } catch (NoAnswer | IOException e) {
            log.debug("could not inhibit the acceptor while closing: {}", e.getMessage());
        }
    }

    private void applyAccepting(SerialLink link) throws IOException, NoAnswer {
        boolean want = wantAccepting && !closed;
        if (want == acceptingSent || note != null) return;
        if (setting(link, SET_INHIBIT, want ? NOT_INHIBITED : INHIBITED)) {
            acceptingSent = want;
            log.debug("acceptor {}", want ? "enabled" : "inhibited");
        }
    }

    /** Lets a note the acceptor still holds reach its outcome, starting from status {@code current}. */
    private void finishNote(SerialLink link, Frame current) throws IOException, NoAnswer, DeviceRestarted {
        long deadline =
                System.nanoTime() + Duration.ofSeconds(FINISH_NOTE_SECONDS).toNanos();
        Frame status = current;
        while (true) {
            handle(link, status);
            if (note == null || System.nanoTime() > deadline) return;
            sleep(settings.pollInterval());
            status = exchange(link, Frame.of(STATUS_REQUEST), Id003Driver::isStatus);
        }
    }

    // ---------------------------------------------------------------- statuses

    private void handle(SerialLink link, Frame status) throws IOException, NoAnswer, DeviceRestarted {
        int code = status.command();
        byte[] data = status.data();
        boolean changed = code != lastStatus || !Arrays.equals(data, lastStatusData);
        if (changed) log.debug("status {} {}", Id003.statusName(code), status);
        lastStatus = code;
        lastStatusData = data;
        switch (code) {
            case IDLING, DISABLED, ACCEPTING ->
                // a new note is coming in, so the last one is done
                settleOnIdle();
            case STACKING, HOLDING, INITIALIZE -> {}
            case ESCROW -> {
                if (status.dataLength() < 1) {
                    log.warn("ESCROW without an escrow code: {}", status);
                } else {
                    escrow(link, status.dataByte(0));
                }
            }
            case VEND_VALID -> {
                // Answered every time the acceptor repeats it; crediting waits for STACKED.
                link.write(Frame.of(ACK).encode());
                if (note != null) note.vendValid = true;
            }
            case STACKED -> stacked();
            case REJECTING -> {
                if (changed) rejected(status.dataLength() < 1 ? -1 : status.dataByte(0));
            }
            case RETURNING -> {
                if (note != null && !note.settled && note.amount != null) {
                    note.settled = true;
                    report(new BillEvent.Returned(note.amount));
                }
            }
            case POWER_UP, POWER_UP_BILL_IN_ACCEPTOR, POWER_UP_BILL_IN_STACKER -> throw new DeviceRestarted(code);
            default -> {
                Optional<String> fault = Id003.faultKind(code);
                if (fault.isPresent()) {
                    if (changed) report(new BillEvent.Fault(fault.get(), faultDetail(code, status)));
                } else if (changed) {
                    log.warn("unexpected status {}", status);
                }
            }
        }
    }

    private void escrow(SerialLink link, int escrowCode) throws IOException, NoAnswer {
        if (note != null && note.escrowCode == escrowCode && note.decision != null) {
            // Still in escrow: the command may have been lost, send the same decision again.
            sendDecision(link, note.decision);
            return;
        }
        if (note != null) {
            // A new escrow straight after the last note: the acceptor finished that one between polls.
            if (!note.settled)
                log.warn("escrow code 0x{} before the last note was seen to finish", Integer.toHexString(escrowCode));
            settleOnIdle();
        }
        FiatAmount amount = notes.get(escrowCode);
        note = new NoteInFlight(escrowCode, amount);
        if (amount == null) {
            note.decision = EscrowDecision.RETURN;
            note.settled = true;
            report(new BillEvent.Rejected(String.format("unknown-escrow-code-0x%02x", escrowCode)));
            sendDecision(link, EscrowDecision.RETURN);
            return;
        }
        report(new BillEvent.Escrowed(amount));
        note.decision = decide(amount);
        sendDecision(link, note.decision);
    }

    private void sendDecision(SerialLink link, EscrowDecision decision) throws IOException, NoAnswer {
        operation(link, decision == EscrowDecision.STACK ? STACK_1 : RETURN);
    }

    private void stacked() {
        if (note == null) {
            log.warn("STACKED without a note in escrow (the driver started while a note was being stacked?)");
            return;
        }
        if (note.settled || note.amount == null) return;
        if (note.decision != EscrowDecision.STACK) {
            log.warn("the acceptor stacked {} although it was told to return it", note.amount);
        }
        note.settled = true;
        report(new BillEvent.Stacked(note.amount));
    }

    private void settleOnIdle() {
        NoteInFlight n = note;
        note = null;
        if (n == null || n.settled || n.amount == null) return;
        if (n.decision == EscrowDecision.STACK && n.vendValid) {
            // STACKED came and went between two polls; VEND_VALID was acknowledged, so it is in the box.
            report(new BillEvent.Stacked(n.amount));
        } else {
            report(new BillEvent.Returned(n.amount));
        }
    }

    private void rejected(int reason) {
        report(new BillEvent.Rejected(reason < 0 ? "unknown" : Id003.rejectReason(reason)));
        if (note != null && !note.settled && note.amount != null) {
            // A note rejected after escrow goes back to the customer.
            note.settled = true;
            report(new BillEvent.Returned(note.amount));
        }
    }

    private String faultDetail(int code, Frame status) {
        String detail;
        if (code == FAILURE && status.dataLength() > 0) {
            detail = String.format("%s (0x%02X)", Id003.failureName(status.dataByte(0)), status.dataByte(0));
        } else {
            detail = "status " + Id003.statusName(code) + String.format(" (0x%02X)", code);
        }
        if (note != null && !note.settled && note.amount != null) detail += "; note in the acceptor: " + note.amount;
        return detail;
    }

    /** Power came back: what happened to the note that was in flight when it went. */
    private void settleAfterPowerUp(int status) {
        NoteInFlight n = note;
        note = null;
        if (status == POWER_UP && n == null) {
            log.info("the acceptor reports POWER_UP; resetting it");
        } else {
            log.warn(
                    "the acceptor reports {}{}",
                    Id003.statusName(status),
                    n == null ? "" : " with " + n.amount + " in flight");
        }
        if (n == null || n.settled || n.amount == null) {
            if (status == POWER_UP_BILL_IN_STACKER) {
                report(new BillEvent.Fault(
                        "bill-in-stacker-at-power-up",
                        "a note of unknown value was in the stacker when power came back; count the cash box"));
            }
            return;
        }
        if (status == POWER_UP_BILL_IN_ACCEPTOR) {
            report(new BillEvent.Returned(n.amount)); // RESET gives it back
        } else if ((status == POWER_UP_BILL_IN_STACKER && n.decision == EscrowDecision.STACK)
                || (status == POWER_UP && n.decision == EscrowDecision.STACK && n.vendValid)) {
            report(new BillEvent.Stacked(n.amount));
        } else if (status == POWER_UP && n.decision == EscrowDecision.RETURN) {
            report(new BillEvent.Returned(n.amount));
        } else {
            report(new BillEvent.Fault(
                    "note-outcome-unknown",
                    n.amount + " was in flight (" + n.decision
                            + ") when the acceptor lost power and came back with " + Id003.statusName(status)
                            + "; count the cash box"));
        }
    }

    // ---------------------------------------------------------------- exchanges

    /** An operation command, answered ACK (or INVALID_COMMAND, logged). */
    private void operation(SerialLink link, int command) throws IOException, NoAnswer {
        Frame answer = exchange(link, Frame.of(command), f -> f.command() == ACK || f.command() == INVALID_COMMAND);
        if (answer.command() == INVALID_COMMAND) {
            log.warn("the acceptor refused command 0x{} as invalid", Integer.toHexString(command));
        }
    }

    /** A setting command; true when echoed, false when refused as invalid. */
    private boolean setting(SerialLink link, int command, int... data) throws IOException, NoAnswer {
        Frame request = Frame.of(command, data);
        Frame answer = exchange(link, request, f -> f.equals(request) || f.command() == INVALID_COMMAND);
        if (answer.command() == INVALID_COMMAND) {
            log.warn("the acceptor refused setting {}", request);
            return false;
        }
        return true;
    }

    private Frame request(SerialLink link, int command) throws IOException, NoAnswer {
        return exchange(link, Frame.of(command), f -> f.command() == command);
    }

    /**
     * Sends {@code request} and returns the first frame {@code isAnswer} accepts, sending it again
     * after each {@link Id003Settings#answerTimeout()}. Anything else that arrives (a late answer to
     * an earlier request, garbage) is skipped.
     */
    private Frame exchange(SerialLink link, Frame request, Predicate<Frame> isAnswer) throws IOException, NoAnswer {
        byte[] bytes = request.encode();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            decoder.clear();
            link.write(bytes);
            long deadline = System.nanoTime() + settings.answerTimeout().toNanos();
            while (true) {
                Optional<Frame> frame = decoder.next();
                if (frame.isPresent()) {
                    if (isAnswer.test(frame.get())) return frame.get();
                    log.debug("skipping {} while waiting for the answer to {}", frame.get(), request);
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                int read = link.read(readBuffer, Duration.ofNanos(left));
                if (read > 0) decoder.push(readBuffer, 0, read);
            }
            log.debug("no answer to {} (attempt {} of {})", request, attempt, settings.attempts());
        }
        throw new NoAnswer("the acceptor on " + link.name() + " did not answer " + Id003.commandName(request.command())
                + " (" + settings.attempts() + " attempts, "
                + settings.answerTimeout().toMillis() + " ms each)");
    }

    private static boolean isStatus(Frame f) {
        int c = f.command();
        return (c >= IDLING && c <= INITIALIZE) || (c >= POWER_UP && c <= INVALID_COMMAND);
    }

    private static boolean isPowerUp(int status) {
        return status == POWER_UP || status == POWER_UP_BILL_IN_ACCEPTOR || status == POWER_UP_BILL_IN_STACKER;
    }

    // ---------------------------------------------------------------- listener and time

    private void outage(String cause) {
        if (closed) return;
        if (!outageReported) {
            outageReported = true;
            log.warn("bill validator disconnected: {}", cause);
            report(new BillEvent.Disconnected(cause));
        } else {
            log.debug("still disconnected: {}", cause);
        }
    }

    private void report(BillEvent event) {
        try {
            Objects.requireNonNull(listener, "started").onEvent(event);
        } catch (RuntimeException e) {
            log.warn("the bill validator listener failed on {}", event, e);
        }
    }

    private EscrowDecision decide(FiatAmount amount) {
        try {
            EscrowDecision decision =
                    Objects.requireNonNull(listener, "started").onEscrow(amount);
            return decision == null ? EscrowDecision.RETURN : decision;
        } catch (RuntimeException e) {
            log.warn("the bill validator listener failed to decide on {}; returning the note", amount, e);
            return EscrowDecision.RETURN;
        }
    }

    /** Waits, or less when closed. */
    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (lock) {
            while (!closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return;
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits whether closed or not: pacing the polls that finish a note while closing. */
    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(@Nullable SerialLink link) {
        if (link != null) link.close();
    }
}
