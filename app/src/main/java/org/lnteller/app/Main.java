package org.lnteller.app;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lnteller.app.cli.Command;
import org.lnteller.app.cli.DecodeCommand;
import org.lnteller.app.cli.ExitCode;
import org.lnteller.app.cli.InvoiceCommand;
import org.lnteller.app.cli.KioskCommand;
import org.lnteller.app.cli.PairCommand;
import org.lnteller.app.cli.PasswordCommand;
import org.lnteller.app.cli.PayCommand;
import org.lnteller.app.cli.ServeCommand;
import org.lnteller.app.cli.ValidatorCommand;
import org.lnteller.app.config.Failures;
import org.lnteller.app.logging.ExceptionSummary;

/**
 * The {@code lnteller} command line: {@code java -jar lnteller.jar <command> [args]}.
 * A small dispatcher from command name to {@link Command}; {@code help} or no arguments prints usage.
 */
public final class Main {
    /** {@code --debug}, anywhere on the command line: stack traces on stderr and in the log. */
    static final String DEBUG = "--debug";

    private final Map<String, Command> commands = new LinkedHashMap<>();

    Main(List<Command> commands) {
        for (Command c : commands) {
            if (this.commands.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("two commands named " + c.name());
            }
        }
    }

    /** Every command, wired with the real clock and the process environment. */
    static Main standard() {
        return new Main(List.of(
                new ServeCommand(System.getenv()),
                new DecodeCommand(Clock.systemUTC()),
                new PayCommand(System.getenv()),
                new InvoiceCommand(System.getenv(), Clock.systemUTC(), new SecureRandom()),
                new PairCommand(System.getenv()),
                new PasswordCommand(System.getenv(), System.in, new SecureRandom()),
                new ValidatorCommand(System.in),
                new KioskCommand(System.in, System.getenv())));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line in-process and returns its exit code (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return standard().dispatch(Arrays.asList(args), out, err);
    }

    /**
     * Runs one command line. {@code --debug} anywhere turns stack traces on (on stderr and in the
     * log); without it a command that fails ends with one {@code error:} line and exit code 1.
     */
    int dispatch(List<String> args, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        boolean debug = args.contains(DEBUG);
        if (debug) System.setProperty(ExceptionSummary.DEBUG_PROPERTY, "true");
        List<String> rest = args.stream().filter(a -> !a.equals(DEBUG)).toList();
        if (rest.isEmpty() || isHelp(rest.get(0))) {
            if (rest.size() < 2) {
                usage(out);
                return ExitCode.OK;
            }
            Command c = commands.get(rest.get(1));
            if (c == null) {
                err.println("error: unknown command '" + rest.get(1) + "'");
                usage(err);
                return ExitCode.USAGE;
            }
            help(c, out);
            return ExitCode.OK;
        }
        Command command = commands.get(rest.get(0));
        if (command == null) {
            err.println("error: unknown command '" + rest.get(0) + "'");
            usage(err);
            return ExitCode.USAGE;
        }
        List<String> commandArgs = List.copyOf(rest.subList(1, rest.size()));
        if (commandArgs.contains("--help") || commandArgs.contains("-h")) {
            help(command, out);
            return ExitCode.OK;
        }
        try {
            return command.run(commandArgs, out, err);
        } catch (RuntimeException e) {
            // a failure no command foresaw: still one line, the cause chain in words
            err.println("error: " + Failures.describe(e));
            if (debug) e.printStackTrace(err);
            return ExitCode.REFUSED;
        } catch (LinkageError e) {
            // a class missing from the jar: a broken build or install, not the operator's settings
            err.println(
                    "error: this lnteller build is incomplete (" + e + "); rebuild it with the README's first command");
            if (debug) e.printStackTrace(err);
            return ExitCode.REFUSED;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
    }

    private static void help(Command c, PrintStream out) {
        out.println("usage: lnteller " + c.name() + (c.arguments().isEmpty() ? "" : " " + c.arguments()));
        out.println("  " + c.summary());
        List<String> details = c.details();
        if (!details.isEmpty()) {
            out.println();
            details.forEach(out::println);
        }
    }

    private void usage(PrintStream out) {
        out.println("usage: lnteller <command> [arguments]");
        out.println();
        out.println("commands:");
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Command c : commands.values()) {
            out.printf("  %-" + width + "s  %s%n", c.name(), c.summary());
        }
        out.printf("  %-" + width + "s  %s%n", "help", "show this text, or 'help <command>' for one command");
        out.println();
        out.println("Every command takes --help (or -h), and --debug to show stack traces.");
    }
}
