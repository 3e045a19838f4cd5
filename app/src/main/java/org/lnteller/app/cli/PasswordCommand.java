package org.lnteller.app.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lnteller.adapter.http.OperatorPassword;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.server.OperatorPasswordFile;

/**
 * {@code password [--stdin]}: sets the operator console's password. On a terminal it prompts
 * twice without echo; with {@code --stdin} (or when no terminal is attached) it reads one line
 * from standard input. Only the Argon2id hash is written, to {@code <data>/operator-password}
 * (owner-only); the password is never printed or logged.
 */
public final class PasswordCommand implements Command {
    private final Map<String, String> environment;
    private final InputStream stdin;
    private final SecureRandom random;

    public PasswordCommand(Map<String, String> environment, InputStream stdin, SecureRandom random) {
        this.environment = environment;
        this.stdin = stdin;
        this.random = random;
    }

    @Override
    public String name() {
        return "password";
    }

    @Override
    public String arguments() {
        return "[--stdin]";
    }

    @Override
    public String summary() {
        return "set the operator console's password (Argon2id hash in the data folder; asks twice)";
    }

    @Override
    public List<String> details() {
        return List.of(
                "  --stdin   read the password as one line from standard input (for scripts)",
                "  The hash goes to LNTELLER_DATA_DIR/" + OperatorPasswordFile.FILE
                        + "; a running server uses it at the next sign-in.",
                "  Until a password is set, the admin token signs in to the console at /console.");
    }

    // SystemConsoleNull: on Java 17, this release, console() is null without a terminal; Console.isTerminal() only
    // arrives in JDK 22
    @SuppressWarnings("SystemConsoleNull")
    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean fromStdin = args.equals(List.of("--stdin"));
        if (!args.isEmpty() && !fromStdin) {
            err.println("usage: lnteller password [--stdin]");
            return ExitCode.USAGE;
        }
        Config config;
        try {
            config = Config.from(Environment.load(environment));
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        Console console = System.console();
        char[] password = null;
        try {
            if (!fromStdin && console != null) {
                password = console.readPassword(
                        "New console password (at least %d characters): ", OperatorPassword.MIN_LENGTH);
                char[] again = console.readPassword("Again: ");
                boolean same = password != null && again != null && Arrays.equals(password, again);
                if (again != null) Arrays.fill(again, '\0');
                if (!same) {
                    err.println("error: the two passwords differ; nothing was changed");
                    return ExitCode.REFUSED;
                }
            } else {
                String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    err.println("error: no password on standard input");
                    return ExitCode.REFUSED;
                }
                password = line.toCharArray();
            }
            if (password == null || password.length < OperatorPassword.MIN_LENGTH) {
                err.println("error: the password must be at least " + OperatorPassword.MIN_LENGTH
                        + " characters; nothing was changed");
                return ExitCode.REFUSED;
            }
            Path file = OperatorPasswordFile.write(config.dataDir(), password, random);
            out.println("console password set (Argon2id hash in " + file
                    + "); the admin token no longer signs in to /console");
            return ExitCode.OK;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        } catch (IOException e) {
            err.println("error: cannot write the password into " + config.dataDir() + ": " + e.getMessage());
            return ExitCode.REFUSED;
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }
}
