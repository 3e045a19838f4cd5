package org.lnteller.app.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.ConfigException;
import org.lnteller.ports.model.Satoshi;

/**
 * {@code invoice [--sats N | --amountless]}: prints an invoice of the simulated wallet in the
 * data folder, for a person to scan into a machine for a cash-in test. It signs with the data
 * folder's node key, as {@code serve} does, and leaves the invoice in the wallet's inbox
 * ({@link SimulatedLightning#INBOX_DIR}): the server takes it into its ledger when it starts or is
 * first asked about it, so a running server settles it when it is paid ({@code lnteller pay}, or a
 * cash-in of that server). Without a running server, it waits for the next {@code serve}.
 */
public final class InvoiceCommand implements Command {
    private final Map<String, String> environment;
    private final Clock clock;
    private final SecureRandom random;

    public InvoiceCommand(Map<String, String> environment, Clock clock, SecureRandom random) {
        this.environment = environment;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public String name() {
        return "invoice";
    }

    @Override
    public String arguments() {
        return "[--sats N | --amountless]";
    }

    @Override
    public String summary() {
        return "print an invoice of the simulated wallet, to scan into a machine for a cash-in test";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Optional<Satoshi> amount;
        if (args.size() == 1 && args.get(0).equals("--amountless")) {
            amount = Optional.empty();
        } else if (args.size() == 2 && args.get(0).equals("--sats")) {
            try {
                long sats = Long.parseLong(args.get(1));
                if (sats < 1 || sats > Satoshi.MAX_SUPPLY.sat()) throw new NumberFormatException();
                amount = Optional.of(Satoshi.of(sats));
            } catch (NumberFormatException e) {
                err.println("error: --sats takes a whole number of sats from 1, not '" + args.get(1) + "'");
                return ExitCode.USAGE;
            }
        } else {
            err.println("usage: lnteller " + name() + " " + arguments());
            return ExitCode.USAGE;
        }
        Config config;
        try {
            config = Config.from(Environment.load(environment));
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        if (config.backend() != Config.Backend.SIMULATED) {
            err.println("error: LIGHTNING_BACKEND is " + config.backend().name().toLowerCase(Locale.ROOT)
                    + ": invoices of a real wallet"
                    + " come from that wallet; this command issues simulated ones only");
            return ExitCode.REFUSED;
        }
        try {
            String invoice = SimulatedLightning.issueOffline(
                    config.dataDir(),
                    config.network(),
                    clock,
                    random,
                    amount,
                    config.invoiceExpiry(),
                    amount.map(a -> "lnteller test invoice for " + a).orElse("lnteller test invoice"));
            out.println(invoice);
            return ExitCode.OK;
        } catch (UncheckedIOException | IllegalStateException e) {
            err.println("error: cannot issue an invoice of the simulated wallet in " + config.dataDir()
                    + " (LNTELLER_DATA_DIR): " + e.getMessage());
            return ExitCode.REFUSED;
        }
    }
}
