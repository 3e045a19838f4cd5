package org.lnteller.core.internal.machine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The hex SHA-256 of a canonical encoding of a value made of records, lists, optionals, strings,
 * numbers, booleans and enums: equal values have equal fingerprints, and a change of any part,
 * however deep, changes it. Every record component is encoded by reflection, so a field added to
 * the static configuration counts without anyone remembering to add it here.
 *
 * <p>The encoding is injective: strings carry their length, lists their size, records their type
 * and component names, so no two different values encode alike.
 */
public final class Fingerprint {
    private Fingerprint() {}

    /** Hex SHA-256 (64 lowercase characters) of the encoding of {@code values}, in order. */
    public static String of(Object... values) {
        StringBuilder out = new StringBuilder();
        for (Object value : values) encode(value, out);
        return sha256Hex(out.toString());
    }

    /** Lowercase hex SHA-256 of {@code text}'s UTF-8 bytes. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void encode(Object value, StringBuilder out) {
        if (value == null) {
            out.append('N');
        } else if (value instanceof Record record) {
            out.append("R").append(record.getClass().getName()).append('{');
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                out.append(component.getName()).append('=');
                encode(read(component, record), out);
            }
            out.append('}');
        } else if (value instanceof Optional<?> optional) {
            if (optional.isEmpty()) out.append('E');
            else encode(optional.get(), out.append('O'));
        } else if (value instanceof Collection<?> items) {
            // Sets are encoded sorted by their own encoding, so that iteration order does not count.
            List<String> encoded = new ArrayList<>();
            for (Object item : items) {
                StringBuilder one = new StringBuilder();
                encode(item, one);
                encoded.add(one.toString());
            }
            if (!(items instanceof List)) encoded.sort(null);
            out.append('L').append(encoded.size()).append('[');
            encoded.forEach(out::append);
            out.append(']');
        } else if (value instanceof BigDecimal decimal) {
            text("D", decimal.toPlainString(), out);
        } else if (value instanceof String string) {
            text("S", string, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            text("P", value.toString(), out);
        } else if (value instanceof Enum<?> constant) {
            text("C", constant.getDeclaringClass().getName() + "." + constant.name(), out);
        } else if (value instanceof Currency currency) {
            text("F", currency.getCurrencyCode(), out);
        } else if (value instanceof ZoneId zone) {
            text("Z", zone.getId(), out);
        } else {
            throw new IllegalArgumentException(
                    "no canonical encoding for " + value.getClass().getName());
        }
    }

    private static void text(String tag, String text, StringBuilder out) {
        out.append(tag).append(text.length()).append(':').append(text);
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot read " + component.getName() + " of "
                            + record.getClass().getName(),
                    e);
        }
    }
}
