package org.lnteller.core.internal.tx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.TestInvoices;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.DispenseReport;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;
import org.lnteller.ports.tx.Pricing;

/** A machine post as a test writes it: start from a default and change one thing. */
final class Posts {
    static final AppId ATM = AppId.of("atm-1");
    static final AppId OTHER_ATM = AppId.of("atm-2");
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    static final String DESTINATION = "lnbcrt1customerinvoice";

    TxId id = TxId.of("tx-1");
    Direction direction = Direction.CASH_OUT;
    long version = 6;
    FiatAmount fiat = FiatAmount.ofMajor("USD", "100");
    Satoshi atoms = Satoshi.of(546_448);
    Optional<String> toAddress = Optional.empty();
    List<Bill> bills = new ArrayList<>();
    boolean send;
    boolean dispense;
    boolean dispenseConfirmed;
    List<DispenseReport> dispensed = new ArrayList<>();

    static Posts cashOut() {
        return new Posts();
    }

    static Posts cashIn() {
        Posts p = new Posts();
        p.direction = Direction.CASH_IN;
        p.toAddress = Optional.of(DESTINATION);
        p.fiat = FiatAmount.ofMajor("USD", "0");
        p.atoms = Satoshi.ZERO;
        return p;
    }

    Posts version(long v) {
        version = v;
        return this;
    }

    Posts fiat(String major) {
        fiat = FiatAmount.ofMajor("USD", major);
        return this;
    }

    Posts atoms(long sat) {
        atoms = Satoshi.of(sat);
        return this;
    }

    Posts dispense() {
        dispense = true;
        return this;
    }

    Posts dispenseConfirmed(DispenseReport... reports) {
        dispense = true;
        dispenseConfirmed = true;
        dispensed = List.of(reports);
        return this;
    }

    Posts send() {
        send = true;
        return this;
    }

    Posts toAddress(String a) {
        toAddress = Optional.ofNullable(a);
        return this;
    }

    Posts direction(Direction d) {
        direction = d;
        return this;
    }

    /** Stacks a bill: adds it and raises fiat and atoms as a machine would (1000 sat per dollar here). */
    Posts stack(int dollars) {
        bills.add(new Bill(FiatAmount.ofMajor("USD", Integer.toString(dollars))));
        fiat = fiat.plus(FiatAmount.ofMajor("USD", Integer.toString(dollars)));
        atoms = atoms.plus(Satoshi.of(dollars * 1000L));
        return this;
    }

    MachinePost post() {
        return new MachinePost(id, direction, version, fiat, atoms, toAddress, bills, request(), Pricing.NONE);
    }

    static CreatedInvoice invoiceFor(MachinePost post) {
        return TestInvoices.created(
                PaymentHash.fromHex("11".repeat(32)), post.cryptoAtoms().toMilliSatoshi(), T0, Duration.ofMinutes(30));
    }

    /** What a machine asks with these flags, read the way the wire mapping reads them. */
    private MachineRequest request() {
        if (direction == Direction.CASH_IN) return send ? new MachineRequest.Send() : new MachineRequest.Nothing();
        if (dispenseConfirmed) {
            return dispense
                    ? new MachineRequest.DispenseReported(dispensed)
                    : new MachineRequest.UnaskedDispenseReport(dispensed);
        }
        return dispense ? new MachineRequest.Dispense() : new MachineRequest.Nothing();
    }
}
