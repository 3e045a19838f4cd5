package org.lnteller.app.cli;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.ConfigException;
import org.lnteller.app.server.LntellerServer;

/** {@code serve}: runs the server until the process is stopped (Ctrl-C or SIGTERM stop it gracefully). */
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
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("usage: lnteller serve   (settings come from the environment and .env)");
            return ExitCode.USAGE;
        }
        Config config;
        try {
            config = Config.from(Environment.load(environment));
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        LntellerServer server;
        try {
            server = LntellerServer.start(config, Clock.systemUTC(), new SecureRandom(), out);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("lnteller: shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }
}
