package org.lnteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.cli.InvoiceCommand;
import org.lnteller.codec.Network;
import org.lnteller.codec.bech32.Bech32;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.SimulatedPayments.Result;

class InvoiceCommandTest {
    @TempDir
    Path data;

    private final SettableClock clock = new SettableClock(Instant.now());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new InvoiceCommand(env, clock, new SecureRandom())
                .run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private int run(String... args) {
        return run(Map.of("LNTELLER_DATA_DIR", data.toString()), args);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private SimulatedLightning wallet() {
        return SimulatedLightning.open(
                data, Network.REGTEST, clock, new SecureRandom(), Satoshi.of(1_000_000), Satoshi.of(1_500_000));
    }

    /** The tag letters of an invoice's fields. */
    private static String tags(String bolt11) {
        byte[] w = Bech32.decode(bolt11).words();
        StringBuilder tags = new StringBuilder();
        for (int pos = 7; pos + 3 <= w.length - 104; pos += 3 + ((w[pos + 1] << 5) | w[pos + 2])) {
            tags.append("qpzry9x8gf2tvdw0s3jn54khce6mua7l".charAt(w[pos]));
        }
        return tags.toString();
    }

    @Test
    void anInvoiceForSomeSatsIsSignedByTheDataFoldersNodeWithoutAPayeeField() {
        SimulatedLightning server = wallet();

        assertThat(run("--sats", "25000")).as(err.toString()).isZero();

        Bolt11Invoice invoice = Bolt11.decode(printed());
        assertThat(invoice.network()).isEqualTo(Network.REGTEST);
        assertThat(invoice.amountMsat()).hasValue(25_000_000);
        assertThat(invoice.payee()).isEqualTo(server.nodeId());
        assertThat(tags(printed())).contains("s").contains("p").doesNotContain("n");
        assertThat(invoice.expiry()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theRunningWalletSettlesItWhenPaidByPayAndOnlyOnce() {
        SimulatedLightning server = wallet(); // open before the command: the server is running
        assertThat(run("--sats", "25000")).isZero();
        Bolt11Invoice invoice = Bolt11.decode(printed());

        assertThat(server.invoiceStatus(PaymentHash.of(invoice.paymentHash().toArray())))
                .isEqualTo(InvoiceStatus.PENDING);
        assertThat(server.payInvoice(PaymentHash.of(invoice.paymentHash().toArray())))
                .isEqualTo(Result.PAID);
        assertThat(server.payInvoice(PaymentHash.of(invoice.paymentHash().toArray())))
                .isEqualTo(Result.ALREADY_PAID);
        assertThat(server.balance().available()).isEqualTo(MilliSatoshi.of(1_025_000_000));
        assertThat(data.resolve(SimulatedLightning.INBOX_DIR)).isEmptyDirectory();
    }

    @Test
    void aWalletOpenedLaterFindsTheInvoiceAndKeepsItAcrossARestart() {
        assertThat(run("--sats", "1000")).isZero();
        Bolt11Invoice invoice = Bolt11.decode(printed());

        assertThat(wallet().invoiceStatus(PaymentHash.of(invoice.paymentHash().toArray())))
                .isEqualTo(InvoiceStatus.PENDING);
        assertThat(wallet().payInvoice(PaymentHash.of(invoice.paymentHash().toArray())))
                .isEqualTo(Result.PAID);
        assertThat(wallet().invoiceStatus(PaymentHash.of(invoice.paymentHash().toArray())))
                .isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void anAmountlessInvoicePaidByTheSameWalletIsCreditedWhatWasPaid() {
        SimulatedLightning server = wallet();
        assertThat(run("--amountless")).isZero();
        Bolt11Invoice invoice = Bolt11.decode(printed());
        assertThat(invoice.amountMsat()).isEmpty();

        PaymentOutcome outcome = server.pay(
                new PaymentRequest(invoice, Optional.of(MilliSatoshi.of(30_000_000)), MilliSatoshi.of(1_000_000)));

        assertThat(outcome).isInstanceOf(PaymentOutcome.Succeeded.class);
        assertThat(server.invoiceStatus(PaymentHash.of(invoice.paymentHash().toArray())))
                .isEqualTo(InvoiceStatus.PAID);
        // paid 30,000 sats plus a fee, and received the 30,000: only the fee is gone
        MilliSatoshi fee = ((PaymentOutcome.Succeeded) outcome).fee();
        assertThat(server.balance().available())
                .isEqualTo(MilliSatoshi.of(1_000_000_000).minus(fee));
        assertThat(wallet().balance().available())
                .as("and so after a restart")
                .isEqualTo(server.balance().available());
    }

    @Test
    void theInvoicesPreimageIsKeptOwnerOnly() throws Exception {
        assertThat(run("--sats", "1000")).isZero();

        try (var files = Files.list(data.resolve(SimulatedLightning.INBOX_DIR))) {
            Path file = files.findFirst().orElseThrow();
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(Files.getPosixFilePermissions(file))
                        .extracting(Object::toString)
                        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            }
        }
    }

    @Test
    void badArgumentsAreAUsageErrorAndARealBackendIsRefused() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--sats", "0")).isEqualTo(2);
        assertThat(run("--sats", "ten")).isEqualTo(2);
        assertThat(run("--sats", "10", "--amountless")).isEqualTo(2);
        assertThat(run(
                        Map.of(
                                "LNTELLER_DATA_DIR",
                                data.toString(),
                                "LIGHTNING_BACKEND",
                                "galoy",
                                "GALOY_API_KEY",
                                "k",
                                "GALOY_WALLET_ID",
                                "w"),
                        "--sats",
                        "10"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("simulated");
        assertThat(out.toString()).isEmpty();
    }
}
