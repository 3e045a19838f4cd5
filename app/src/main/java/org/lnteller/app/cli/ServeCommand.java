package org.lnteller.app.cli;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.config.Settings;
import org.lnteller.app.config.Variables;
import org.lnteller.app.logging.ExceptionSummary;
import org.lnteller.app.server.LntellerServer;

/**
 * {@code serve}: runs the server until the process is stopped. SIGTERM and Ctrl-C stop it in the
 * server's own order (requests, jobs, leases, then the database) and end the process with 0 when
 * every part stopped cleanly, 1 otherwise.
 */
public final class ServeCommand implements Command {
    private final Map<String, String> environment;

    public ServeCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "run the ATM server (configured by environment variables and .env; see README)";
    }

    @Override
    public List<String> details() {
        List<String> lines = new ArrayList<>();
        lines.add(
                "Settings: environment variables, over ./.env in the working directory, or else the .env beside the jar.");
        lines.addAll(Variables.helpLines());
        return lines;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("usage: lnteller serve   (settings come from the environment and .env)");
            return ExitCode.USAGE;
        }
        Settings settings;
        Config config;
        LntellerServer server;
        try {
            settings = Environment.load(environment);
            config = Config.from(settings);
            server = LntellerServer.start(config, Clock.systemUTC(), new SecureRandom(), out);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            if (ExceptionSummary.debug()) e.printStackTrace(err);
            return ExitCode.REFUSED;
        }
        out.println("  settings:  " + Environment.describe(settings));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("lnteller: shutting down");
                            boolean clean = server.stop();
                            out.println("lnteller: stopped" + (clean ? "" : " (with errors, see the log)"));
                            // The shutdown started with a signal: the JVM would exit 143 once the hooks end. A stop
                            // that went through is a success, and says so with its exit code.
                            Runtime.getRuntime().halt(clean ? ExitCode.OK : ExitCode.REFUSED);
                        },
                        "shutdown"));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }
}
