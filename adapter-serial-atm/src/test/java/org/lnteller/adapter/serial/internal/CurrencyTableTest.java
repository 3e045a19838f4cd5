package org.lnteller.adapter.serial.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.lnteller.adapter.serial.CountryCurrencies;
import org.lnteller.ports.model.FiatAmount;

/** CURRENCY ASSIGN: the acceptor's own table is the only source of denominations. */
class CurrencyTableTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @Test
    void aUsTableReadsAsDollarNotesByEscrowCode() {
        CurrencyTable table = CurrencyTable.parse(
                HEX.parseHex("61 01 01 00 62 01 00 00 63 01 05 00 64 01 01 01 65 01 02 01 66 01 05 01 67 01 01 02"));

        assertThat(table.notes(CountryCurrencies.builtIn()))
                .containsExactly(
                        java.util.Map.entry(0x61, usd("1")),
                        java.util.Map.entry(0x63, usd("5")),
                        java.util.Map.entry(0x64, usd("10")),
                        java.util.Map.entry(0x65, usd("20")),
                        java.util.Map.entry(0x66, usd("50")),
                        java.util.Map.entry(0x67, usd("100")));
    }

    @Test
    void bytesThatDoNotMakeAWholeEntryAreIgnored() {
        CurrencyTable table = CurrencyTable.parse(HEX.parseHex("65 01 02 01 10 21"));

        assertThat(table.entries()).containsExactly(new CurrencyTable.Entry(0x65, 0x01, 2, 1));
    }

    @Test
    void aTableRoundTripsThroughItsBytes() {
        byte[] bytes = HEX.parseHex("61 01 01 00 65 01 02 01");

        assertThat(CurrencyTable.parse(bytes).encode()).isEqualTo(bytes);
    }

    @Test
    void anUnknownCountryCodeIsRefusedNamingTheCodeAndTheWayOut() {
        CurrencyTable table = CurrencyTable.parse(HEX.parseHex("61 01 01 00 62 2a 05 00"));

        assertThatThrownBy(() -> table.notes(CountryCurrencies.builtIn()))
                .isInstanceOf(CurrencyTable.UnusableCurrencyTable.class)
                .hasMessageContaining("country code 0x2A")
                .hasMessageContaining("escrow code 0x62")
                .hasMessageContaining("--country-code 0x2A=");
    }

    @Test
    void anOperatorMayMapAFurtherCountryCode() {
        CurrencyTable table = CurrencyTable.parse(HEX.parseHex("61 2a 05 00 62 2a 02 01"));

        CountryCurrencies countries = CountryCurrencies.builtIn().with("0x2A=eur");

        assertThat(table.notes(countries).values())
                .containsExactly(FiatAmount.ofMajor("EUR", "5"), FiatAmount.ofMajor("EUR", "20"));
        assertThat(countries.currency(0x01)).contains(Currency.getInstance("USD"));
    }

    @Test
    void aMalformedMappingIsRefused() {
        assertThatThrownBy(() -> CountryCurrencies.builtIn().with("2A:EUR")).hasMessageContaining("0xNN=ISO");
        assertThatThrownBy(() -> CountryCurrencies.builtIn().with("0xZZ=EUR"))
                .hasMessageContaining("country code byte");
        assertThatThrownBy(() -> CountryCurrencies.builtIn().with("0x2A=EURO")).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> CountryCurrencies.builtIn().with("0x1FF=EUR")).hasMessageContaining("one byte");
    }

    @Test
    void aTableWithoutAnyAssignedNoteIsRefused() {
        assertThatThrownBy(
                        () -> CurrencyTable.parse(HEX.parseHex("61 01 00 00")).notes(CountryCurrencies.builtIn()))
                .hasMessageContaining("assigns no note");
    }

    @Test
    void anExponentBeyondAnyBanknoteIsRefused() {
        assertThatThrownBy(
                        () -> CurrencyTable.parse(HEX.parseHex("61 01 01 0a")).notes(CountryCurrencies.builtIn()))
                .hasMessageContaining("exponent 10");
    }

    @Test
    void anEscrowCodeListedTwiceIsRefused() {
        assertThatThrownBy(() -> CurrencyTable.parse(HEX.parseHex("61 01 01 00 61 01 05 00"))
                        .notes(CountryCurrencies.builtIn()))
                .hasMessageContaining("appears twice");
    }

    private static FiatAmount usd(String major) {
        return FiatAmount.ofMajor("USD", major);
    }
}
