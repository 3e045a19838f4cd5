package org.lnteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lnteller.adapter.serial.CountryCurrencies;
import org.lnteller.adapter.serial.Id003Settings;
import org.lnteller.adapter.serial.SerialLinks;
import org.lnteller.adapter.serial.SocatPair;
import org.lnteller.adapter.serial.internal.CurrencyTable;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.app.cli.ExitCode;
import org.lnteller.app.cli.ValidatorCommand;
import org.lnteller.app.validator.SimulatorProcess;

/**
 * {@code lnteller validator}, run in-process: against the built-in simulator, against a simulator
 * behind an injected port, and against a simulator process at the far end of a socat
 * pseudo-terminal pair, as a technician would check a machine.
 */
@Timeout(90)
class ValidatorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final PipedInputStream stdin;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    ValidatorCommandTest() throws IOException {
        stdin = new PipedInputStream(keyboard);
    }

    @AfterEach
    void endTheSession() throws IOException {
        keyboard.close(); // a command still running sees the end of its input and stops
        runner.shutdownNow();
    }

    @Test
    void theSimulatedAcceptorPrintsItsTableThenOneJsonLinePerNoteEvent() throws Exception {
        int exit = run(new ValidatorCommand(stdin), "--simulated", "--notes", "20,5", "--max-events", "5");

        assertThat(exit).isEqualTo(ExitCode.OK);
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(5);
        JsonNode ready = lines.get(0);
        assertThat(ready.get("event").asText()).isEqualTo("ready");
        assertThat(ready.get("version").asText()).isEqualTo(Id003Simulator.DEFAULT_VERSION);
        assertThat(ready.get("notes").toString())
                .isEqualTo("[{\"amount\":\"1\",\"currency\":\"USD\"},{\"amount\":\"5\",\"currency\":\"USD\"},"
                        + "{\"amount\":\"10\",\"currency\":\"USD\"},{\"amount\":\"20\",\"currency\":\"USD\"},"
                        + "{\"amount\":\"50\",\"currency\":\"USD\"},{\"amount\":\"100\",\"currency\":\"USD\"}]");
        assertThat(lines.subList(1, 5))
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"event\":\"escrow\",\"amount\":\"20\",\"currency\":\"USD\"}",
                        "{\"event\":\"stacked\",\"amount\":\"20\",\"currency\":\"USD\"}",
                        "{\"event\":\"escrow\",\"amount\":\"5\",\"currency\":\"USD\"}",
                        "{\"event\":\"stacked\",\"amount\":\"5\",\"currency\":\"USD\"}");
    }

    @Test
    void returnAllGivesEveryNoteBack() throws Exception {
        int exit =
                run(new ValidatorCommand(stdin), "--simulated", "--notes", "100", "--return-all", "--max-events", "3");

        assertThat(exit).isEqualTo(ExitCode.OK);
        assertThat(lines())
                .extracting(JsonNode::toString)
                .endsWith(
                        "{\"event\":\"escrow\",\"amount\":\"100\",\"currency\":\"USD\"}",
                        "{\"event\":\"returned\",\"amount\":\"100\",\"currency\":\"USD\"}");
    }

    @Test
    void aRejectShowsItsReasonAndAJamItsKind() throws Exception {
        int exit = run(new ValidatorCommand(stdin), "--simulated", "--notes", "reject,jam", "--max-events", "3");

        assertThat(exit).isEqualTo(ExitCode.OK);
        List<JsonNode> lines = lines();
        assertThat(lines.get(1).toString()).isEqualTo("{\"event\":\"rejected\",\"reason\":\"denomination\"}");
        assertThat(lines.get(2).get("event").asText()).isEqualTo("fault");
        assertThat(lines.get(2).get("kind").asText()).isEqualTo("jam-in-acceptor");
        assertThat(lines.get(2).get("detail").asText()).isNotBlank();
    }

    @Test
    void theEndOfInputStopsTheCheck() throws Exception {
        Future<Integer> exit = start(new ValidatorCommand(stdin), "--simulated", "--notes", "");
        awaitOutput("\"event\":\"ready\"");

        keyboard.close();

        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        assertThat(lines()).hasSize(1);
    }

    @Test
    void aPortThatCannotBeOpenedIsRefusedWithItsPath() throws Exception {
        int exit = run(new ValidatorCommand(stdin), "--port", "/dev/ttyLNTELLER-none");

        assertThat(exit).isEqualTo(ExitCode.REFUSED);
        assertThat(text(err)).startsWith("error: ").contains("no serial port at /dev/ttyLNTELLER-none");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void aCommandLineThatMakesNoSenseIsAUsageError() throws Exception {
        List<List<String>> wrong = List.of(
                List.of(),
                List.of("--port", "/dev/ttyUSB0", "--simulated"),
                List.of("--port"),
                List.of("--port", "/dev/ttyUSB0", "--notes", "20"),
                List.of("--simulated", "--max-events", "none"),
                List.of("--simulated", "--max-events", "0"),
                List.of("--simulated", "--country-code", "EUR"),
                List.of("--simulated", "--notes", "3"),
                List.of("--simulated", "--loud"));

        for (List<String> args : wrong) {
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int exit = new ValidatorCommand(stdin).run(args, print(new ByteArrayOutputStream()), print(errors));

            assertThat(exit).as("%s", args).isEqualTo(ExitCode.USAGE);
            assertThat(text(errors)).as("%s", args).startsWith("error: ");
        }
    }

    @Test
    void aCountryCodeGivenOnTheCommandLineReadsTheTableAsThatCurrency() throws Exception {
        Id003Simulator euro = new Id003Simulator(
                "SIM(EUR)",
                new CurrencyTable(
                        List.of(new CurrencyTable.Entry(0x61, 0x2A, 5, 0), new CurrencyTable.Entry(0x62, 0x2A, 2, 1))),
                CountryCurrencies.builtIn().with("0x2A=EUR"));
        euro.script("20");
        List<String> opened = new ArrayList<>();
        ValidatorCommand command = new ValidatorCommand(
                stdin,
                path -> () -> {
                    opened.add(path);
                    SerialLinks.Pipe pipe = SerialLinks.pipe();
                    euro.serve(pipe.device());
                    return pipe.host();
                },
                Id003Settings.defaults());

        int exit = run(command, "--port", "/dev/ttyFAKE0", "--country-code", "0x2A=EUR", "--max-events", "3");

        euro.close();
        assertThat(exit).isEqualTo(ExitCode.OK);
        assertThat(opened).containsExactly("/dev/ttyFAKE0");
        assertThat(lines())
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"event\":\"ready\",\"version\":\"SIM(EUR)\",\"notes\":[{\"amount\":\"5\",\"currency\":\"EUR\"},{\"amount\":\"20\",\"currency\":\"EUR\"}]}",
                        "{\"event\":\"escrow\",\"amount\":\"20\",\"currency\":\"EUR\"}",
                        "{\"event\":\"stacked\",\"amount\":\"20\",\"currency\":\"EUR\"}");
    }

    @Test
    void anUnknownCountryCodeIsAFaultNamingTheWayOut() throws Exception {
        Id003Simulator euro = new Id003Simulator(
                "SIM(EUR)",
                new CurrencyTable(List.of(new CurrencyTable.Entry(0x61, 0x2A, 5, 0))),
                CountryCurrencies.builtIn());
        ValidatorCommand command = new ValidatorCommand(
                stdin,
                path -> () -> {
                    SerialLinks.Pipe pipe = SerialLinks.pipe();
                    euro.serve(pipe.device());
                    return pipe.host();
                },
                Id003Settings.defaults());

        int exit = run(command, "--port", "/dev/ttyFAKE0", "--max-events", "1");

        euro.close();
        assertThat(exit).isEqualTo(ExitCode.OK);
        JsonNode fault = lines().get(0);
        assertThat(fault.get("kind").asText()).isEqualTo("currency-table");
        assertThat(fault.get("detail").asText()).contains("--country-code 0x2A=");
    }

    @Test
    void overASocatPseudoTerminalPairTheCheckSeesTheSimulatorProcessNotes() throws Exception {
        try (SocatPair pair = SocatPair.start();
                SimulatorProcess simulator = SimulatorProcess.start(pair.second(), "20,reject,5")) {

            int exit = run(new ValidatorCommand(stdin), "--port", pair.first(), "--max-events", "6");

            assertThat(exit)
                    .as("stderr: %s; simulator: %s", text(err), simulator.said())
                    .isEqualTo(ExitCode.OK);
            List<JsonNode> lines = lines();
            assertThat(lines.get(0).get("event").asText()).isEqualTo("ready");
            assertThat(lines.get(0).get("version").asText()).isEqualTo(Id003Simulator.DEFAULT_VERSION);
            assertThat(lines.subList(1, lines.size()))
                    .extracting(JsonNode::toString)
                    .containsExactly(
                            "{\"event\":\"escrow\",\"amount\":\"20\",\"currency\":\"USD\"}",
                            "{\"event\":\"stacked\",\"amount\":\"20\",\"currency\":\"USD\"}",
                            "{\"event\":\"rejected\",\"reason\":\"denomination\"}",
                            "{\"event\":\"escrow\",\"amount\":\"5\",\"currency\":\"USD\"}",
                            "{\"event\":\"stacked\",\"amount\":\"5\",\"currency\":\"USD\"}");
        }
    }

    @Test
    void whenTheFarEndOfThePseudoTerminalGoesTheCheckReportsADisconnection() throws Exception {
        Future<Integer> exit;
        try (SocatPair pair = SocatPair.start();
                SimulatorProcess simulator = SimulatorProcess.start(pair.second(), "")) {
            exit = start(new ValidatorCommand(stdin), "--port", pair.first(), "--max-events", "2");
            awaitOutput("\"event\":\"ready\"");
            assertThat(simulator.said()).as("the simulator's own words").anyMatch(l -> l.contains(pair.second()));
        } // the simulator is killed, then socat: the far end is gone

        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        assertThat(lines().get(1).get("event").asText()).isEqualTo("disconnected");
    }

    // ---------------------------------------------------------------- helpers

    private Future<Integer> start(ValidatorCommand command, String... args) {
        return runner.submit(() -> command.run(List.of(args), print(out), print(err)));
    }

    /** Runs the command to its end; a command still running after {@link #WAIT} has its input closed and fails the test. */
    private int run(ValidatorCommand command, String... args) throws Exception {
        Future<Integer> exit = start(command, args);
        try {
            return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            keyboard.close();
            throw new AssertionError(
                    "the command did not stop within " + WAIT + "; stdout: " + text(out) + " stderr: " + text(err));
        }
    }

    private void awaitOutput(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!text(out).contains(fragment)) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("no " + fragment + " within " + WAIT + "; stdout: " + text(out));
            Thread.sleep(10);
        }
    }

    private List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text(out).split("\n")) {
            if (line.isBlank()) continue;
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
