package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.DispenseReport;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;
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
        TxId id = Fields.optional(body, "id")
                .map(node -> txId(Fields.text(node, "id", 64)))
                .orElseGet(newTxId);
        Direction direction = direction(Fields.required(body, "direction"));
        Optional<JsonNode> cryptoCode = Fields.optional(body, "cryptoCode");
        if (cryptoCode.isEmpty()
                || !cryptoCode.get().isTextual()
                || !"LN".equals(cryptoCode.get().asText())) {
            throw InvalidRequest.withMessage(
                    "cryptoCode", "this server speaks Lightning only: cryptoCode must be \"LN\"");
        }
        long txVersion = Fields.wholeNumber(Fields.required(body, "txVersion"), "txVersion", Long.MAX_VALUE);
        Currency currency = Fields.optional(body, "fiatCode")
                .map(node -> Fields.currency(node, "fiatCode"))
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
        List<DispenseReport> dispensed = List.of();
        Optional<ArrayNode> billsNode = Fields.optional(body, "bills")
                .filter(node -> direction == Direction.CASH_IN || node.isArray())
                .map(node -> Fields.array(node, "bills", MAX_BILLS));
        if (billsNode.isPresent()) {
            if (direction == Direction.CASH_IN) {
                bills = stackedBills(billsNode.get(), currency);
            } else if (dispenseConfirmed) {
                // before dispenseConfirmed the machine only echoes what the server provisioned: it tells nothing new
                dispensed = dispenseReports(billsNode.get());
            }
        }
        Pricing pricing = pricing(body, currency);
        try {
            return new MachinePost(
                    id,
                    direction,
                    txVersion,
                    fiat,
                    new Satoshi(sats),
                    toAddress,
                    bills,
                    request(direction, send, dispense, dispenseConfirmed, dispensed),
                    pricing);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("body", e.getMessage());
        }
    }

    /**
     * Lamassu's flags as the request they make: only the flags of the post's direction count
     * ({@code send} for a cash-in; {@code dispense} and {@code dispenseConfirmed} for a cash-out).
     */
    static MachineRequest request(
            Direction direction,
            boolean send,
            boolean dispense,
            boolean dispenseConfirmed,
            List<DispenseReport> reports) {
        return switch (direction) {
            case CASH_IN -> send ? new MachineRequest.Send() : new MachineRequest.Nothing();
            case CASH_OUT ->
                dispenseConfirmed
                        ? (dispense
                                ? new MachineRequest.DispenseReported(reports)
                                : new MachineRequest.UnaskedDispenseReport(reports))
                        : dispense ? new MachineRequest.Dispense() : new MachineRequest.Nothing();
        };
    }

    /** Lamassu machines always send a UUID (any version, any case); anything else is someone else's client. */
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static TxId txId(String text) {
        if (!UUID.matcher(text).matches()) {
            throw InvalidRequest.withMessage(
                    "id",
                    "id must be a UUID such as 6a0f1b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b, not \"" + Fields.abbreviate(text)
                            + "\"");
        }
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
            throw InvalidRequest.withMessage(
                    "direction",
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
                    field + ".denomination",
                    currency);
            if (denomination.isZero()) throw InvalidRequest.of(field + ".denomination", "must be more than zero");
            bills.add(new Bill(denomination));
        }
        return bills;
    }

    /**
     * Cash-out {@code dispenseConfirmed}: each entry is what came out of one cassette, named
     * {@code "cassetteN"} or else by its position. Never refused: after a partial or failed dispense
     * the machine sends what it has (entries without {@code denomination} or counts), and a 400
     * would leave notes that are already out unrecorded. What cannot be read is left out.
     */
    private static List<DispenseReport> dispenseReports(ArrayNode array) {
        List<DispenseReport> reports = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof ObjectNode entry)) continue;
            OptionalInt cassette = OptionalInt.empty();
            JsonNode name = entry.get("name");
            if (name != null && name.isTextual()) {
                Matcher m = CASSETTE_NAME.matcher(name.asText());
                if (m.matches()) cassette = OptionalInt.of(Integer.parseInt(m.group(1)));
            }
            reports.add(new DispenseReport(
                    i + 1, cassette, lenientCount(entry.get("dispensed")), lenientCount(entry.get("rejected"))));
        }
        return reports;
    }

    /** {@code cassette1} .. {@code cassette9999}: Lamassu's names, 1-based in dispenser order. */
    private static final Pattern CASSETTE_NAME = Pattern.compile("cassette([1-9][0-9]{0,3})");

    /** A whole, non-negative count as a number or a numeric string; anything else is no count. */
    private static OptionalInt lenientCount(JsonNode node) {
        if (node == null || node.isNull()) return OptionalInt.empty();
        try {
            BigDecimal value = node.isNumber()
                    ? node.decimalValue()
                    : new BigDecimal(node.asText().strip());
            if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(MAX_NOTES)) > 0) return OptionalInt.empty();
            return OptionalInt.of(value.intValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalInt.empty();
        }
    }

    private static Pricing pricing(ObjectNode body, Currency currency) {
        return new Pricing(
                Fields.optional(body, "rawTickerPrice").map(node -> Fields.decimal(node, "rawTickerPrice")),
                Fields.optional(body, "commissionPercentage").map(node -> Fields.decimal(node, "commissionPercentage")),
                Fields.optional(body, "cashInFee").map(node -> Fields.fiat(node, "cashInFee", currency)),
                Fields.optional(body, "minimumTx").map(node -> Fields.fiat(node, "minimumTx", currency)));
    }
}
