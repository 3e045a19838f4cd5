package org.lnteller.adapter.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.validator.BillEvent;
import org.lnteller.ports.validator.BillValidator;
import org.lnteller.ports.validator.RecordingBillValidatorListener;

/**
 * The driver on a real serial port: jSerialComm on one end of a socat pseudo-terminal pair, the
 * simulator on the other, at the driver's default timing, as on a machine.
 */
@Timeout(60)
class PseudoTerminalTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void notesPresentedAtTheFarEndOfAPseudoTerminalAreCreditedOnce() throws Exception {
        try (SocatPair pair = SocatPair.start();
                Id003Simulator simulator = Id003Simulator.usd()) {
            SerialLink device = SerialLinks.serialPort(pair.second()).open();
            simulator.script("20,reject,5");
            simulator.serve(device);
            RecordingBillValidatorListener record = new RecordingBillValidatorListener();
            BillValidator validator = Id003BillValidators.serialPort(pair.first());
            BillEvent.Ready ready;
            try {
                validator.start(record);
                ready = record.awaitFirst(BillEvent.Ready.class, WAIT);
                validator.enable();
                record.awaitCount(BillEvent.Stacked.class, 2, WAIT);
            } finally {
                validator.close();
                device.close();
            }

            assertThat(ready.version()).isEqualTo(Id003Simulator.DEFAULT_VERSION);
            assertThat(record.events(BillEvent.Stacked.class))
                    .containsExactly(
                            new BillEvent.Stacked(FiatAmount.ofMajor("USD", "20")),
                            new BillEvent.Stacked(FiatAmount.ofMajor("USD", "5")));
            assertThat(record.events(BillEvent.Rejected.class)).containsExactly(new BillEvent.Rejected("denomination"));
            assertThat(record.events(BillEvent.Disconnected.class)).isEmpty();
        }
    }

    @Test
    void aPseudoTerminalThatDisappearsIsReportedDisconnected() throws Exception {
        try (Id003Simulator simulator = Id003Simulator.usd()) {
            RecordingBillValidatorListener record = new RecordingBillValidatorListener();
            BillValidator validator;
            String path;
            try (SocatPair pair = SocatPair.start()) {
                path = pair.first();
                simulator.serve(SerialLinks.serialPort(pair.second()).open());
                validator = Id003BillValidators.serialPort(path);
                validator.start(record);
                record.awaitFirst(BillEvent.Ready.class, WAIT);
            }
            try {
                BillEvent.Disconnected gone = record.awaitFirst(BillEvent.Disconnected.class, WAIT);

                assertThat(gone.cause()).contains(path);
            } finally {
                validator.close();
            }
        }
    }
}
