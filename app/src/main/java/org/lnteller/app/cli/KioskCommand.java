package org.lnteller.app.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.lnteller.adapter.serial.Id003Settings;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.config.Settings;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.lnurl.InvalidDestination;
import org.lnteller.codec.lnurl.PaymentDestinations;
import org.lnteller.kiosk.Acceptor;
import org.lnteller.kiosk.Kiosk;
import org.lnteller.kiosk.KioskTiming;
import org.lnteller.kiosk.MachineCredentials;
import org.lnteller.ports.model.MilliSatoshi;

/**
 * {@code kiosk}: the machine side of a cash-in on a line-based terminal (stdin/stdout, so a test or
 * tmux can drive it). It reads the {@code .env} provisioning handed out, serves one customer
 * against the server's machine API and a JCM ID-003 acceptor (or the simulator in-process), and
 * exits 0 when the customer was paid or cancelled before any note, 1 otherwise, 2 for a wrong
 * command line.
 */
public final class KioskCommand implements Command {
    private static final String USAGE_LINE = "usage: lnteller kiosk [--env FILE] (--port PATH | --validator simulated)"
            + " [--max-sats N] [--currency CODE]";

    private final InputStream stdin;
    private final Map<String, String> environment;
    private final Acceptors acceptors;
    private final KioskTiming timing;

    /** Real serial ports and the in-process simulator at the driver's default timing. */
    public KioskCommand(InputStream stdin, Map<String, String> environment) {
        this(stdin, environment, Acceptors.id003(Id003Settings.defaults()), KioskTiming.defaults());
    }

    /**
     * @param stdin the terminal: the customer's destination and the commands
     * @param environment over the {@code .env} file (the environment wins)
     * @param acceptors makes the acceptor for {@code --port} or {@code --validator simulated}
     */
    public KioskCommand(InputStream stdin, Map<String, String> environment, Acceptors acceptors, KioskTiming timing) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.environment = Map.copyOf(environment);
        this.acceptors = Objects.requireNonNull(acceptors, "acceptors");
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    @Override
    public String name() {
        return "kiosk";
    }

    @Override
    public String arguments() {
        return "[--env FILE] (--port PATH | --validator simulated) [--max-sats N] [--currency CODE]";
    }

    @Override
    public String summary() {
        return "serve one cash-in customer at this machine: scan, take notes, send the sats (stdin commands: insert, send, cancel, help)";
    }

    /** What the command line asked for. */
    private record Options(
            Optional<Path> env,
            Optional<String> port,
            boolean simulated,
            OptionalLong maxSats,
            Optional<Currency> currency) {

        static Options parse(List<String> args) {
            Path env = null;
            String port = null;
            boolean simulated = false;
            OptionalLong maxSats = OptionalLong.empty();
            Currency currency = null;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--env" -> env = Path.of(value(args, ++i, arg));
                    case "--port" -> port = value(args, ++i, arg);
                    case "--validator" -> {
                        String kind = value(args, ++i, arg);
                        if (!kind.equals("simulated")) {
                            throw new IllegalArgumentException(
                                    "--validator takes 'simulated' (for hardware give --port PATH), not '" + kind
                                            + "'");
                        }
                        simulated = true;
                    }
                    case "--max-sats" -> {
                        String n = value(args, ++i, arg);
                        long max;
                        try {
                            max = Long.parseLong(n);
                        } catch (NumberFormatException e) {
                            max = 0;
                        }
                        if (max < 1)
                            throw new IllegalArgumentException(
                                    "--max-sats needs a positive number of sats, not '" + n + "'");
                        maxSats = OptionalLong.of(max);
                    }
                    case "--currency" -> {
                        String code = value(args, ++i, arg);
                        try {
                            currency = Currency.getInstance(code);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(
                                    "--currency needs an ISO 4217 code such as USD, not '" + code + "'");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if ((port == null) == !simulated)
                throw new IllegalArgumentException("give either --port PATH or --validator simulated");
            return new Options(
                    Optional.ofNullable(env),
                    Optional.ofNullable(port),
                    simulated,
                    maxSats,
                    Optional.ofNullable(currency));
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
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE_LINE);
            return ExitCode.USAGE;
        }
        MachineCredentials credentials;
        try {
            Path dotEnv = options.env().orElseGet(Environment::dotEnv);
            if (options.env().isPresent() && !Files.isRegularFile(dotEnv)) {
                err.println("error: no such file: " + dotEnv);
                return ExitCode.REFUSED;
            }
            credentials = MachineCredentials.from(Settings.load(environment, dotEnv)::get);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        Acceptor acceptor = options.simulated()
                ? acceptors.simulated()
                : acceptors.serialPort(options.port().orElseThrow());
        Kiosk kiosk = new Kiosk(
                credentials,
                acceptor,
                new Kiosk.Options(options.currency(), options.maxSats()),
                timing,
                KioskCommand::invoiceSats,
                stdin,
                out,
                err);
        return kiosk.run() == 0 ? ExitCode.OK : ExitCode.REFUSED;
    }

    /** The whole sats a BOLT #11 invoice names, for the kiosk; empty for anything else. */
    static OptionalLong invoiceSats(String address) {
        try {
            Optional<Bolt11Invoice> invoice = PaymentDestinations.parse(address).directInvoice();
            if (invoice.isPresent() && invoice.get().amountMsat().isPresent()) {
                return OptionalLong.of(
                        MilliSatoshi.of(invoice.get().amountMsat().getAsLong())
                                .truncateToSatoshi()
                                .sat());
            }
        } catch (InvalidDestination | IllegalArgumentException e) {
            // the server accepted it; what it is exactly is the server's business
        }
        return OptionalLong.empty();
    }
}
