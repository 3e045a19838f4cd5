package org.lnteller.app.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.serial.Id003BillValidators;
import org.lnteller.adapter.serial.Id003Settings;
import org.lnteller.adapter.serial.SerialLinks;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.app.cli.Acceptors;
import org.lnteller.app.cli.KioskCommand;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.kiosk.Acceptor;
import org.lnteller.kiosk.KioskTiming;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.validator.BillValidator;
import org.lnteller.ports.validator.BillValidatorListener;

/**
 * {@code lnteller kiosk --validator simulated} driven line by line, as at tmux, against the real
 * server (H2, simulated Lightning) on a free port: the simulated acceptor speaks ID-003 to the real
 * driver over an in-memory cable, the server's simulated wallet pays the customer's invoice.
 * Prices: 60,000 USD/BTC plus the 5 % cash-in commission is 63,000, so $20 buys 31,746 sats and
 * $25 buys 39,682 (rounded down).
 */
class KioskTest {
    private static final KioskTiming QUICK = new KioskTiming(
            Duration.ofSeconds(10),
            2,
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            Duration.ofSeconds(3));
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One server for the class (it starts in a second or two); each test provisions a machine of its own. */
    @TempDir
    static Path data;

    private static KioskServer server;

    @TempDir
    Path machineFolder;

    private Path dotEnv;
    private KioskServer.Machine machine;
    private final List<RecordingValidator> validators = new ArrayList<>();
    private final List<Id003Simulator> simulators = new ArrayList<>();
    private final Terminal terminal = new Terminal();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    @BeforeAll
    static void startTheServer() {
        server = new KioskServer(data);
    }

    @AfterAll
    static void stopTheServer() {
        server.close();
    }

    @BeforeEach
    void provisionAMachine() throws IOException {
        dotEnv = machineFolder.resolve(".env");
        machine = server.provision(dotEnv);
    }

    @AfterEach
    void endTheInput() {
        terminal.close();
    }

    /** The kiosk on a thread of its own with a simulated acceptor the test can look into afterwards. */
    private CompletableFuture<Integer> kiosk(String... args) {
        Acceptors recording = new Acceptors() {
            @Override
            public Acceptor serialPort(String path) {
                throw new AssertionError("the tests use the simulated acceptor");
            }

            @Override
            public Acceptor simulated() {
                Id003Simulator simulator = Id003Simulator.usd();
                SerialLinks.Pipe cable = SerialLinks.pipe();
                simulator.serve(cable.device());
                RecordingValidator validator =
                        new RecordingValidator(Id003BillValidators.over(cable::host, Id003Settings.defaults()));
                simulators.add(simulator);
                validators.add(validator);
                return Acceptor.simulated(validator, simulator::script, simulator::close);
            }
        };
        return kiosk(recording, args);
    }

    /** The kiosk on a thread of its own, as a process would run it, reading {@link #terminal}. */
    private CompletableFuture<Integer> kiosk(Acceptors acceptors, String... args) {
        KioskCommand command = new KioskCommand(terminal.stdin(), Map.of(), acceptors, QUICK);
        List<String> line = new ArrayList<>(List.of("--env", dotEnv.toString()));
        line.addAll(List.of(args));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        exit.complete(command.run(
                                line, terminal.out(), new PrintStream(errors, true, StandardCharsets.UTF_8)));
                    } catch (Throwable t) {
                        exit.completeExceptionally(t);
                    }
                },
                "kiosk-under-test");
        thread.setDaemon(true);
        thread.start();
        return exit;
    }

    private static int exitOf(CompletableFuture<Integer> kiosk) throws Exception {
        return kiosk.get(Terminal.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** What a customer's wallet shows as a QR code: a regtest invoice without an amount, so any amount of sats pays it. */
    private static String amountlessInvoice() {
        byte[] preimage = new byte[32];
        byte[] secret = new byte[32];
        byte[] walletKey = new byte[32];
        RANDOM.nextBytes(preimage);
        RANDOM.nextBytes(secret);
        RANDOM.nextBytes(walletKey);
        InvoiceDraft draft = InvoiceDraft.builder(
                        Network.REGTEST,
                        ByteVector.of(Preimage.of(preimage).paymentHash().bytes()),
                        Instant.now())
                .description("my wallet")
                .paymentSecret(ByteVector.of(secret))
                .feature(8)
                .feature(14)
                .build();
        return Bolt11.encode(draft, walletKey);
    }

    private static FiatAmount usd(int dollars) {
        return FiatAmount.ofMajor("USD", Integer.toString(dollars));
    }

    private JsonNode onlyTransaction() {
        List<JsonNode> txs = server.transactionsOf(machine);
        assertThat(txs).as("the machine's transactions on the server").hasSize(1);
        return txs.get(0);
    }

    @Test
    void aCustomerWhoInsertsTwentyAndFiveDollarsIsPaidTheSatsForTwentyFive() throws Exception {
        CompletableFuture<Integer> kiosk = kiosk("--validator", "simulated");
        terminal.await("Scan the customer's");
        terminal.type(amountlessInvoice());
        terminal.await("Limit: up to 1000000 sats");
        terminal.await("Sats per note: 1 USD = 1587 sats, 5 USD = 7936 sats, 10 USD = 15873 sats, 20 USD = 31746 sats");
        terminal.type("insert 20");
        terminal.await("Counted 20 USD. Total: 20 USD = 31746 sats");
        terminal.type("insert 5");
        terminal.await("Counted 5 USD. Total: 25 USD = 39682 sats");
        terminal.type("send");

        assertThat(exitOf(kiosk)).as(terminal.text() + errors).isZero();
        assertThat(terminal.text())
                .contains("Paid: 39682 sats sent to the customer")
                .doesNotContain(machine.token());
        JsonNode tx = onlyTransaction();
        assertThat(tx.path("status").asText()).isEqualTo("confirmed");
        assertThat(tx.path("sendConfirmed").asBoolean()).isTrue();
        assertThat(tx.path("cryptoAtoms").asText()).isEqualTo("39682");
        assertThat(tx.path("fiat").asInt()).isEqualTo(25);
        assertThat(tx.path("txVersion").asLong())
                .as("one post per note, then the send")
                .isEqualTo(3);
        assertThat(tx.path("bills").findValuesAsText("denomination")).containsExactly("20", "5");
        assertThat(validators)
                .singleElement()
                .satisfies(v -> assertThat(v.closed).isTrue());
        assertThat(simulators.get(0).stackedNotes()).containsExactly(usd(20), usd(5));
        assertThat(simulators.get(0).isInhibited())
                .as("the acceptor takes no more notes")
                .isTrue();
    }

    @Test
    void aNoteThatWouldTakeTheTotalOverTheLimitIsReturnedAndASmallerOneStillFits() throws Exception {
        CompletableFuture<Integer> kiosk = kiosk("--validator", "simulated", "--max-sats", "40000");
        terminal.await("Scan the customer's");
        terminal.type(amountlessInvoice());
        terminal.await("Limit: up to 40000 sats (25.20 USD), set by this machine's --max-sats.");
        terminal.type("insert 20");
        terminal.await("Counted 20 USD. Total: 20 USD = 31746 sats");
        terminal.type("insert 20");
        terminal.await(
                "Returned the 20 USD note: it would make 40 USD = 63492 sats, over this transaction's limit of 40000 sats.");
        terminal.await("Please take back your 20 USD note.");
        terminal.type("insert 5");
        terminal.await("Counted 5 USD. Total: 25 USD = 39682 sats");
        terminal.type("send");

        assertThat(exitOf(kiosk)).as(terminal.text() + errors).isZero();
        assertThat(terminal.text()).contains("Paid: 39682 sats");
        JsonNode tx = onlyTransaction();
        assertThat(tx.path("status").asText()).isEqualTo("confirmed");
        assertThat(tx.path("bills").findValuesAsText("denomination")).containsExactly("20", "5");
        assertThat(simulators.get(0).returnedNotes()).containsExactly(usd(20));
    }

    @Test
    void anUnusableDestinationIsRefusedWithTheServersReasonAndAskedForAgain() throws Exception {
        CompletableFuture<Integer> kiosk = kiosk("--validator", "simulated");
        terminal.await("Scan the customer's");
        terminal.type("bc1qnotlightningatall");
        terminal.await("Refused: ");
        terminal.await("Scan the customer's", 2);
        terminal.type("cancel");

        assertThat(exitOf(kiosk)).isZero();
        assertThat(terminal.text()).contains("Cancelled: no notes were taken.");
        String refusal = terminal.text()
                .lines()
                .filter(l -> l.startsWith("Refused: "))
                .findFirst()
                .orElseThrow();
        assertThat(refusal).as("the server's message, not a generic one").matches("Refused: \\S.{10,}");
        assertThat(validators.get(0).started)
                .as("no acceptor is started before a destination is usable")
                .isFalse();
        assertThat(server.transactionsOf(machine)).isEmpty();
    }

    @Test
    void cancelBeforeAnyNoteInhibitsTheAcceptorAndExitsWithoutATransaction() throws Exception {
        CompletableFuture<Integer> kiosk = kiosk("--validator", "simulated");
        terminal.await("Scan the customer's");
        terminal.type(amountlessInvoice());
        terminal.await("Insert notes, then type send.");
        terminal.type("send");
        terminal.await("Insert at least one note before typing send.");
        terminal.type("cancel");

        assertThat(exitOf(kiosk)).isZero();
        assertThat(terminal.text()).contains("Cancelled: no notes were taken.");
        RecordingValidator validator = validators.get(0);
        assertThat(validator.started).isTrue();
        assertThat(validator.disables.get()).isPositive();
        assertThat(validator.closed).isTrue();
        assertThat(simulators.get(0).isInhibited()).isTrue();
        assertThat(simulators.get(0).stackedNotes()).isEmpty();
        assertThat(server.transactionsOf(machine)).isEmpty();
    }

    @Test
    void cancelAfterANoteIsRefusedBecauseTheCashIsAlreadyInTheBox() throws Exception {
        // the command's own simulated acceptor, as `lnteller kiosk --validator simulated` runs it
        CompletableFuture<Integer> kiosk = kiosk(Acceptors.id003(Id003Settings.defaults()), "--validator", "simulated");
        terminal.await("Scan the customer's");
        terminal.type(amountlessInvoice());
        terminal.type("insert 5");
        terminal.await("Counted 5 USD.");
        terminal.type("cancel");
        terminal.await("Cancel is not possible: 5 USD is in the cash box. Type send to receive the sats.");
        terminal.close();

        assertThat(exitOf(kiosk)).as("not paid: the input ended").isEqualTo(1);
        assertThat(terminal.text()).contains("stays open on the server for the operator");
        JsonNode tx = onlyTransaction();
        assertThat(tx.path("status").asText()).isEqualTo("pending");
        assertThat(tx.path("fiat").asInt()).isEqualTo(5);
        assertThat(tx.path("send").asBoolean()).isFalse();
    }

    @Test
    void aMachineWithoutItsEnvFileSaysWhatIsMissingAndTakesNoNotes() throws Exception {
        Files.writeString(dotEnv, "# nothing provisioned yet\n");
        CompletableFuture<Integer> kiosk = kiosk("--validator", "simulated");

        assertThat(exitOf(kiosk)).isEqualTo(1);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("LNTELLER_SERVER_URL is not set");
        assertThat(validators).isEmpty();
    }

    /** The real driver, with a record of how the kiosk treated it. */
    private static final class RecordingValidator implements BillValidator {
        private final BillValidator delegate;
        volatile boolean started;
        volatile boolean closed;
        final AtomicInteger disables = new AtomicInteger();

        RecordingValidator(BillValidator delegate) {
            this.delegate = delegate;
        }

        @Override
        public void start(BillValidatorListener listener) {
            started = true;
            delegate.start(listener);
        }

        @Override
        public void enable() {
            delegate.enable();
        }

        @Override
        public void disable() {
            disables.incrementAndGet();
            delegate.disable();
        }

        @Override
        public void close() {
            closed = true;
            delegate.close();
        }
    }
}
