package org.lnteller.ports.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;

class MachinePostFingerprintTest {

    private static MachinePost everything() {
        return new MachinePost(
                TxId.of("045ef594-d81d-4f21-84d6-1151ed71260d"),
                Direction.CASH_OUT,
                4,
                FiatAmount.ofMajor("USD", "100"),
                Satoshi.of(546_448),
                Optional.of("lnbc1ünïcødé"),
                List.of(new Bill(FiatAmount.ofMajor("USD", "20"))),
                new MachineRequest.DispenseReported(
                        List.of(new DispenseReport(1, OptionalInt.of(2), OptionalInt.of(3), OptionalInt.empty()))),
                new Pricing(
                        Optional.of(new BigDecimal("18300.50")),
                        Optional.of(new BigDecimal("7.5")),
                        Optional.empty(),
                        Optional.of(FiatAmount.ofMajor("USD", "5"))));
    }

    @Test
    void aFixedPostHasAFixedFingerprintWhateverTheRecordsAreCalled() {
        // Pinned (computed independently from the encoding in the Javadoc): this digest is stored with every
        // transaction. If this test fails, stored
        // transactions no longer recognise their last post; see MachinePost#isRepeatOf.
        assertThat(everything().fingerprint()).isEqualTo("80be5984892330a06f154c23c0a7c58d");
    }

    @Test
    void everyFieldTakesPartInTheFingerprint() {
        MachinePost p = everything();
        List<MachinePost> variants = List.of(
                new MachinePost(
                        p.id(),
                        p.direction(),
                        5,
                        p.fiat(),
                        p.cryptoAtoms(),
                        p.toAddress(),
                        p.bills(),
                        p.request(),
                        p.pricing()),
                new MachinePost(
                        p.id(),
                        p.direction(),
                        p.txVersion(),
                        p.fiat(),
                        p.cryptoAtoms(),
                        Optional.empty(),
                        p.bills(),
                        p.request(),
                        p.pricing()),
                new MachinePost(
                        p.id(),
                        p.direction(),
                        p.txVersion(),
                        p.fiat(),
                        p.cryptoAtoms(),
                        Optional.of(""),
                        p.bills(),
                        p.request(),
                        p.pricing()),
                new MachinePost(
                        p.id(),
                        p.direction(),
                        p.txVersion(),
                        p.fiat(),
                        p.cryptoAtoms(),
                        p.toAddress(),
                        p.bills(),
                        new MachineRequest.Dispense(),
                        p.pricing()),
                new MachinePost(
                        p.id(),
                        p.direction(),
                        p.txVersion(),
                        p.fiat(),
                        p.cryptoAtoms(),
                        p.toAddress(),
                        p.bills(),
                        new MachineRequest.UnaskedDispenseReport(p.request().reports()),
                        p.pricing()),
                new MachinePost(
                        p.id(),
                        p.direction(),
                        p.txVersion(),
                        p.fiat(),
                        p.cryptoAtoms(),
                        p.toAddress(),
                        p.bills(),
                        new MachineRequest.DispenseReported(List.of(
                                new DispenseReport(1, OptionalInt.of(2), OptionalInt.of(3), OptionalInt.of(0)))),
                        p.pricing()),
                new MachinePost(
                        p.id(),
                        p.direction(),
                        p.txVersion(),
                        p.fiat(),
                        p.cryptoAtoms(),
                        p.toAddress(),
                        p.bills(),
                        p.request(),
                        new Pricing(
                                Optional.of(new BigDecimal("18300.5")),
                                p.pricing().commissionPercentage(),
                                Optional.empty(),
                                p.pricing().minimumTx())));
        for (MachinePost v : variants)
            assertThat(v.fingerprint()).as(v.toString()).isNotEqualTo(p.fingerprint());
    }

    @Test
    void aPostStoredUnderTheFormerFingerprintIsStillRecognisedAsARepeat() {
        MachinePost p = everything();
        assertThat(p.isRepeatOf(p.fingerprint())).isTrue();
        assertThat(p.isRepeatOf(p.legacyFingerprint())).isTrue();
        assertThat(p.isRepeatOf("00".repeat(16))).isFalse();
        assertThat(p.legacyFingerprint()).isNotEqualTo(p.fingerprint());
    }
}
