package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lnteller.ports.model.FiatAmount;

/**
 * Typed reads of JSON fields for the request parsers. Every failure is an {@link InvalidRequest}
 * naming the field. Machines send numbers either as JSON numbers or as strings (Lamassu's
 * BigNumber), so both are accepted; strings must be plain decimals (no exponent, no sign but '-').
 */
final class Fields {
    /**
     * Whole-unit amounts and prices have at most this many integer digits: 10^15 is beyond any
     * ATM's amount or any BTC price, and keeps minor units (at most 3 decimals) inside a long.
     */
    static final int MAX_INTEGER_DIGITS = 15;
    /** Enough decimal places for any price or percentage a machine echoes. */
    static final int MAX_FRACTION_DIGITS = 18;

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,40}(\\.[0-9]{1,40})?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,40}");

    private Fields() {}

    /** The field's value, empty when absent or JSON null. */
    static Optional<JsonNode> optional(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    static JsonNode required(ObjectNode object, String field) {
        return optional(object, field).orElseThrow(() -> InvalidRequest.of(field, "is required"));
    }

    static String text(JsonNode node, String field, int maxLength) {
        if (!node.isTextual()) throw InvalidRequest.of(field, "must be a string");
        String text = node.textValue();
        if (text.length() > maxLength) throw InvalidRequest.of(field, "must be at most " + maxLength + " characters");
        return text;
    }

    /** A flag: absent or null is false; anything but a JSON boolean is refused. */
    static boolean flag(ObjectNode object, String field) {
        Optional<JsonNode> node = optional(object, field);
        if (node.isEmpty()) return false;
        if (!node.get().isBoolean()) throw InvalidRequest.of(field, "must be true or false");
        return node.get().booleanValue();
    }

    static ObjectNode object(JsonNode node, String field) {
        if (!node.isObject()) throw InvalidRequest.of(field, "must be a JSON object");
        return (ObjectNode) node;
    }

    static ArrayNode array(JsonNode node, String field, int maxEntries) {
        if (!node.isArray()) throw InvalidRequest.of(field, "must be an array");
        if (node.size() > maxEntries) throw InvalidRequest.of(field, "must have at most " + maxEntries + " entries");
        return (ArrayNode) node;
    }

    /**
     * A non-negative decimal, a JSON number or a decimal string, with trailing zeros stripped and
     * a scale of at least 0. The magnitude is checked before anything scales it, so "1e400" or
     * "1e-999999999" costs nothing.
     */
    static BigDecimal decimal(JsonNode node, String field) {
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            String text = node.textValue();
            if (!DECIMAL.matcher(text).matches()) {
                throw InvalidRequest.of(
                        field, "must be a decimal number such as \"12.50\", not \"" + abbreviate(text) + "\"");
            }
            value = new BigDecimal(text);
        } else {
            throw InvalidRequest.of(field, "must be a number or a decimal string");
        }
        if (value.signum() < 0) throw InvalidRequest.of(field, "must not be negative");
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS)
            throw InvalidRequest.of(field, "is too large");
        if (stripped.scale() > MAX_FRACTION_DIGITS) throw InvalidRequest.of(field, "has too many decimal places");
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** A non-negative whole number up to {@code max}, a JSON number or a string of digits. */
    static long wholeNumber(JsonNode node, String field, long max) {
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            String text = node.textValue();
            if (!INTEGER.matcher(text).matches()) {
                throw InvalidRequest.of(field, "must be a whole number, not \"" + abbreviate(text) + "\"");
            }
            value = new BigDecimal(text);
        } else {
            throw InvalidRequest.of(field, "must be a whole number");
        }
        if (value.signum() < 0) throw InvalidRequest.of(field, "must not be negative");
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 0) throw InvalidRequest.of(field, "must be a whole number");
        // 19 digits reach past Long.MAX_VALUE; anything longer is refused before it is built
        if (stripped.precision() - stripped.scale() > 19) throw InvalidRequest.of(field, "must be at most " + max);
        BigInteger whole = stripped.toBigIntegerExact();
        if (whole.compareTo(BigInteger.valueOf(max)) > 0) throw InvalidRequest.of(field, "must be at most " + max);
        return whole.longValueExact();
    }

    static int count(JsonNode node, String field, int max) {
        return (int) wholeNumber(node, field, max);
    }

    /** An amount in whole units of {@code currency} ("12.50" USD), refusing sub-minor-unit fractions. */
    static FiatAmount fiat(JsonNode node, String field, Currency currency) {
        BigDecimal major = decimal(node, field);
        int digits = currency.getDefaultFractionDigits();
        if (major.scale() > digits) {
            throw InvalidRequest.of(
                    field, "has more than " + digits + " decimal places for " + currency.getCurrencyCode());
        }
        try {
            return FiatAmount.ofMajor(currency, major);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw InvalidRequest.of(field, "is not an amount of " + currency.getCurrencyCode());
        }
    }

    /** An ISO 4217 code of a currency that has minor units (not gold, not "XXX"). */
    static Currency currency(JsonNode node, String field) {
        String code = text(node, field, 3);
        Currency currency;
        try {
            currency = FiatAmount.currency(code);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.of(field, "must be an ISO 4217 currency code, not \"" + abbreviate(code) + "\"");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw InvalidRequest.of(field, "must be a currency of banknotes, not " + code);
        }
        return currency;
    }

    /** Echoes of client input in messages stay short. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
