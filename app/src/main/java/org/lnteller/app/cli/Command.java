package org.lnteller.app.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of the {@code lnteller} command line. Implementations write results to
 * {@code out}, diagnostics to {@code err}, and return an {@link ExitCode}; they never call
 * {@code System.exit}, so they can run in-process in tests.
 */
public interface Command {

    /** The word that selects this command, e.g. {@code decode}. */
    String name();

    /** The argument synopsis after the name, e.g. {@code <invoice>}. */
    String arguments();

    /** One line saying what the command does. */
    String summary();

    /** More lines for {@code lnteller help <name>} and {@code <name> --help}: options, settings. None by default. */
    default List<String> details() {
        return List.of();
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @return {@link ExitCode#OK}, {@link ExitCode#REFUSED} or {@link ExitCode#USAGE}
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
