package org.lnteller.app;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lnteller.app.cli.Command;
import org.lnteller.app.cli.DecodeCommand;
import org.lnteller.app.cli.ExitCode;
import org.lnteller.app.cli.KioskCommand;
import org.lnteller.app.cli.PairCommand;
import org.lnteller.app.cli.PayCommand;
import org.lnteller.app.cli.ServeCommand;
import org.lnteller.app.cli.ValidatorCommand;

/**
 * The {@code lnteller} command line: {@code java -jar lnteller.jar <command> [args]}.
 * A small dispatcher from command name to {@link Command}; {@code help} or no arguments prints usage.
 */
public final class Main {
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
        return new Main(List.of(new ServeCommand(System.getenv()), new DecodeCommand(Clock.systemUTC()),
                new PayCommand(System.getenv()), new PairCommand(System.getenv()), new ValidatorCommand(System.in), new KioskCommand(System.in, System.getenv())));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line in-process and returns its exit code (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return standard().dispatch(Arrays.asList(args), out, err);
    }

    int dispatch(List<String> args, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        if (args.isEmpty() || isHelp(args.get(0))) {
            if (args.size() > 1 && commands.containsKey(args.get(1))) {
                Command c = commands.get(args.get(1));
                out.println("usage: lnteller " + c.name() + " " + c.arguments());
                out.println("  " + c.summary());
            } else {
                usage(out);
            }
            return ExitCode.OK;
        }
        Command command = commands.get(args.get(0));
        if (command == null) {
            err.println("error: unknown command '" + args.get(0) + "'");
            usage(err);
            return ExitCode.USAGE;
        }
        return command.run(List.copyOf(args.subList(1, args.size())), out, err);
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
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
    }
}
