package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;

class MachinePostParserTest {
    private final MachinePostParser parser =
            new MachinePostParser(Currency.getInstance("USD"), () -> TxId.of("generated"));

    private MachinePost parse(String json) {
        return parser.parse(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPostWithoutAnIdGetsTheGeneratedOne() {
        assertThat(parse(
                                "{\"cryptoCode\":\"LN\",\"direction\":\"cashOut\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":0}")
                        .id())
                .isEqualTo(TxId.of("generated"));
    }

    @Test
    void fiatWithTrailingZerosBeyondTheCentsIsStillWholeCents() {
        MachinePost post = parse(
                "{\"cryptoCode\":\"LN\",\"direction\":\"cashOut\",\"fiat\":\"100.000\",\"cryptoAtoms\":1,\"txVersion\":0}");

        assertThat(post.fiat()).isEqualTo(FiatAmount.ofMinor("USD", 10_000));
    }

    @Test
    void yenHaveNoMinorUnitsAndWholeYenAreFine() {
        MachinePost post = parse(
                "{\"cryptoCode\":\"LN\",\"direction\":\"cashOut\",\"fiat\":1000,\"fiatCode\":\"JPY\",\"cryptoAtoms\":1,\"txVersion\":0}");

        assertThat(post.fiat()).isEqualTo(FiatAmount.ofMinor("JPY", 1000));
    }

    @Test
    void cashInBillsWithoutACurrencyTakeTheTransactions() {
        MachinePost post = parse("""
                {"cryptoCode":"LN","direction":"cashIn","fiat":20,"fiatCode":"EUR","cryptoAtoms":1,"txVersion":0,"bills":[{"fiat":20}]}""");

        assertThat(post.bills()).containsExactly(new Bill(FiatAmount.ofMajor("EUR", "20")));
    }

    @Test
    void aBlankDestinationIsNoDestination() {
        MachinePost post = parse(
                "{\"cryptoCode\":\"LN\",\"direction\":\"cashIn\",\"fiat\":0,\"cryptoAtoms\":0,\"txVersion\":0,\"toAddress\":\"  \"}");

        assertThat(post.toAddress()).isEqualTo(Optional.empty());
        assertThat(post.fiat().isZero()).as("zero is the core's to judge").isTrue();
    }

    @Test
    void aTickerPriceKeepsItsDecimalsExactly() {
        MachinePost post = parse("""
                {"cryptoCode":"LN","direction":"cashOut","fiat":1,"cryptoAtoms":1,"txVersion":0,"rawTickerPrice":0.1,"commissionPercentage":"2.50"}""");

        assertThat(post.pricing().rawTickerPrice()).contains(new BigDecimal("0.1"));
        assertThat(post.pricing().commissionPercentage()).contains(new BigDecimal("2.5"));
    }

    @Test
    @Timeout(2)
    void absurdExponentsAreRefusedWithoutComputingThem() {
        assertThatThrownBy(
                        () -> parse(
                                "{\"cryptoCode\":\"LN\",\"direction\":\"cashOut\",\"fiat\":1e-999999999,\"cryptoAtoms\":1,\"txVersion\":0}"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("fiat");
        assertThatThrownBy(
                        () -> parse(
                                "{\"cryptoCode\":\"LN\",\"direction\":\"cashOut\",\"fiat\":1,\"cryptoAtoms\":1e999999999,\"txVersion\":0}"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("cryptoAtoms");
    }

    @Test
    void anotherCryptoCodeIsRefusedWithTheSentenceOperatorsKnow() {
        assertThatThrownBy(
                        () -> parse(
                                "{\"direction\":\"cashOut\",\"cryptoCode\":\"BTC\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":0}"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage("this server speaks Lightning only: cryptoCode must be \"LN\"")
                .extracting(e -> ((InvalidRequest) e).field())
                .isEqualTo("cryptoCode");
    }

    @Test
    void aPostWithoutCryptoCodeOrWithANullOneIsRefused() {
        for (String body : List.of(
                "{\"direction\":\"cashOut\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":0}",
                "{\"direction\":\"cashOut\",\"cryptoCode\":null,\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":0}",
                "{\"direction\":\"cashOut\",\"cryptoCode\":\"ln\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":0}")) {
            assertThatThrownBy(() -> parse(body))
                    .as(body)
                    .isInstanceOf(InvalidRequest.class)
                    .extracting(e -> ((InvalidRequest) e).field())
                    .isEqualTo("cryptoCode");
        }
    }

    @Test
    void anIdThatIsNotAUuidIsRefusedAndAUuidInAnyCaseIsKept() {
        assertThatThrownBy(() -> parse("{\"id\":\"tx-1\",\"cryptoCode\":\"LN\",\"direction\":\"cashOut\",\"fiat\":1,"
                        + "\"cryptoAtoms\":1,\"txVersion\":0}"))
                .isInstanceOf(InvalidRequest.class)
                .extracting(e -> ((InvalidRequest) e).field())
                .isEqualTo("id");
        String upper = "6A0F1B8E-1C2D-4E5F-8A9B-0C1D2E3F4A5B";
        assertThat(parse("{\"id\":\"" + upper + "\",\"cryptoCode\":\"LN\",\"direction\":\"cashOut\",\"fiat\":1,"
                                + "\"cryptoAtoms\":1,\"txVersion\":0}")
                        .id())
                .isEqualTo(TxId.of(upper));
    }

    @Test
    void anUnknownDirectionSaysWhichTwoThereAre() {
        assertThatThrownBy(() -> parse(
                        "{\"cryptoCode\":\"LN\",\"direction\":\"sell\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":0}"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("\"cashIn\"")
                .hasMessageContaining("\"cashOut\"")
                .hasMessageContaining("\"sell\"");
    }

    @Test
    void lamassusFlagsBecomeTheRequestOfThePostsDirectionOnly() {
        String cashOut =
                "{\"cryptoCode\":\"LN\",\"direction\":\"cashOut\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":1%s}";
        String cashIn =
                "{\"cryptoCode\":\"LN\",\"direction\":\"cashIn\",\"fiat\":0,\"cryptoAtoms\":0,\"txVersion\":1%s}";

        assertThat(parse(cashOut.formatted("")).request()).isEqualTo(new MachineRequest.Nothing());
        assertThat(parse(cashOut.formatted(",\"send\":true")).request()).isEqualTo(new MachineRequest.Nothing());
        assertThat(parse(cashOut.formatted(",\"dispense\":true")).request()).isEqualTo(new MachineRequest.Dispense());
        assertThat(parse(cashOut.formatted(",\"dispense\":true,\"dispenseConfirmed\":true,\"bills\":[]"))
                        .request())
                .isEqualTo(new MachineRequest.DispenseReported(List.of()));
        assertThat(parse(cashOut.formatted(",\"dispenseConfirmed\":true")).request())
                .as("kept as said, for the rules to refuse")
                .isEqualTo(new MachineRequest.UnaskedDispenseReport(List.of()));
        assertThat(parse(cashIn.formatted(",\"send\":true,\"dispense\":true")).request())
                .isEqualTo(new MachineRequest.Send());
        assertThat(parse(cashIn.formatted(",\"dispenseConfirmed\":true")).request())
                .isEqualTo(new MachineRequest.Nothing());
    }
}
