package org.lnteller.adapter.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.ForeignInvoice;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendContract;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.SimulatedPayments;

/**
 * The simulated wallet keeps every promise of a {@link LightningBackend}. The world outside it is
 * played by the operator's {@link SimulatedPayments#payInvoice} (the payer), a settable clock
 * (time passing), and a second simulated node in its own folder (the customer's wallet).
 */
class SimulatedLightningTest extends LightningBackendContract {
    static final Satoshi LARGEST_ROUTABLE = Satoshi.of(1_500_000);

    @TempDir
    Path temp;

    /** Starts at a whole second, as invoices count whole seconds; shared by both nodes. */
    final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    private SimulatedLightning wallet;

    @Override
    protected LightningBackend newBackend(Satoshi startingBalance) {
        wallet = SimulatedLightning.open(
                temp.resolve("atm"), Network.REGTEST, clock, new SecureRandom(), startingBalance, LARGEST_ROUTABLE);
        return wallet;
    }

    @AfterEach
    void closeTheWallet() {
        if (wallet != null) wallet.close();
    }

    @Override
    protected void payFromOutside(CreatedInvoice invoice) {
        assertThat(wallet.payInvoice(invoice.paymentHash())).isEqualTo(SimulatedPayments.Result.PAID);
    }

    @Override
    protected void expire(CreatedInvoice invoice) {
        clock.advance(Duration.between(clock.instant(), invoice.expiresAt()).plusSeconds(1));
    }

    /**
     * An invoice of the customer's node: a second simulated wallet in its own folder. The port
     * issues invoices for an amount only, so an amount-less one is signed with that node's key
     * read from its key file, as the customer's own wallet software would sign it.
     */
    @Override
    protected ForeignInvoice invoiceFromElsewhere(Optional<Satoshi> amount) {
        Path customerDir = temp.resolve("customer");
        try (SimulatedLightning customer = SimulatedLightning.open(
                customerDir, Network.REGTEST, clock, new SecureRandom(), Satoshi.ZERO, LARGEST_ROUTABLE)) {
            if (amount.isPresent()) {
                CreatedInvoice invoice = customer.createInvoice(amount.get(), EXPIRY, "withdrawal at the ATM");
                return new ForeignInvoice(Bolt11.decode(invoice.bolt11()));
            }
        }
        Preimage preimage = Preimage.of(randomBytes());
        InvoiceDraft draft = InvoiceDraft.builder(
                        Network.REGTEST, ByteVector.of(preimage.paymentHash().bytes()), clock.instant())
                .paymentSecret(ByteVector.of(randomBytes()))
                .description("any amount")
                .expiry(EXPIRY)
                .feature(8)
                .feature(14)
                .build();
        return new ForeignInvoice(Bolt11.decode(Bolt11.encode(draft, keyOf(customerDir))));
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    /**
     * False: a payment to another node leaves the simulation, and only the payee knows the
     * preimage of its invoice; the simulator will not invent one (a made-up preimage would not hash
     * to the payment hash). It does report the preimage for invoices it issued itself.
     */
    @Override
    protected boolean reportsPreimages() {
        return false;
    }

    static byte[] keyOf(Path dataDir) {
        try {
            return HexFormat.of()
                    .parseHex(Files.readString(dataDir.resolve(SimulatedLightning.KEY_FILE))
                            .strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
