package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Pricing;

/**
 * Parses the body of a Lamassu machine's {@code POST /tx} into a {@link MachinePost}, or throws
 * {@link InvalidRequest}. Lamassu sends {@code fiat} in whole currency units and amounts as
 * numbers or strings; {@code deviceId}, {@code isLightning} and unknown fields are ignored (the
 * server knows the machine from its token).
 */
final class MachinePostParser {
    static final int MAX_BILLS = 200;
    static final int MAX_ADDRESS_LENGTH = 2048;
    /** More notes than any cassette holds, far below int overflow. */
    private static final int MAX_NOTES = 100_000;

    private final Currency defaultCurrency;
    private final Supplier<TxId> newTxId;

    /** @param newTxId the id of a post that has none (the seed's request shape carries no id) */
    MachinePostParser(Currency defaultCurrency, Supplier<TxId> newTxId) {
        this.defaultCurrency = Objects.requireNonNull(defaultCurrency, "defaultCurrency");
        this.newTxId = Objects.requireNonNull(newTxId, "newTxId");
    }

    MachinePost parse(ObjectNode body) {
        TxId id = Fields.optional(body, "id").map(node -> txId(Fields.text(node, "id", 64))).orElseGet(newTxId);
        Direction direction = direction(Fields.required(body, "direction"));
        Optional<JsonNode> cryptoCode = Fields.optional(body, "cryptoCode");
        if (cryptoCode.isPresent() && !"LN".equals(cryptoCode.get().asText(null))) {
            throw InvalidRequest.withMessage("cryptoCode", "this server speaks Lightning only: cryptoCode must be LN");
        }
        long txVersion = Fields.wholeNumber(Fields.required(body, "txVersion"), "txVersion", Long.MAX_VALUE);
        Currency currency = Fields.optional(body, "fiatCode").map(node -> Fields.currency(node, "fiatCode"))
                .orElse(defaultCurrency);
        FiatAmount fiat = Fields.fiat(Fields.required(body, "fiat"), "fiat", currency);
        long sats = Fields.wholeNumber(Fields.required(body, "cryptoAtoms"), "cryptoAtoms", Satoshi.MAX_SUPPLY.sat());
        Optional<String> toAddress = Fields.optional(body, "toAddress")
                .map(node -> Fields.text(node, "toAddress", MAX_ADDRESS_LENGTH).strip())
                .filter(address -> !address.isEmpty());
        boolean send = Fields.flag(body, "send");
        boolean dispense = Fields.flag(body, "dispense");
        boolean dispenseConfirmed = Fields.flag(body, "dispenseConfirmed");

        List<Bill> bills = List.of();
        List<DispenseLine> dispensed = List.of();
        Optional<ArrayNode> billsNode = Fields.optional(body, "bills").map(node -> Fields.array(node, "bills", MAX_BILLS));
        if (billsNode.isPresent()) {
            if (direction == Direction.CASH_IN) {
                bills = stackedBills(billsNode.get(), currency);
            } else {
                List<DispenseLine> lines = dispenseLines(billsNode.get(), currency);
                // before dispenseConfirmed the machine only echoes what the server provisioned: it tells nothing new
                if (dispenseConfirmed) dispensed = lines;
            }
        }
        Pricing pricing = pricing(body, currency);
        try {
            return new MachinePost(id, direction, txVersion, fiat, new Satoshi(sats), toAddress, bills, send, dispense,
                    dispenseConfirmed, dispensed, pricing);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("body", e.getMessage());
        }
    }

    private static TxId txId(String text) {
        try {
            return new TxId(text);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("id", e.getMessage());
        }
    }

    private static Direction direction(JsonNode node) {
        String text = Fields.text(node, "direction", 64);
        try {
            return Direction.fromWire(text);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("direction",
                    "direction must be \"cashIn\" (customer buys sats with bills) or \"cashOut\" (customer sells sats for notes), not \""
                            + Fields.abbreviate(text) + "\"");
        }
    }

    /** Cash-in: each entry is a stacked note, Lamassu's {@code {fiat, fiatCode}} or {@code {denomination, currency}}. */
    private static List<Bill> stackedBills(ArrayNode array, Currency txCurrency) {
        List<Bill> bills = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String field = "bills[" + i + "]";
            ObjectNode entry = Fields.object(array.get(i), field);
            Optional<JsonNode> code = Fields.optional(entry, "fiatCode").or(() -> Fields.optional(entry, "currency"));
            Currency currency = code.isPresent() ? Fields.currency(code.get(), field + ".fiatCode") : txCurrency;
            Optional<JsonNode> value = Fields.optional(entry, "denomination").or(() -> Fields.optional(entry, "fiat"));
            FiatAmount denomination = Fields.fiat(
                    value.orElseThrow(() -> InvalidRequest.of(field + ".denomination", "is required")),
                    field + ".denomination", currency);
            if (denomination.isZero()) throw InvalidRequest.of(field + ".denomination", "must be more than zero");
            bills.add(new Bill(denomination));
        }
        return bills;
    }

    /** Cash-out: each entry is a cassette, in cassette order, numbered from 1. */
    private static List<DispenseLine> dispenseLines(ArrayNode array, Currency currency) {
        List<DispenseLine> lines = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String field = "bills[" + i + "]";
            ObjectNode entry = Fields.object(array.get(i), field);
            FiatAmount denomination = Fields.fiat(Fields.required(entry, "denomination"), field + ".denomination", currency);
            if (denomination.isZero()) throw InvalidRequest.of(field + ".denomination", "must be more than zero");
            int provisioned = Fields.optional(entry, "provisioned")
                    .map(node -> Fields.count(node, field + ".provisioned", MAX_NOTES)).orElse(0);
            OptionalInt dispensed = optionalCount(entry, "dispensed", field);
            OptionalInt rejected = optionalCount(entry, "rejected", field);
            lines.add(new DispenseLine(i + 1, denomination, provisioned, dispensed, rejected));
        }
        return lines;
    }

    private static OptionalInt optionalCount(ObjectNode entry, String name, String field) {
        Optional<JsonNode> node = Fields.optional(entry, name);
        return node.isPresent() ? OptionalInt.of(Fields.count(node.get(), field + "." + name, MAX_NOTES)) : OptionalInt.empty();
    }

    private static Pricing pricing(ObjectNode body, Currency currency) {
        return new Pricing(
                Fields.optional(body, "rawTickerPrice").map(node -> Fields.decimal(node, "rawTickerPrice")),
                Fields.optional(body, "commissionPercentage").map(node -> Fields.decimal(node, "commissionPercentage")),
                Fields.optional(body, "cashInFee").map(node -> Fields.fiat(node, "cashInFee", currency)),
                Fields.optional(body, "minimumTx").map(node -> Fields.fiat(node, "minimumTx", currency)));
    }
}
