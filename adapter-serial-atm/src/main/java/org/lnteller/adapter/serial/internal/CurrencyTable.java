package org.lnteller.adapter.serial.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lnteller.adapter.serial.CountryCurrencies;
import org.lnteller.ports.model.FiatAmount;

/**
 * An acceptor's answer to CURRENCY ASSIGN (0x8A): one 4-byte entry per escrow code it can report,
 * {@code escrow code | country code | mantissa | exponent}, the note being worth
 * {@code mantissa x 10^exponent} whole units. Entries with mantissa 0 are unassigned slots.
 * Trailing bytes that do not make a whole entry are ignored (some firmware appends a boot version).
 *
 * <p>Immutable.
 */
public final class CurrencyTable {
    /** The largest exponent taken seriously: 10^9 whole units is beyond any banknote. */
    private static final int MAX_EXPONENT = 9;

    /** One entry, each field one byte (0..255). */
    public record Entry(int escrowCode, int countryCode, int mantissa, int exponent) {
        public Entry {
            for (int b : new int[] {escrowCode, countryCode, mantissa, exponent}) {
                if (b < 0 || b > 0xFF) throw new IllegalArgumentException("a currency table field is one byte: " + b);
            }
        }

        /** Unassigned slots carry mantissa 0. */
        public boolean assigned() {
            return mantissa != 0;
        }

        /** The note's value in whole currency units. */
        public BigDecimal value() {
            return BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent);
        }
    }

    /** The table cannot be turned into money: an unknown country code or a value the currency cannot hold. */
    public static final class UnusableCurrencyTable extends IllegalArgumentException {
        public UnusableCurrencyTable(String message) {
            super(message);
        }
    }

    private final List<Entry> entries;

    public CurrencyTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the data of a CURRENCY ASSIGN answer. */
    public static CurrencyTable parse(byte[] data) {
        List<Entry> entries = new ArrayList<>();
        for (int at = 0; at + 4 <= data.length; at += 4) {
            entries.add(new Entry(data[at] & 0xFF, data[at + 1] & 0xFF, data[at + 2] & 0xFF, data[at + 3] & 0xFF));
        }
        return new CurrencyTable(entries);
    }

    /** The data of a CURRENCY ASSIGN answer. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            out.write(e.escrowCode());
            out.write(e.countryCode());
            out.write(e.mantissa());
            out.write(e.exponent());
        }
        return out.toByteArray();
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * The notes of the assigned entries, by escrow code, in table order.
     *
     * @throws UnusableCurrencyTable when an assigned entry names a country code {@code countries} does
     *     not know, or a value its currency cannot hold; nothing is guessed
     */
    public Map<Integer, FiatAmount> notes(CountryCurrencies countries) {
        Map<Integer, FiatAmount> notes = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!e.assigned()) continue;
            Currency currency = countries
                    .currency(e.countryCode())
                    .orElseThrow(() -> new UnusableCurrencyTable(String.format(
                            "the acceptor reports country code 0x%02X for escrow code 0x%02X, which is not in the country table (%s);"
                                    + " add it as --country-code 0x%02X=<ISO code> once the acceptor's documentation confirms the currency",
                            e.countryCode(), e.escrowCode(), countries, e.countryCode())));
            if (e.exponent() > MAX_EXPONENT) {
                throw new UnusableCurrencyTable(String.format(
                        "escrow code 0x%02X has exponent %d, beyond any banknote", e.escrowCode(), e.exponent()));
            }
            FiatAmount note;
            try {
                note = FiatAmount.ofMajor(currency, e.value());
            } catch (IllegalArgumentException | ArithmeticException bad) {
                throw new UnusableCurrencyTable(
                        String.format("escrow code 0x%02X: %s", e.escrowCode(), bad.getMessage()));
            }
            if (notes.putIfAbsent(e.escrowCode(), note) != null) {
                throw new UnusableCurrencyTable(
                        String.format("escrow code 0x%02X appears twice in the table", e.escrowCode()));
            }
        }
        if (notes.isEmpty()) throw new UnusableCurrencyTable("the acceptor's currency table assigns no note");
        return Collections.unmodifiableMap(notes);
    }

    @Override
    public String toString() {
        return "CurrencyTable" + entries;
    }
}
