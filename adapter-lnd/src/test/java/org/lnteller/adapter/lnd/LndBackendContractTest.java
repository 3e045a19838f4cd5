package org.lnteller.adapter.lnd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.lnteller.adapter.lnd.fake.FakeLnd;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.ForeignInvoice;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendContract;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;

/** The port's contract, met by the LND adapter against the stand-in over HTTPS, every request checked against lnd's swagger. */
class LndBackendContractTest extends LightningBackendContract {
    private FakeLnd fake;
    private LndBackend backend;

    @Override
    protected LightningBackend newBackend(Satoshi startingBalance) {
        try {
            fake = FakeLnd.start(Network.MAINNET, startingBalance.sat());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        backend = TestLnd.backend(TestLnd.settings(fake));
        return backend;
    }

    @AfterEach
    void everyRequestWasOneLndDescribes() {
        if (backend != null) backend.close();
        if (fake != null) {
            fake.close();
            assertThat(fake.violations()).as("requests outside lnd's swagger").isEmpty();
            assertThat(fake.seenMacaroons())
                    .as("every request carried the macaroon")
                    .allMatch(m -> m.equals(fake.macaroonHex()));
        }
    }

    @Override
    protected void payFromOutside(CreatedInvoice invoice) {
        fake.payInvoice(invoice.paymentHash());
    }

    @Override
    protected void expire(CreatedInvoice invoice) {
        fake.expireInvoice(invoice.paymentHash());
    }

    @Override
    protected ForeignInvoice invoiceFromElsewhere(Optional<Satoshi> amount) {
        FakeLnd.Foreign f =
                fake.foreignInvoice(amount.map(a -> a.toMilliSatoshi().msat()), Duration.ofHours(1));
        return new ForeignInvoice(Bolt11.decode(f.bolt11()));
    }

    @Override
    protected MilliSatoshi maxFee() {
        return Satoshi.of(1_000).toMilliSatoshi();
    }
}
