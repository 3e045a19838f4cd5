package org.lnteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lnteller.app.cli.Command;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.Settings;
import org.lnteller.app.config.Variables;

/** The command dispatcher. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void noArgumentsPrintsUsageAndSucceeds() {
        assertThat(Main.run(new String[0], print(out), print(err))).isZero();

        assertThat(text(out))
                .startsWith("usage: lnteller <command>")
                .contains("decode")
                .contains("help");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndHelpForACommandPrintsItsSynopsis() {
        assertThat(Main.run(new String[] {"help"}, print(out), print(err))).isZero();
        assertThat(Main.run(new String[] {"--help", "decode"}, print(out), print(err)))
                .isZero();

        assertThat(text(out)).contains("usage: lnteller decode <invoice|lnurl|lightning address|bip21 uri>");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(Main.run(new String[] {"frobnicate"}, print(out), print(err)))
                .isEqualTo(2);

        assertThat(text(err)).startsWith("error: unknown command 'frobnicate'").contains("usage:");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void everyCommandAnswersHelpAndDashHWithItsUsageOnStdout() {
        for (String command : List.of("serve", "decode", "pay", "validator", "kiosk")) {
            for (String flag : List.of("--help", "-h")) {
                out.reset();
                err.reset();
                assertThat(Main.run(new String[] {command, flag}, print(out), print(err)))
                        .as(command + " " + flag)
                        .isZero();
                assertThat(text(out)).as(command + " " + flag).startsWith("usage: lnteller " + command);
                assertThat(text(err)).as(command + " " + flag).isEmpty();
            }
        }
    }

    @Test
    void helpServeListsEveryEnvironmentVariableTheServerReadsWithItsDefault() {
        assertThat(Main.run(new String[] {"help", "serve"}, print(out), print(err)))
                .isZero();
        String help = text(out);

        for (Variables.Variable v : Variables.ALL) {
            assertThat(help).contains(v.name()).contains(v.fallback());
        }
        // every name the configuration looks up, under each backend and with a second currency
        Set<String> read = new TreeSet<>();
        for (Map<String, String> env : List.of(
                Map.<String, String>of(),
                Map.of("LIGHTNING_BACKEND", "galoy", "GALOY_API_KEY", "k", "GALOY_WALLET_ID", "w"),
                Map.of("LIGHTNING_BACKEND", "lnd", "LND_MACAROON_HEX", "0201", "LND_TLS_CERT_SHA256", "00".repeat(32)),
                Map.of("LIGHTNING_BACKEND", "phoenixd", "PHOENIXD_PASSWORD", "secret"),
                Map.of("LNTELLER_FIAT_CURRENCIES", "USD,EUR", "SIMULATED_RATE_EUR", "55000"))) {
            Settings settings = Settings.of(env);
            Config.from(settings);
            read.addAll(settings.asked());
        }
        assertThat(read)
                .allSatisfy(name -> assertThat(help)
                        .as("help serve documents " + name)
                        .containsPattern("(?m)^  "
                                + name.replaceAll("_(USD|EUR)$", "_<CODE>").replace("<", "\\<") + " "));
    }

    @Test
    void helpForAnUnknownCommandIsAUsageError() {
        assertThat(Main.run(new String[] {"help", "nope"}, print(out), print(err)))
                .isEqualTo(2);

        assertThat(text(err)).startsWith("error: unknown command 'nope'");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void aFailureNoCommandForesawIsOneErrorLineAndExitOneWithItsStackTraceOnlyUnderDebug() {
        Command failing = new Command() {
            public String name() {
                return "fail";
            }

            public String arguments() {
                return "";
            }

            public String summary() {
                return "fails";
            }

            public int run(List<String> args, PrintStream o, PrintStream e) {
                throw new UncheckedIOException("cannot read the ledger", new IOException(new ConnectException()));
            }
        };
        Main main = new Main(List.of(failing));

        assertThat(main.dispatch(List.of("fail"), print(out), print(err))).isEqualTo(1);
        assertThat(text(err)).isEqualTo("error: cannot read the ledger: connection refused" + System.lineSeparator());

        err.reset();
        try {
            assertThat(main.dispatch(List.of("--debug", "fail"), print(out), print(err)))
                    .isEqualTo(1);
            assertThat(text(err))
                    .startsWith("error: cannot read the ledger: connection refused")
                    .contains("\tat ");
        } finally {
            System.clearProperty("lnteller.debug");
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
