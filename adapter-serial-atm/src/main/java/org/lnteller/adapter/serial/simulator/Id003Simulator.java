package org.lnteller.adapter.serial.simulator;

import static org.lnteller.adapter.serial.internal.Id003.ACCEPTING;
import static org.lnteller.adapter.serial.internal.Id003.ACK;
import static org.lnteller.adapter.serial.internal.Id003.DISABLED;
import static org.lnteller.adapter.serial.internal.Id003.ESCROW;
import static org.lnteller.adapter.serial.internal.Id003.HOLD;
import static org.lnteller.adapter.serial.internal.Id003.IDLING;
import static org.lnteller.adapter.serial.internal.Id003.INITIALIZE;
import static org.lnteller.adapter.serial.internal.Id003.INVALID_COMMAND;
import static org.lnteller.adapter.serial.internal.Id003.JAM_IN_ACCEPTOR;
import static org.lnteller.adapter.serial.internal.Id003.POWER_UP;
import static org.lnteller.adapter.serial.internal.Id003.POWER_UP_BILL_IN_ACCEPTOR;
import static org.lnteller.adapter.serial.internal.Id003.POWER_UP_BILL_IN_STACKER;
import static org.lnteller.adapter.serial.internal.Id003.REJECTING;
import static org.lnteller.adapter.serial.internal.Id003.REQUEST_BOOT_VERSION;
import static org.lnteller.adapter.serial.internal.Id003.REQUEST_CURRENCY_ASSIGN;
import static org.lnteller.adapter.serial.internal.Id003.REQUEST_VERSION;
import static org.lnteller.adapter.serial.internal.Id003.RESET;
import static org.lnteller.adapter.serial.internal.Id003.RETURN;
import static org.lnteller.adapter.serial.internal.Id003.RETURNING;
import static org.lnteller.adapter.serial.internal.Id003.SET_COMMUNICATION_MODE;
import static org.lnteller.adapter.serial.internal.Id003.SET_DIRECTION;
import static org.lnteller.adapter.serial.internal.Id003.SET_ENABLE_DISABLE;
import static org.lnteller.adapter.serial.internal.Id003.SET_INHIBIT;
import static org.lnteller.adapter.serial.internal.Id003.SET_OPTIONAL_FUNCTION;
import static org.lnteller.adapter.serial.internal.Id003.SET_SECURITY;
import static org.lnteller.adapter.serial.internal.Id003.STACKED;
import static org.lnteller.adapter.serial.internal.Id003.STACKER_FULL;
import static org.lnteller.adapter.serial.internal.Id003.STACKING;
import static org.lnteller.adapter.serial.internal.Id003.STACK_1;
import static org.lnteller.adapter.serial.internal.Id003.STACK_2;
import static org.lnteller.adapter.serial.internal.Id003.STATUS_REQUEST;
import static org.lnteller.adapter.serial.internal.Id003.VEND_VALID;
import static org.lnteller.adapter.serial.internal.Id003.WAIT;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.lnteller.adapter.serial.CountryCurrencies;
import org.lnteller.adapter.serial.SerialLink;
import org.lnteller.adapter.serial.SerialLinks;
import org.lnteller.adapter.serial.internal.CurrencyTable;
import org.lnteller.adapter.serial.internal.Frame;
import org.lnteller.adapter.serial.internal.FrameDecoder;
import org.lnteller.ports.model.FiatAmount;

/**
 * The acceptor side of ID-003: a JCM-like note acceptor with a currency table, a customer who
 * presents notes, and a technician who can jam it, fill its stacker, pull its power or cut its
 * cable. It answers every frame the host sends over a {@link SerialLink}: an in-memory pipe in
 * tests and demos, or a serial port or pseudo-terminal when run as a process ({@link #main}).
 *
 * <p>Time is counted in status requests, not in milliseconds: each status request moves a note one
 * step on (ACCEPTING, ESCROW until the host decides, STACKING, VEND_VALID until the host
 * acknowledges, STACKED for two polls, back to IDLING), so a host's poll rate sets the pace and
 * tests are fast and repeatable. Like a real acceptor it starts in POWER_UP, needs RESET, comes up
 * inhibited, and draws a note in only while enabled, idle and free of faults.
 *
 * <p>Threading: one thread serves the link ({@link #serve} starts it, {@link #close} stops it); the
 * customer and technician methods may be called from any thread. Everything is guarded by this
 * object's monitor.
 */
public final class Id003Simulator implements AutoCloseable {
    public static final String DEFAULT_VERSION = "LNTELLER-SIM(USA)-ID003 V1.00";
    /** The reason given for paper the simulator cannot validate: a denomination discrimination error. */
    public static final int UNRECOGNISED_REASON = 0x76;

    private static final int STACKED_POLLS = 2;
    private static final int REJECTING_POLLS = 2;

    private enum Phase {
        POWER_UP,
        INITIALIZE,
        IDLE,
        ACCEPTING,
        ESCROW,
        STACKING,
        VEND_VALID,
        STACKED,
        REJECTING,
        RETURNING
    }

    /** What the customer puts in the slot. */
    private sealed interface Presented {
        /**
         * One function per case.
         * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
         */
        <R> R fold(
                Function<? super Note, ? extends R> note,
                Function<? super Unrecognised, ? extends R> unrecognised,
                Function<? super Jamming, ? extends R> jamming);

        record Note(int escrowCode, FiatAmount amount) implements Presented {
            @Override
            public <R> R fold(
                    Function<? super Note, ? extends R> note,
                    Function<? super Unrecognised, ? extends R> unrecognised,
                    Function<? super Jamming, ? extends R> jamming) {
                return note.apply(this);
            }
        }

        record Unrecognised(int reason) implements Presented {
            @Override
            public <R> R fold(
                    Function<? super Note, ? extends R> note,
                    Function<? super Unrecognised, ? extends R> unrecognised,
                    Function<? super Jamming, ? extends R> jamming) {
                return unrecognised.apply(this);
            }
        }

        record Jamming() implements Presented {
            @Override
            public <R> R fold(
                    Function<? super Note, ? extends R> note,
                    Function<? super Unrecognised, ? extends R> unrecognised,
                    Function<? super Jamming, ? extends R> jamming) {
                return jamming.apply(this);
            }
        }
    }

    private final String version;
    private final CurrencyTable table;
    private final Map<Integer, FiatAmount> notesByCode = new LinkedHashMap<>();

    // guarded by this
    private Phase phase = Phase.POWER_UP;
    private int phasePolls;
    private int powerUpStatus = POWER_UP;
    private Presented.@Nullable Note noteAtPowerLoss;
    private @Nullable Presented current;
    private final Deque<Presented> line = new ArrayDeque<>();
    private boolean inhibited = true;
    private boolean powered = true;
    private boolean silent;
    private boolean garbage;
    private @Nullable Frame fault;
    private int stackerCapacity = Integer.MAX_VALUE;
    private int inStacker;
    private int acksToLose;
    private long statusRequests;
    private final Map<Integer, byte[]> settings = new HashMap<>();
    private final List<FiatAmount> stacked = new ArrayList<>();
    private final List<FiatAmount> returned = new ArrayList<>();
    private @Nullable SerialLink serving;
    private boolean closed;

    /**
     * @param version what VERSION answers
     * @param table what CURRENCY ASSIGN answers
     * @param countries how to read the table's country codes, to find a note's escrow code by its
     *     value; entries it does not know are still reported, but cannot be presented by value
     */
    public Id003Simulator(String version, CurrencyTable table, CountryCurrencies countries) {
        this.version = Objects.requireNonNull(version, "version");
        this.table = Objects.requireNonNull(table, "table");
        for (CurrencyTable.Entry e : table.entries()) {
            if (!e.assigned()) continue;
            Optional<Currency> currency = countries.currency(e.countryCode());
            currency.ifPresent(c -> notesByCode.put(e.escrowCode(), FiatAmount.ofMajor(c, e.value())));
        }
    }

    /** A US acceptor: $1, $5, $10, $20, $50, $100 at JCM's usual escrow codes (0x62, the $2, unassigned). */
    public static Id003Simulator usd() {
        return new Id003Simulator(DEFAULT_VERSION, usdTable(), CountryCurrencies.builtIn());
    }

    /** The table {@link #usd()} reports: country code 0x01, values as mantissa x 10^exponent. */
    public static CurrencyTable usdTable() {
        return new CurrencyTable(List.of(
                new CurrencyTable.Entry(0x61, 0x01, 1, 0),
                new CurrencyTable.Entry(0x62, 0x01, 0, 0),
                new CurrencyTable.Entry(0x63, 0x01, 5, 0),
                new CurrencyTable.Entry(0x64, 0x01, 1, 1),
                new CurrencyTable.Entry(0x65, 0x01, 2, 1),
                new CurrencyTable.Entry(0x66, 0x01, 5, 1),
                new CurrencyTable.Entry(0x67, 0x01, 1, 2)));
    }

    // ---------------------------------------------------------------- the cable

    /**
     * Answers the host on {@code link} from a thread of its own, until the link fails or {@link #close}.
     * Serving a new link stops serving the previous one.
     *
     * @throws IllegalStateException when closed
     */
    public void serve(SerialLink link) {
        take(link);
        Thread thread = new Thread(() -> answerOn(link), "id003-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Answers the host on {@code link} on the calling thread until the link fails or {@link #close}.
     *
     * @throws IllegalStateException when closed
     */
    public void run(SerialLink link) {
        take(link);
        answerOn(link);
    }

    private synchronized void take(SerialLink link) {
        Objects.requireNonNull(link, "link");
        if (closed) throw new IllegalStateException("the simulator is closed");
        serving = link;
    }

    private void answerOn(SerialLink link) {
        FrameDecoder decoder = new FrameDecoder();
        byte[] buffer = new byte[256];
        try {
            while (isServing(link)) {
                int read = link.read(buffer, Duration.ofMillis(200));
                if (read <= 0) continue;
                decoder.push(buffer, 0, read);
                for (Optional<Frame> f = decoder.next(); f.isPresent(); f = decoder.next()) {
                    byte[] answer = answer(f.get());
                    if (answer != null) link.write(answer);
                }
            }
        } catch (IOException cableGone) {
            // the host closed its end or the port went away: nothing left to answer
        }
    }

    /** Stops serving. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        serving = null;
    }

    private synchronized boolean isServing(SerialLink link) {
        return serving == link;
    }

    // ---------------------------------------------------------------- the customer

    /**
     * A customer presents {@code note}. Drawn in (returns true) only while the acceptor is enabled,
     * powered, answering and free of faults; otherwise the slot stays shut and nothing happens. A
     * note presented while another is on its way waits its turn.
     *
     * @throws IllegalArgumentException when the currency table has no such note
     */
    public synchronized boolean insertNote(FiatAmount note) {
        Presented.Note presented = presentable(note);
        if (!acceptingNow()) return false;
        line.add(presented);
        return true;
    }

    /** A customer presents paper the acceptor cannot validate: rejected with {@link #UNRECOGNISED_REASON}. */
    public synchronized boolean insertUnrecognisedNote() {
        return insertRejected(UNRECOGNISED_REASON);
    }

    /** A note the acceptor rejects with {@code reason} (0x71..0x7F). */
    public synchronized boolean insertRejected(int reason) {
        if (!acceptingNow()) return false;
        line.add(new Presented.Unrecognised(reason));
        return true;
    }

    /** A crumpled note that jams in the acceptor: JAM_IN_ACCEPTOR until {@link #clearFault()}. */
    public synchronized boolean insertNoteThatJams() {
        if (!acceptingNow()) return false;
        line.add(new Presented.Jamming());
        return true;
    }

    /**
     * A queue of customers: each note is presented as soon as the acceptor accepts, however long
     * that takes (the {@code --notes} of {@link #main}).
     */
    public synchronized void queue(List<FiatAmount> notes) {
        for (FiatAmount note : notes) line.add(presentable(note));
    }

    /** Queues paper that will be rejected with {@link #UNRECOGNISED_REASON}. */
    public synchronized void queueUnrecognised() {
        line.add(new Presented.Unrecognised(UNRECOGNISED_REASON));
    }

    /** Queues a note that will jam. */
    public synchronized void queueJam() {
        line.add(new Presented.Jamming());
    }

    // ---------------------------------------------------------------- the technician

    /** A fault status (STACKER_OPEN 0x44, CHEATED 0x48, FAILURE 0x49 with a code, ...) until {@link #clearFault()}. */
    public synchronized void fault(int status, int... data) {
        fault = Frame.of(status, data);
    }

    /** The technician cleared the jam or closed the stacker: the acceptor is idle again. */
    public synchronized void clearFault() {
        fault = null;
    }

    /** After this many notes in total the stacker is full (STACKER_FULL) until {@link #emptyStacker()}. */
    public synchronized void stackerCapacity(int notes) {
        if (notes < 1) throw new IllegalArgumentException("a stacker holds at least one note: " + notes);
        stackerCapacity = notes;
    }

    /** The cash box was emptied. */
    public synchronized void emptyStacker() {
        inStacker = 0;
        if (fault != null && fault.command() == STACKER_FULL) fault = null;
    }

    /** The next {@code count} ACKs to VEND_VALID are lost on the line, so the acceptor repeats VEND_VALID. */
    public synchronized void loseAcks(int count) {
        acksToLose = count;
    }

    /**
     * Power is cut: nothing is answered until {@link #powerOn()}, which comes back with POWER_UP,
     * or POWER_UP with the bill in the acceptor (the note was being accepted or held in escrow) or
     * in the stacker (it was being stacked). Notes waiting in line leave with their customers.
     */
    public synchronized void powerOff() {
        powered = false;
        noteAtPowerLoss = null;
        powerUpStatus = POWER_UP;
        Optional<Presented.Note> held = presentedNote();
        if (held.isPresent()) {
            Presented.Note n = held.get();
            if (phase == Phase.ACCEPTING || phase == Phase.ESCROW || phase == Phase.RETURNING) {
                powerUpStatus = POWER_UP_BILL_IN_ACCEPTOR;
                noteAtPowerLoss = n;
            } else if (phase == Phase.STACKING || phase == Phase.VEND_VALID) {
                powerUpStatus = POWER_UP_BILL_IN_STACKER;
                noteAtPowerLoss = n;
            }
        }
        current = null;
        line.clear();
        enter(Phase.POWER_UP);
    }

    public synchronized void powerOn() {
        powered = true;
        inhibited = true;
    }

    /** The cable is cut (true) or mended (false): frames are read but not answered; the state stays. */
    public synchronized void silence(boolean silent) {
        this.silent = silent;
    }

    /** Line noise: every answer is preceded by garbage bytes that include a false SYNC. */
    public synchronized void garbage(boolean garbage) {
        this.garbage = garbage;
    }

    // ---------------------------------------------------------------- what can be seen

    /** Whether a note presented now would be drawn in. */
    public synchronized boolean isAccepting() {
        return acceptingNow();
    }

    /** Whether the host has the acceptor inhibited. */
    public synchronized boolean isInhibited() {
        return inhibited;
    }

    /** The notes that went into the cash box, in order. */
    public synchronized List<FiatAmount> stackedNotes() {
        return List.copyOf(stacked);
    }

    /** The notes given back to customers, in order. */
    public synchronized List<FiatAmount> returnedNotes() {
        return List.copyOf(returned);
    }

    /** Status requests answered so far. */
    public synchronized long statusRequests() {
        return statusRequests;
    }

    /** The notes of the table this simulator can present by value, by escrow code. */
    public Map<Integer, FiatAmount> notes() {
        return Map.copyOf(notesByCode);
    }

    // ---------------------------------------------------------------- the protocol

    /** The bytes answering {@code request}, or null for none. */
    private synchronized byte @Nullable [] answer(Frame request) {
        if (!powered || silent) return null;
        Frame answer = respond(request);
        if (answer == null) return null;
        byte[] bytes = answer.encode();
        if (!garbage) return bytes;
        byte[] noise = {0x00, 0x13, (byte) Frame.SYNC, 0x07, 0x11};
        byte[] noisy = Arrays.copyOf(noise, noise.length + bytes.length);
        System.arraycopy(bytes, 0, noisy, noise.length, bytes.length);
        return noisy;
    }

    private @Nullable Frame respond(Frame request) {
        int command = request.command();
        switch (command) {
            case STATUS_REQUEST -> {
                statusRequests++;
                return status();
            }
            case RESET -> {
                reset();
                return Frame.of(ACK);
            }
            case STACK_1, STACK_2 -> {
                if (phase != Phase.ESCROW) return Frame.of(INVALID_COMMAND);
                enter(Phase.STACKING);
                return Frame.of(ACK);
            }
            case RETURN -> {
                if (phase != Phase.ESCROW) return Frame.of(INVALID_COMMAND);
                returned.add(((Presented.Note) Objects.requireNonNull(current)).amount());
                enter(Phase.RETURNING);
                return Frame.of(ACK);
            }
            case HOLD, WAIT -> {
                return Frame.of(phase == Phase.ESCROW ? ACK : INVALID_COMMAND);
            }
            case ACK -> {
                if (phase == Phase.VEND_VALID) {
                    if (acksToLose > 0) {
                        acksToLose--;
                    } else {
                        stacked.add(((Presented.Note) Objects.requireNonNull(current)).amount());
                        inStacker++;
                        enter(Phase.STACKED);
                    }
                }
                return null; // an ACK is never answered
            }
            case SET_INHIBIT -> {
                if (request.dataLength() != 1) return Frame.of(INVALID_COMMAND);
                inhibited = request.dataByte(0) != 0;
                settings.put(command, request.data());
                return request;
            }
            case SET_ENABLE_DISABLE, SET_SECURITY, SET_OPTIONAL_FUNCTION -> {
                if (request.dataLength() != 2) return Frame.of(INVALID_COMMAND);
                settings.put(command, request.data());
                return request;
            }
            case SET_COMMUNICATION_MODE, SET_DIRECTION -> {
                if (request.dataLength() != 1) return Frame.of(INVALID_COMMAND);
                settings.put(command, request.data());
                return request;
            }
            case REQUEST_VERSION -> {
                return Frame.withData(command, version.getBytes(StandardCharsets.US_ASCII));
            }
            case REQUEST_BOOT_VERSION -> {
                return Frame.withData(command, "BOOT V1.00".getBytes(StandardCharsets.US_ASCII));
            }
            case REQUEST_CURRENCY_ASSIGN -> {
                return Frame.withData(command, table.encode());
            }
            default -> {
                if (command >= 0x80 && command <= 0x85) {
                    // the "get" twins of the settings 0xC0..0xC5
                    byte[] value = settings.get(command + 0x40);
                    return Frame.withData(command, value == null ? new byte[] {0} : value);
                }
                return Frame.of(INVALID_COMMAND);
            }
        }
    }

    /** Answers a status request and moves the note one step on. */
    private Frame status() {
        phasePolls++;
        switch (phase) {
            case POWER_UP -> {
                return Frame.of(powerUpStatus);
            }
            case INITIALIZE -> {
                enter(Phase.IDLE);
                return Frame.of(INITIALIZE);
            }
            case IDLE -> {
                if (fault != null) return fault;
                if (inhibited) return Frame.of(DISABLED);
                if (line.isEmpty()) return Frame.of(IDLING);
                current = line.poll();
                enter(Phase.ACCEPTING);
                return Frame.of(ACCEPTING);
            }
            case ACCEPTING -> {
                return accepted();
            }
            case ESCROW -> {
                return Frame.of(ESCROW, ((Presented.Note) Objects.requireNonNull(current)).escrowCode());
            }
            case STACKING -> {
                enter(Phase.VEND_VALID);
                return Frame.of(STACKING);
            }
            case VEND_VALID -> {
                return Frame.of(VEND_VALID);
            }
            case STACKED -> {
                if (phasePolls >= STACKED_POLLS) {
                    current = null;
                    enter(Phase.IDLE);
                    if (inStacker >= stackerCapacity) fault = Frame.of(STACKER_FULL);
                }
                return Frame.of(STACKED);
            }
            case REJECTING -> {
                int reason = ((Presented.Unrecognised) Objects.requireNonNull(current)).reason();
                if (phasePolls >= REJECTING_POLLS) {
                    current = null;
                    enter(Phase.IDLE);
                }
                return Frame.of(REJECTING, reason);
            }
            case RETURNING -> {
                current = null;
                enter(Phase.IDLE);
                return Frame.of(RETURNING);
            }
            default -> throw new IllegalStateException("no status for " + phase);
        }
    }

    /** The note drawn in at the last poll has been validated (or not). */
    private Frame accepted() {
        if (current == null) return jammed();
        return current.fold(
                note -> {
                    enter(Phase.ESCROW);
                    return Frame.of(ESCROW, note.escrowCode());
                },
                unrecognised -> {
                    enter(Phase.REJECTING);
                    return Frame.of(REJECTING, unrecognised.reason());
                },
                jamming -> jammed());
    }

    private Frame jammed() {
        current = null;
        fault = Frame.of(JAM_IN_ACCEPTOR);
        enter(Phase.IDLE);
        return fault;
    }

    /** The note in the acceptor, if what was presented is one. */
    private Optional<Presented.Note> presentedNote() {
        return Optional.ofNullable(current)
                .flatMap(presented ->
                        presented.fold(Optional::of, unrecognised -> Optional.empty(), jamming -> Optional.empty()));
    }

    private void reset() {
        // RESET gives back a note still in the acceptor, and finishes one already past the stacker gate.
        Optional<Presented.Note> held = presentedNote();
        if (held.isPresent()) {
            Presented.Note n = held.get();
            if (phase == Phase.STACKING || phase == Phase.VEND_VALID) {
                stacked.add(n.amount());
                inStacker++;
            } else if (phase == Phase.ACCEPTING || phase == Phase.ESCROW) {
                returned.add(n.amount());
            }
        }
        if (noteAtPowerLoss != null) {
            if (powerUpStatus == POWER_UP_BILL_IN_ACCEPTOR) {
                returned.add(noteAtPowerLoss.amount());
            } else {
                stacked.add(noteAtPowerLoss.amount());
                inStacker++;
            }
            noteAtPowerLoss = null;
        }
        powerUpStatus = POWER_UP;
        current = null;
        inhibited = true;
        enter(Phase.INITIALIZE);
    }

    private void enter(Phase next) {
        phase = next;
        phasePolls = 0;
    }

    private boolean acceptingNow() {
        return powered
                && !silent
                && !closed
                && !inhibited
                && fault == null
                && phase != Phase.POWER_UP
                && phase != Phase.INITIALIZE;
    }

    private Presented.Note presentable(FiatAmount note) {
        Objects.requireNonNull(note, "note");
        return notesByCode.entrySet().stream()
                .filter(e -> e.getValue().equals(note))
                .findFirst()
                .map(e -> new Presented.Note(e.getKey(), note))
                .orElseThrow(() -> new IllegalArgumentException(
                        note + " is not in the simulator's currency table " + notesByCode.values()));
    }

    // ---------------------------------------------------------------- as a process

    /**
     * Runs a simulated acceptor on a serial port or pseudo-terminal until killed or the port goes away:
     * {@code Id003Simulator --port /dev/pts/3 [--notes 20,5,reject,jam] [--stacker-capacity N]}.
     * The listed notes (whole dollars; {@code reject} for unreadable paper, {@code jam} for a jam) are
     * presented one after another while the host keeps the acceptor enabled.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        String port = null;
        String notes = "";
        Integer capacity = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean hasValue = i + 1 < args.length;
            if (arg.equals("--port") && hasValue) {
                port = args[++i];
            } else if (arg.equals("--notes") && hasValue) {
                notes = args[++i];
            } else if (arg.equals("--stacker-capacity") && hasValue) {
                capacity = Integer.valueOf(args[++i]);
            } else {
                err.println("usage: Id003Simulator --port PATH [--notes 20,5,reject,jam] [--stacker-capacity N]");
                return 2;
            }
        }
        if (port == null) {
            err.println("usage: Id003Simulator --port PATH [--notes 20,5,reject,jam] [--stacker-capacity N]");
            return 2;
        }
        Id003Simulator simulator = usd();
        try {
            simulator.script(notes);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (capacity != null) simulator.stackerCapacity(capacity);
        SerialLink link;
        try {
            link = SerialLinks.serialPort(port).open();
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(link::close, "id003-simulator-shutdown"));
        err.println("simulating an ID-003 acceptor on " + port + " ("
                + simulator.notes().values() + ")");
        simulator.run(link);
        link.close();
        return 0;
    }

    /** Queues {@code 20,5,reject,jam}: note values in the table's first currency, or the two words. */
    public synchronized void script(String notes) {
        if (notes.isBlank()) return;
        Currency currency = notesByCode.values().stream()
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the currency table has no note to present"))
                .currency();
        for (String token : notes.split(",", -1)) {
            String t = token.strip();
            if (t.isEmpty()) continue; // as split(",") dropped a trailing one
            if (t.equals("reject")) {
                queueUnrecognised();
            } else if (t.equals("jam")) {
                queueJam();
            } else {
                BigDecimal value;
                try {
                    value = new BigDecimal(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a note value, 'reject' or 'jam': '" + t + "'");
                }
                queue(List.of(FiatAmount.ofMajor(currency, value)));
            }
        }
    }
}
