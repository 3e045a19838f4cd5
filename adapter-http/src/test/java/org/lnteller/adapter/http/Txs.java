package org.lnteller.adapter.http;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutState;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.tx.TxError;

/** Transactions as the core would store them, for the fakes to answer with. */
final class Txs {
    static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant UPDATED = Instant.parse("2026-03-01T10:00:05Z");
    static final Instant EXPIRES = Instant.parse("2026-03-01T10:10:00Z");
    static final String BOLT11 = "lnbcrt5464480n1pjexample0000000000000000000000000000000000";
    static final PaymentHash HASH = PaymentHash.fromHex("11".repeat(32));
    static final Preimage PREIMAGE = Preimage.fromHex("22".repeat(32));

    private Txs() {}

    static CashOutTransaction cashOut(AppId app, String id, CashOutStatus status) {
        CashOutState state = switch (status) {
            case NOT_SEEN -> new CashOutState.AwaitingPayment();
            case CONFIRMED -> new CashOutState.Paid();
            case EXPIRED -> new CashOutState.Expired();
        };
        return new CashOutTransaction(
                TxId.of(id),
                app,
                1,
                FiatAmount.ofMajor("USD", "100"),
                Satoshi.of(546_448),
                new Pricing(
                        Optional.of(new BigDecimal("18300.50")),
                        Optional.of(new BigDecimal("7.5")),
                        Optional.empty(),
                        Optional.of(FiatAmount.ofMajor("USD", "5"))),
                new CashOutTransaction.Invoice(BOLT11, HASH, EXPIRES),
                state,
                false,
                Optional.empty(),
                CREATED,
                UPDATED,
                "");
    }

    static CashOutTransaction dispensed(AppId app, String id) {
        CashOutTransaction paid = cashOut(app, id, CashOutStatus.CONFIRMED);
        return new CashOutTransaction(
                paid.id(),
                app,
                3,
                paid.fiat(),
                paid.cryptoAtoms(),
                paid.pricing(),
                paid.invoice(),
                new CashOutState.Dispensed(List.of(
                        new DispenseLine(1, FiatAmount.ofMajor("USD", "20"), 4, OptionalInt.of(4), OptionalInt.of(0)),
                        new DispenseLine(
                                2, FiatAmount.ofMajor("USD", "10"), 2, OptionalInt.empty(), OptionalInt.empty()))),
                true,
                Optional.empty(),
                CREATED,
                UPDATED,
                "");
    }

    /** A paid $100 cash-out answered to its first dispense with these notes. */
    static CashOutTransaction dispensing(AppId app, String id, List<DispenseLine> notes) {
        CashOutTransaction paid = cashOut(app, id, CashOutStatus.CONFIRMED);
        return new CashOutTransaction(
                paid.id(),
                app,
                2,
                paid.fiat(),
                paid.cryptoAtoms(),
                paid.pricing(),
                paid.invoice(),
                new CashOutState.Dispensing(notes),
                false,
                Optional.empty(),
                CREATED,
                UPDATED,
                "");
    }

    static CashInTransaction cashIn(AppId app, String id) {
        return new CashInTransaction(
                TxId.of(id),
                app,
                6,
                FiatAmount.ofMajor("USD", "12.50"),
                Satoshi.of(20_000),
                new Pricing(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(FiatAmount.ofMajor("USD", "0.50")),
                        Optional.empty()),
                "lnbc200u1pcustomerinvoice",
                List.of(new Bill(FiatAmount.ofMajor("USD", "10")), new Bill(FiatAmount.ofMajor("USD", "2.50"))),
                new CashInPayment.Paid(HASH, Optional.of(PREIMAGE), Satoshi.of(3)),
                CREATED,
                UPDATED,
                "");
    }

    /** {@link #cashIn} whose payment failed instead: it keeps its error for the machine and the operator. */
    static CashInTransaction failedCashIn(AppId app, String id) {
        return cashIn(app, id)
                .withPayment(
                        new CashInPayment.Failed(
                                Optional.of(HASH), new TxError("routeNotFound", "no route to the destination")),
                        UPDATED);
    }

    /** What the core would answer to an accepted post: the post's own values, freshly stored. */
    static Transaction from(AppId app, MachinePost post) {
        return switch (post.direction()) {
            case CASH_OUT ->
                new CashOutTransaction(
                        post.id(),
                        app,
                        post.txVersion(),
                        post.fiat(),
                        post.cryptoAtoms(),
                        post.pricing(),
                        new CashOutTransaction.Invoice(BOLT11, HASH, EXPIRES),
                        // what the machine asked for, as the fakes echo it (the core would refuse it unpaid)
                        post.request()
                                .fold(
                                        n -> new CashOutState.AwaitingPayment(),
                                        s -> new CashOutState.AwaitingPayment(),
                                        d -> new CashOutState.DispenseRequested(),
                                        r -> new CashOutState.Dispensed(List.of()),
                                        u -> new CashOutState.AwaitingPayment()),
                        false,
                        Optional.empty(),
                        CREATED,
                        UPDATED,
                        post.fingerprint());
            case CASH_IN ->
                new CashInTransaction(
                        post.id(),
                        app,
                        post.txVersion(),
                        post.fiat(),
                        post.cryptoAtoms(),
                        post.pricing(),
                        post.toAddress().orElse(""),
                        post.bills(),
                        post.request().asksToSend()
                                ? new CashInPayment.SendRequested()
                                : new CashInPayment.Collecting(),
                        CREATED,
                        UPDATED,
                        post.fingerprint());
        };
    }
}
