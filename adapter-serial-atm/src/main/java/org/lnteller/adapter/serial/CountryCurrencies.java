package org.lnteller.adapter.serial;

import java.util.Collections;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which ISO 4217 currency an ID-003 country code stands for. An acceptor's currency table names
 * each note's country by one byte of JCM's own numbering, not by ISO code, so the driver needs this
 * map to turn an escrow code into money.
 *
 * <p>The built-in map holds only what public drivers and traces of US firmware agree on:
 * {@code 0x01 = USD}. Other firmware (EUR, CAD, GBP, ...) reports codes the operator confirms from
 * the acceptor's documentation and adds with {@link #with} (the CLI's {@code --country-code 0xNN=EUR}).
 * A table naming a code this map does not know is refused as a whole: a guessed currency would
 * credit the wrong money.
 *
 * <p>Immutable.
 */
public final class CountryCurrencies {
    private static final CountryCurrencies BUILT_IN = new CountryCurrencies(Map.of(0x01, Currency.getInstance("USD")));

    private final Map<Integer, Currency> byCode;

    private CountryCurrencies(Map<Integer, Currency> byCode) {
        this.byCode = Collections.unmodifiableMap(new TreeMap<>(byCode));
    }

    /** The built-in map: {@code 0x01 = USD}. */
    public static CountryCurrencies builtIn() {
        return BUILT_IN;
    }

    /** This map plus (or with a replaced) {@code code -> currency}. */
    public CountryCurrencies with(int code, Currency currency) {
        if (code < 0 || code > 0xFF) throw new IllegalArgumentException("a country code is one byte: " + code);
        Map<Integer, Currency> more = new TreeMap<>(byCode);
        more.put(code, currency);
        return new CountryCurrencies(more);
    }

    /**
     * Adds one mapping written {@code 0xNN=ISO} (or {@code NN=ISO} in decimal), as an operator types it.
     *
     * @throws IllegalArgumentException when it is not of that form or the currency is not ISO 4217
     */
    public CountryCurrencies with(String mapping) {
        String[] parts = mapping.strip().split("=", -1);
        if (parts.length != 2)
            throw new IllegalArgumentException("a country code mapping is 0xNN=ISO, not '" + mapping + "'");
        int code;
        try {
            String number = parts[0].strip().toLowerCase(Locale.ROOT);
            code = number.startsWith("0x") ? Integer.parseInt(number.substring(2), 16) : Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a country code byte: '" + parts[0] + "'");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(parts[1].strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency: '" + parts[1] + "'");
        }
        return with(code, currency);
    }

    public Optional<Currency> currency(int code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** The country code of {@code currency}, the lowest when several map to it. */
    public Optional<Integer> code(Currency currency) {
        return byCode.entrySet().stream()
                .filter(e -> e.getValue().equals(currency))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** Every mapping, by code. */
    public Map<Integer, Currency> asMap() {
        return byCode;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        byCode.forEach((code, currency) ->
                s.append(s.length() == 0 ? "" : ", ").append(String.format("0x%02X=%s", code, currency)));
        return s.toString();
    }
}
