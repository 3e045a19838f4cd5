package org.lnteller.adapter.phoenixd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.lnteller.adapter.phoenixd.standin.PhoenixdStandIn;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.ForeignInvoice;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendContract;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;

/** The port's contract, on the phoenixd stand-in, which fails the test on any call phoenixd would not take. */
class PhoenixdContractTest extends LightningBackendContract {
    private PhoenixdStandIn standIn;
    private PhoenixdBackend backend;

    @Override
    protected LightningBackend newBackend(Satoshi startingBalance) {
        standIn = PhoenixdStandIn.start(startingBalance.sat());
        backend = new PhoenixdBackend(TestPhoenixd.settings(standIn));
        return backend;
    }

    @Override
    protected void payFromOutside(CreatedInvoice invoice) {
        standIn.payIncoming(invoice.paymentHash());
    }

    @Override
    protected void expire(CreatedInvoice invoice) {
        standIn.expire(invoice.paymentHash());
    }

    @Override
    protected ForeignInvoice invoiceFromElsewhere(Optional<Satoshi> amount) {
        PhoenixdStandIn.Foreign f = standIn.foreignInvoice(amount.map(Satoshi::sat));
        return new ForeignInvoice(Bolt11.decode(f.bolt11()));
    }

    @Override
    protected MilliSatoshi maxFee() {
        return Satoshi.of(1_000).toMilliSatoshi();
    }

    @AfterEach
    void everyCallWasOnePhoenixdTakes() {
        if (backend != null) backend.close();
        if (standIn != null) {
            assertThat(standIn.violations()).as("calls phoenixd would refuse").isEmpty();
            standIn.close();
        }
    }
}
