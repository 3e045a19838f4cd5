package org.lnteller.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.lnteller.adapter.serial.CountryCurrencies;
import org.lnteller.adapter.serial.Id003BillValidators;
import org.lnteller.adapter.serial.Id003Settings;
import org.lnteller.adapter.serial.SerialLinkOpener;
import org.lnteller.adapter.serial.SerialLinks;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.validator.BillEvent;
import org.lnteller.ports.validator.BillValidator;
import org.lnteller.ports.validator.BillValidatorException;
import org.lnteller.ports.validator.BillValidatorListener;
import org.lnteller.ports.validator.EscrowDecision;

/**
 * {@code validator --port PATH}: a technician's check of a JCM ID-003 bill acceptor. It opens the
 * port, brings the acceptor up, enables it and prints one JSON line per event on stdout, the first
 * being {@code ready} with the firmware version and the notes of the acceptor's currency table:
 * <pre>
 * {"event":"ready","version":"...","notes":[{"amount":"1","currency":"USD"},...]}
 * {"event":"escrow","amount":"20","currency":"USD"}
 * {"event":"stacked","amount":"20","currency":"USD"}
 * {"event":"rejected","reason":"photo-level"}
 * {"event":"fault","kind":"jam-in-acceptor","detail":"..."}
 * {"event":"disconnected","cause":"..."}
 * </pre>
 * Every note is stacked, or returned with {@code --return-all}. It runs until stdin ends (Ctrl-D),
 * a signal (Ctrl-C), or {@code --max-events N} lines. {@code --simulated} drives the built-in
 * simulator instead of a port, presenting the {@code --notes} given (default {@code 20,5}).
 */
public final class ValidatorCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE_LINE =
            "usage: lnteller validator (--port PATH | --simulated [--notes 20,5,reject,jam])"
                    + " [--return-all] [--max-events N] [--country-code 0xNN=ISO]...";

    private final InputStream stdin;
    private final Function<String, SerialLinkOpener> ports;
    private final Id003Settings settings;

    /** Real serial ports through jSerialComm at the driver's default timing; stops when {@code stdin} ends. */
    public ValidatorCommand(InputStream stdin) {
        this(stdin, SerialLinks::serialPort, Id003Settings.defaults());
    }

    /**
     * @param stdin the command stops when it ends
     * @param ports opens the link for a {@code --port} path
     * @param settings the driver's timing (its country map is extended by {@code --country-code})
     */
    public ValidatorCommand(InputStream stdin, Function<String, SerialLinkOpener> ports, Id003Settings settings) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return "validator";
    }

    @Override
    public String arguments() {
        return "(--port PATH | --simulated [--notes 20,5,reject,jam]) [--return-all] [--max-events N] [--country-code 0xNN=ISO]...";
    }

    @Override
    public String summary() {
        return "check a JCM ID-003 bill acceptor: print its version, currency table and every event as JSON lines";
    }

    /** What the command line asked for. */
    private record Options(
            @Nullable String port, // null with --simulated
            boolean simulated,
            String notes,
            boolean returnAll,
            long maxEvents,
            CountryCurrencies countries) {

        static Options parse(List<String> args, CountryCurrencies countries) {
            String port = null;
            String notes = null;
            boolean simulated = false;
            boolean returnAll = false;
            long maxEvents = Long.MAX_VALUE;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--port" -> port = value(args, ++i, arg);
                    case "--simulated" -> simulated = true;
                    case "--notes" -> notes = value(args, ++i, arg);
                    case "--return-all" -> returnAll = true;
                    case "--max-events" -> {
                        String n = value(args, ++i, arg);
                        try {
                            maxEvents = Long.parseLong(n);
                        } catch (NumberFormatException e) {
                            maxEvents = 0;
                        }
                        if (maxEvents < 1)
                            throw new IllegalArgumentException("--max-events needs a positive count, not '" + n + "'");
                    }
                    case "--country-code" -> countries = countries.with(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if ((port == null) == !simulated)
                throw new IllegalArgumentException("give either --port PATH or --simulated");
            if (notes != null && !simulated)
                throw new IllegalArgumentException("--notes is for the simulated acceptor");
            return new Options(port, simulated, notes == null ? "20,5" : notes, returnAll, maxEvents, countries);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
            return args.get(i);
        }
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, settings.countries());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE_LINE);
            return ExitCode.USAGE;
        }
        Id003Settings driverSettings = settings.withCountries(options.countries());
        Id003Simulator simulator = null;
        SerialLinkOpener opener;
        if (options.simulated()) {
            simulator = Id003Simulator.usd();
            try {
                simulator.script(options.notes());
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return ExitCode.USAGE;
            }
            SerialLinks.Pipe pipe = SerialLinks.pipe();
            simulator.serve(pipe.device());
            opener = pipe::host;
        } else {
            opener = ports.apply(options.port());
        }

        BillValidator validator = Id003BillValidators.over(opener, driverSettings);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Printer printer = new Printer(out, options.maxEvents(), stop);
        try {
            validator.start(new BillValidatorListener() {
                @Override
                public EscrowDecision onEscrow(FiatAmount note) {
                    return options.returnAll() ? EscrowDecision.RETURN : EscrowDecision.STACK;
                }

                @Override
                public void onEvent(BillEvent event) {
                    printer.print(event);
                    // After every (re)start the acceptor comes up inhibited; a check wants it taking notes.
                    if (event instanceof BillEvent.Ready) validator.enable();
                }
            });
        } catch (BillValidatorException e) {
            err.println("error: " + e.getMessage());
            if (simulator != null) simulator.close();
            return ExitCode.REFUSED;
        }

        watchForEndOfInput(stop);
        Thread onSignal = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        finished.await(10, TimeUnit.SECONDS); // let the acceptor be inhibited before the JVM goes
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "validator-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            validator.close();
            if (simulator != null) simulator.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it is what stopped us
            }
        }
        return ExitCode.OK;
    }

    private void watchForEndOfInput(CountDownLatch stop) {
        Thread watcher = new Thread(
                () -> {
                    byte[] buffer = new byte[256];
                    try {
                        while (stdin.read(buffer) >= 0) {
                            // anything typed is ignored; only the end of input matters
                        }
                    } catch (IOException e) {
                        // a broken stdin ends the session like a closed one
                    }
                    stop.countDown();
                },
                "validator-stdin");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Writes the JSON lines, up to the limit; called on the driver's thread. */
    private static final class Printer {
        private final PrintStream out;
        private final long limit;
        private final CountDownLatch stop;
        private long printed;

        Printer(PrintStream out, long limit, CountDownLatch stop) {
            this.out = out;
            this.limit = limit;
            this.stop = stop;
        }

        synchronized void print(BillEvent event) {
            if (printed >= limit) return;
            try {
                out.println(JSON.writeValueAsString(toJson(event)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot write a JSON tree that was just built", e);
            }
            out.flush();
            if (++printed >= limit) stop.countDown();
        }
    }

    static ObjectNode toJson(BillEvent event) {
        ObjectNode node = JSON.createObjectNode();
        return event.fold(
                ready -> {
                    node.put("event", "ready");
                    node.put("version", ready.version());
                    ArrayNode notes = node.putArray("notes");
                    List<ObjectNode> rows = new ArrayList<>();
                    for (FiatAmount note : ready.acceptedNotes()) rows.add(amount(JSON.createObjectNode(), note));
                    notes.addAll(rows);
                    return node;
                },
                escrowed -> amount(node.put("event", "escrow"), escrowed.note()),
                stacked -> amount(node.put("event", "stacked"), stacked.note()),
                returned -> amount(node.put("event", "returned"), returned.note()),
                rejected -> node.put("event", "rejected").put("reason", rejected.reason()),
                fault -> node.put("event", "fault").put("kind", fault.kind()).put("detail", fault.detail()),
                disconnected -> node.put("event", "disconnected").put("cause", disconnected.cause()));
    }

    /** Whole units as the machines write them: {@code "20"}, {@code "0.5"}. */
    private static ObjectNode amount(ObjectNode node, FiatAmount note) {
        return node.put("amount", note.toMajor().stripTrailingZeros().toPlainString())
                .put("currency", note.currency().getCurrencyCode());
    }
}
