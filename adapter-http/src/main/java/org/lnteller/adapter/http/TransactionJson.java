package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.tx.TxError;

/**
 * A transaction as a Lamassu machine reads it back: camelCase, {@code fiat} in whole units as a
 * JSON number, {@code cryptoAtoms} as a string (Lamassu's BigNumber), absent values as null.
 */
final class TransactionJson {
    private TransactionJson() {}

    static ObjectNode of(Transaction tx) {
        ObjectNode json = Json.object();
        json.put("id", tx.id().value());
        json.put("direction", tx.direction().wire());
        json.put("txVersion", tx.txVersion());
        json.put("fiat", wholeUnits(tx.fiat()));
        json.put("fiatCode", tx.fiat().currency().getCurrencyCode());
        json.put("cryptoAtoms", Long.toString(tx.cryptoAtoms().sat()));
        json.put("cryptoCode", tx.cryptoCode());
        json.put("isLightning", true);
        json.putNull("layer2Address");
        json.put("status", tx.wireStatus());
        pricing(json, tx.pricing());
        json.put("error", tx.error().map(TxError::message).orElse(null));
        json.put("errorCode", tx.error().map(TxError::code).orElse(null));
        json.put("created", tx.createdAt().toString());
        json.put("updated", tx.updatedAt().toString());
        tx.fold(
                in -> {
                    cashIn(json, in);
                    return json;
                },
                out -> {
                    cashOut(json, out);
                    return json;
                });
        return json;
    }

    /** The operator's view adds which machine the transaction belongs to. */
    static ObjectNode forOperator(Transaction tx) {
        ObjectNode json = of(tx);
        json.put("appId", tx.appId().value());
        return json;
    }

    private static void cashOut(ObjectNode json, CashOutTransaction tx) {
        json.put("toAddress", tx.invoice().bolt11());
        json.put("paymentHash", tx.invoice().paymentHash().hex());
        json.put("invoiceExpiresAt", tx.invoice().expiresAt().toString());
        // Lamassu's flags, derived from the cash-out's stage
        json.put("dispense", tx.state().askedToDispense());
        json.put("dispenseConfirmed", tx.state().dispenseReported());
        // Lamassu reads bills[i] as its cassette i: every cassette, in order, zeros included (see DispenseLine)
        ArrayNode bills = json.putArray("bills");
        for (int i = 0; i < tx.notes().size(); i++) {
            DispenseLine line = tx.notes().get(i);
            ObjectNode bill = bills.addObject();
            bill.put("name", "cassette" + (i + 1));
            bill.put("denomination", wholeUnits(line.denomination()));
            bill.put("provisioned", line.provisioned());
            putOptional(bill, "dispensed", line.dispensed());
            putOptional(bill, "rejected", line.rejected());
        }
        // what the machine reported dispensed, for the operator: may differ from fiat after a partial dispense
        json.put("dispensedFiat", tx.state().dispenseReported() ? wholeUnits(dispensedFiat(tx)) : null);
        json.put("priceFlagged", tx.priceFlagged());
    }

    private static FiatAmount dispensedFiat(CashOutTransaction tx) {
        FiatAmount total = FiatAmount.zero(tx.fiat().currency());
        for (DispenseLine line : tx.notes()) {
            if (line.dispensed().isPresent() && line.denomination().currency().equals(total.currency())) {
                total = total.plus(line.denomination().times(line.dispensed().getAsInt()));
            }
        }
        return total;
    }

    private static void cashIn(ObjectNode json, CashInTransaction tx) {
        json.put("toAddress", tx.toAddress());
        ArrayNode bills = json.putArray("bills");
        for (Bill bill : tx.bills()) {
            ObjectNode note = bills.addObject();
            note.put("denomination", wholeUnits(bill.denomination()));
            note.put("fiatCode", bill.denomination().currency().getCurrencyCode());
        }
        CashInPayment payment = tx.payment();
        json.put("send", payment.sendRequested());
        // Lamassu's flags, derived from the payment's stage: pending from the start of the payment on
        json.put("sendPending", payment.fold(SEND_PENDING));
        json.put("sendConfirmed", payment.fold(PAID).isPresent());
        json.put("paymentHash", payment.paymentHash().map(PaymentHash::hex).orElse(null));
        Optional<CashInPayment.Paid> paid = payment.fold(PAID);
        if (paid.isPresent()) json.put("fee", paid.get().fee().sat());
        else json.putNull("fee");
        json.put(
                "preimage",
                paid.flatMap(CashInPayment.Paid::preimage).map(Preimage::hex).orElse(null));
    }

    private static final CashInPayment.Cases<Boolean> SEND_PENDING =
            CashInPayment.Cases.of(c -> false, c -> false, c -> true, c -> true, c -> false, c -> false, c -> false);
    private static final CashInPayment.Cases<Optional<CashInPayment.Paid>> PAID = CashInPayment.Cases.of(
            c -> Optional.empty(),
            c -> Optional.empty(),
            c -> Optional.empty(),
            Optional::of,
            c -> Optional.empty(),
            c -> Optional.empty(),
            c -> Optional.empty());

    private static void pricing(ObjectNode json, Pricing pricing) {
        json.put("commissionPercentage", plain(pricing.commissionPercentage()));
        json.put("rawTickerPrice", plain(pricing.rawTickerPrice()));
        json.put(
                "cashInFee",
                pricing.cashInFee().map(TransactionJson::wholeUnits).orElse(null));
        json.put(
                "minimumTx",
                pricing.minimumTx().map(TransactionJson::wholeUnits).orElse(null));
    }

    private static void putOptional(ObjectNode json, String field, OptionalInt value) {
        if (value.isPresent()) json.put(field, value.getAsInt());
        else json.putNull(field);
    }

    private static @Nullable BigDecimal plain(Optional<BigDecimal> value) {
        return value.map(TransactionJson::plain).orElse(null);
    }

    /** Without trailing zeros and never in exponent form: 100.00 is written 100, 12.50 is 12.5. */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Whole currency units, as machines send and read {@code fiat}. */
    static BigDecimal wholeUnits(FiatAmount amount) {
        return plain(amount.toMajor());
    }
}
