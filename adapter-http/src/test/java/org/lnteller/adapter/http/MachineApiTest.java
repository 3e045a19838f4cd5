package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnteller.codec.Network;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.rates.UnableToFetchRate;
import org.lnteller.ports.store.StoreException;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.DispenseReport;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.usecase.PostResult;

class MachineApiTest {
    private static final String TX_OUT = "445ab69d-6f84-4178-85b7-28cfb6d25f1a";

    @RegisterExtension
    static final ApiHarness api = ApiHarness.sharedByTheClass();

    @Test
    void theSeedRequestWithoutAnIdIsACashOutOfTenThousandDollarsUnderAFreshUuid() {
        var reply = api.machine("POST", "/tx", """
                {"direction":"cashOut","cryptoCode":"LN","fiat":10000,"cryptoAtoms":"546448","isLightning":true,
                 "deviceId":"someone-elses-device","txVersion":1}""");

        assertThat(reply.status()).isEqualTo(200);
        FakeMachineTransactions.Post call = api.transactions.posts.get(0);
        assertThat(call.app()).as("the app comes from the token, not deviceId").isEqualTo(FakeApps.ATM);
        MachinePost post = call.post();
        assertThat(UUID.fromString(post.id().value())).isNotNull();
        assertThat(post)
                .isEqualTo(new MachinePost(
                        post.id(),
                        Direction.CASH_OUT,
                        1,
                        FiatAmount.ofMajor("USD", "10000"),
                        Satoshi.of(546_448),
                        Optional.empty(),
                        List.of(),
                        new MachineRequest.Nothing(),
                        Pricing.NONE));
        JsonNode json = reply.json();
        assertThat(json.get("id").asText()).isEqualTo(post.id().value());
        assertThat(json.get("toAddress").asText()).isEqualTo(Txs.BOLT11);
        assertThat(json.get("status").asText()).isEqualTo("notSeen");
    }

    @Test
    void aLamassuV10CashInPostWithStringAmountsRidAndHeadersParsesToTheExpectedPost() {
        String id = "0b6e7f1c-8d2a-4e0f-9a51-3c2d1e0f4a5b";
        var reply = api.machine(
                "POST",
                "/tx?rid=" + UUID.randomUUID(),
                """
                {"id":"%s","direction":"cashIn","fiat":"100","fiatCode":"USD","cryptoAtoms":"166666","cryptoCode":"LN",
                 "isLightning":true,"deviceId":"abc","txVersion":6,"toAddress":"  lnbc1666660n1pcustomer  ",
                 "bills":[{"fiat":"50","fiatCode":"USD","cryptoCode":"LN"},{"denomination":50}],
                 "send":true,"commissionPercentage":"0.05","rawTickerPrice":60000.5,"cashInFee":"1","minimumTx":5,
                 "termsAccepted":true,"unknownThing":{"nested":[1,2,3]}}""".formatted(id),
                "date",
                "Sun, 01 Mar 2026 10:00:00 GMT",
                "request-id",
                UUID.randomUUID().toString(),
                "config-version",
                "42");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.transactions.onlyPost())
                .isEqualTo(new MachinePost(
                        TxId.of(id),
                        Direction.CASH_IN,
                        6,
                        FiatAmount.ofMajor("USD", "100"),
                        Satoshi.of(166_666),
                        Optional.of("lnbc1666660n1pcustomer"),
                        List.of(new Bill(FiatAmount.ofMajor("USD", "50")), new Bill(FiatAmount.ofMajor("USD", "50"))),
                        new MachineRequest.Send(),
                        new Pricing(
                                Optional.of(new BigDecimal("60000.5")),
                                Optional.of(new BigDecimal("0.05")),
                                Optional.of(FiatAmount.ofMajor("USD", "1")),
                                Optional.of(FiatAmount.ofMajor("USD", "5")))));
        assertThat(reply.json().get("bills").toString())
                .isEqualTo("[{\"denomination\":50,\"fiatCode\":\"USD\"},{\"denomination\":50,\"fiatCode\":\"USD\"}]");
    }

    @Test
    void fiatWithCentsAndAnotherCurrencyIsReadInWholeUnitsOfThatCurrency() {
        api.machine("POST", "/tx", """
                {"id":"099a91da-ab27-4e4d-83c3-f4042b892f4c","direction":"cashOut","cryptoCode":"LN","fiat":"12.50","fiatCode":"EUR","cryptoAtoms":20000,"txVersion":"2"}""");

        MachinePost post = api.transactions.onlyPost();
        assertThat(post.fiat()).isEqualTo(FiatAmount.ofMinor("EUR", 1250));
        assertThat(post.txVersion()).isEqualTo(2);
    }

    @Test
    void aCashOutConfirmingItsDispenseReportsEachCassetteByName() {
        api.machine("POST", "/tx", """
                {"id":"%s","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"546448","txVersion":4,
                 "dispense":true,"dispenseConfirmed":true,
                 "bills":[{"name":"cassette2","denomination":"10","provisioned":2,"dispensed":1,"rejected":"1"},
                          {"name":"cassette1","denomination":20,"provisioned":4,"dispensed":4,"rejected":0}]}""".formatted(TX_OUT));

        assertThat(api.transactions.onlyPost().request().reports())
                .containsExactly(
                        new DispenseReport(1, OptionalInt.of(2), OptionalInt.of(1), OptionalInt.of(1)),
                        new DispenseReport(2, OptionalInt.of(1), OptionalInt.of(4), OptionalInt.of(0)));
    }

    @Test
    void aDispenseReportAfterAFailedDispenseIsNeverRefusedAndKeepsWhatItCanRead() {
        // no names, no denominations, counts missing, negative or fractional, an entry that is no object
        var reply = api.machine("POST", "/tx", """
                {"id":"%s","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"546448","txVersion":4,
                 "dispense":true,"dispenseConfirmed":true,
                 "bills":[{"provisioned":1,"dispensed":1},{"name":"cassette","dispensed":-1,"rejected":1.5},7,
                          {"name":"twenty","denomination":"abc","provisioned":-1}]}""".formatted(TX_OUT));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.transactions.onlyPost().request().reports())
                .containsExactly(
                        new DispenseReport(1, OptionalInt.empty(), OptionalInt.of(1), OptionalInt.empty()),
                        new DispenseReport(2, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty()),
                        new DispenseReport(4, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty()));
    }

    @Test
    void theDispenseAnswerNamesEveryCassetteByItsPlaceZerosIncludedForTwentiesThenFifties() {
        api.transactions.store(Txs.dispensing(
                FakeApps.ATM,
                "tx-2050",
                List.of(
                        new DispenseLine(
                                1, FiatAmount.ofMajor("USD", "20"), 0, OptionalInt.empty(), OptionalInt.empty()),
                        new DispenseLine(
                                2, FiatAmount.ofMajor("USD", "50"), 2, OptionalInt.empty(), OptionalInt.empty()))));

        JsonNode bills = api.machine("GET", "/tx/tx-2050", null).json().get("bills");

        assertThat(bills.toString())
                .isEqualTo(
                        "[{\"name\":\"cassette1\",\"denomination\":20,\"provisioned\":0,\"dispensed\":null,\"rejected\":null},"
                                + "{\"name\":\"cassette2\",\"denomination\":50,\"provisioned\":2,\"dispensed\":null,\"rejected\":null}]");
    }

    @Test
    void theDispenseAnswerNamesEveryCassetteByItsPlaceZerosIncludedForFiftiesThenTwenties() {
        api.transactions.store(Txs.dispensing(
                FakeApps.ATM,
                "tx-5020",
                List.of(
                        new DispenseLine(
                                1, FiatAmount.ofMajor("USD", "50"), 2, OptionalInt.empty(), OptionalInt.empty()),
                        new DispenseLine(
                                2, FiatAmount.ofMajor("USD", "20"), 0, OptionalInt.empty(), OptionalInt.empty()))));

        JsonNode bills = api.machine("GET", "/tx/tx-5020", null).json().get("bills");

        assertThat(bills.toString())
                .isEqualTo(
                        "[{\"name\":\"cassette1\",\"denomination\":50,\"provisioned\":2,\"dispensed\":null,\"rejected\":null},"
                                + "{\"name\":\"cassette2\",\"denomination\":20,\"provisioned\":0,\"dispensed\":null,\"rejected\":null}]");
    }

    @Test
    void aSendWhosePaymentIsStillInFlightIsAnsweredAnEmpty204() {
        api.transactions.answer = (app, post) -> new PostResult.InFlight(Txs.cashIn(app, "tx-in"));

        var reply = api.machine("POST", "/tx", """
                {"id":"%s","direction":"cashIn","cryptoCode":"LN","fiat":20,"cryptoAtoms":"1","txVersion":4,
                 "toAddress":"lnbc1x","send":true}""".formatted(TX_OUT));

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void aCashOutAskingToDispenseDoesNotReportTheNotesItOnlyEchoes() {
        api.machine("POST", "/tx", """
                {"id":"445ab69d-6f84-4178-85b7-28cfb6d25f1a","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"546448","txVersion":3,"dispense":true,
                 "bills":[{"denomination":20,"provisioned":4}]}""");

        MachinePost post = api.transactions.onlyPost();
        assertThat(post.request().asksToDispense()).isTrue();
        assertThat(post.request().reports()).isEmpty();
    }

    @Test
    void aDispensedCashOutReadsBackWithEveryFieldAMachineNeeds() {
        api.transactions.store(Txs.dispensed(FakeApps.ATM, "tx-done"));

        var reply = api.machine("GET", "/tx/tx-done", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode json = reply.json();
        assertThat(json.get("id").asText()).isEqualTo("tx-done");
        assertThat(json.get("direction").asText()).isEqualTo("cashOut");
        assertThat(json.get("txVersion").asLong()).isEqualTo(3);
        assertThat(json.get("fiat").isNumber()).isTrue();
        assertThat(json.get("fiat").toString()).isEqualTo("100");
        assertThat(json.get("fiatCode").asText()).isEqualTo("USD");
        assertThat(json.get("cryptoAtoms").isTextual()).isTrue();
        assertThat(json.get("cryptoAtoms").asText()).isEqualTo("546448");
        assertThat(json.get("cryptoCode").asText()).isEqualTo("LN");
        assertThat(json.get("isLightning").asBoolean()).isTrue();
        assertThat(json.get("toAddress").asText()).isEqualTo(Txs.BOLT11);
        assertThat(json.get("layer2Address").isNull()).isTrue();
        assertThat(json.get("status").asText()).isEqualTo("confirmed");
        assertThat(json.get("commissionPercentage").toString()).isEqualTo("7.5");
        assertThat(json.get("rawTickerPrice").toString()).isEqualTo("18300.5");
        assertThat(json.get("cashInFee").isNull()).isTrue();
        assertThat(json.get("minimumTx").toString()).isEqualTo("5");
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.get("errorCode").isNull()).isTrue();
        assertThat(Instant.parse(json.get("created").asText())).isEqualTo(Txs.CREATED);
        assertThat(Instant.parse(json.get("updated").asText())).isEqualTo(Txs.UPDATED);
        assertThat(json.get("paymentHash").asText()).isEqualTo(Txs.HASH.hex());
        assertThat(Instant.parse(json.get("invoiceExpiresAt").asText())).isEqualTo(Txs.EXPIRES);
        assertThat(json.get("dispense").asBoolean()).isTrue();
        assertThat(json.get("dispenseConfirmed").asBoolean()).isTrue();
        assertThat(json.get("priceFlagged").asBoolean()).isTrue();
        assertThat(json.get("bills").toString())
                .isEqualTo(
                        "[{\"name\":\"cassette1\",\"denomination\":20,\"provisioned\":4,\"dispensed\":4,\"rejected\":0},"
                                + "{\"name\":\"cassette2\",\"denomination\":10,\"provisioned\":2,\"dispensed\":null,\"rejected\":null}]");
        assertThat(json.get("dispensedFiat").toString())
                .as("what the machine reports, for the operator")
                .isEqualTo("80");
    }

    @Test
    void aPaidCashInReadsBackWithItsSendFlagsFeePreimageAndError() {
        api.transactions.store(Txs.cashIn(FakeApps.ATM, "tx-in"));

        JsonNode json = api.machine("GET", "/tx/tx-in", null).json();

        assertThat(json.get("direction").asText()).isEqualTo("cashIn");
        assertThat(json.get("fiat").toString()).isEqualTo("12.5");
        assertThat(json.get("cryptoAtoms").asText()).isEqualTo("20000");
        assertThat(json.get("toAddress").asText()).isEqualTo("lnbc200u1pcustomerinvoice");
        assertThat(json.get("status").asText()).isEqualTo("confirmed");
        assertThat(json.get("send").asBoolean()).isTrue();
        assertThat(json.get("sendPending").asBoolean()).isTrue();
        assertThat(json.get("sendConfirmed").asBoolean()).isTrue();
        assertThat(json.get("paymentHash").asText()).isEqualTo(Txs.HASH.hex());
        assertThat(json.get("fee").asLong()).isEqualTo(3);
        assertThat(json.get("preimage").asText()).isEqualTo(Txs.PREIMAGE.hex());
        assertThat(json.get("cashInFee").toString()).isEqualTo("0.5");
        assertThat(json.get("commissionPercentage").isNull()).isTrue();
        assertThat(json.get("bills").toString())
                .isEqualTo("[{\"denomination\":10,\"fiatCode\":\"USD\"},{\"denomination\":2.5,\"fiatCode\":\"USD\"}]");

        // a paid payment has no error: the error is read back from the same cash-in failed instead
        api.transactions.store(Txs.failedCashIn(FakeApps.ATM, "tx-in-failed"));
        json = api.machine("GET", "/tx/tx-in-failed", null).json();
        assertThat(json.get("error").asText()).isEqualTo("no route to the destination");
        assertThat(json.get("errorCode").asText()).isEqualTo("routeNotFound");
    }

    @Test
    void pollingAnUnpaidCashOutWithItsCurrentStatusAnswers304WithoutABody() {
        api.transactions.store(Txs.cashOut(FakeApps.ATM, "tx-poll", CashOutStatus.NOT_SEEN));

        var notSeen = api.machine("GET", "/tx/tx-poll?status=notSeen", null);
        var pending = api.machine("GET", "/tx/tx-poll?status=pending", null);

        assertThat(notSeen.status()).isEqualTo(304);
        assertThat(notSeen.body()).isEmpty();
        assertThat(pending.status())
                .as("pending is Lamassu's other name for notSeen")
                .isEqualTo(304);
    }

    @Test
    void pollingACashOutThatWasPaidSinceAnswers200WithConfirmed() {
        api.transactions.store(Txs.cashOut(FakeApps.ATM, "tx-poll", CashOutStatus.CONFIRMED));

        var reply = api.machine("GET", "/tx/tx-poll?status=notSeen", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("confirmed");
        assertThat(api.machine("GET", "/tx/tx-poll", null).status()).isEqualTo(200);
    }

    @Test
    void pollingAnUnknownTransactionOrAnotherMachinesAnswers404Json() {
        api.transactions.store(Txs.cashOut(FakeApps.OTHER, "tx-theirs", CashOutStatus.NOT_SEEN));

        var unknown = api.machine("GET", "/tx/no-such-tx?status=notSeen", null);
        var theirs = api.machine("GET", "/tx/tx-theirs", null);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("notFound");
        assertThat(theirs.status()).isEqualTo(404);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of(new Rejection.Stale(5, 4), 409),
                Arguments.of(new Rejection.Ratchet("fiat", "100 USD to 50 USD"), 409),
                Arguments.of(new Rejection.NotFound(), 404),
                Arguments.of(new Rejection.OutOfNotes("no 20s left"), 570),
                Arguments.of(new Rejection.InsufficientFunds("wallet has 1000 sat"), 570),
                Arguments.of(new Rejection.WrongDirection(Direction.CASH_IN, Direction.CASH_OUT), 400),
                Arguments.of(new Rejection.InvalidAmount("zero"), 400),
                Arguments.of(new Rejection.SendNotRequested(), 400),
                Arguments.of(new Rejection.NoPaymentStarted(), 400),
                Arguments.of(new Rejection.DispenseNotRequested(), 400),
                Arguments.of(new Rejection.ReasonMissing(), 400),
                Arguments.of(new Rejection.MissingDestination(), 400),
                Arguments.of(new Rejection.InvalidDestination("not an invoice"), 400),
                Arguments.of(new Rejection.DestinationChanged(), 400),
                Arguments.of(new Rejection.WalletServiceFailed(LnurlException.Kind.NOT_ALLOWED), 400),
                Arguments.of(new Rejection.WrongNetwork(Network.MAINNET, Network.TESTNET), 400),
                Arguments.of(new Rejection.InvoiceExpired(Txs.EXPIRES), 400),
                Arguments.of(new Rejection.AmountMismatch(MilliSatoshi.of(1000), MilliSatoshi.of(2000)), 400),
                Arguments.of(new Rejection.AboveLimit(Satoshi.of(1000), Satoshi.of(2000)), 400),
                Arguments.of(new Rejection.PriceMismatch(Satoshi.of(1000), Satoshi.of(2000)), 400),
                Arguments.of(new Rejection.AlreadyPaid(), 400),
                Arguments.of(new Rejection.NotConfirmed("notSeen"), 400),
                Arguments.of(new Rejection.AlreadySent(), 400),
                Arguments.of(new Rejection.Closed("expired"), 400),
                Arguments.of(new Rejection.PriceRefused("too generous"), 400));
    }

    @ParameterizedTest(name = "{0} is answered {1}")
    @MethodSource("rejections")
    void aRefusedPostIsAnsweredWithLamassusStatusAndTheRejectionCode(Rejection rejection, int status) {
        api.transactions.answer = (app, post) -> new PostResult.Refused(rejection);

        var reply = api.machine("POST", "/tx", """
                {"id":"045ef594-d81d-4f21-84d6-1151ed71260d","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"546448","txVersion":4}""");

        assertThat(reply.status()).isEqualTo(status);
        JsonNode json = reply.json();
        assertThat(json.get("error").asText()).isEqualTo(rejection.message());
        assertThat(json.get("code").asText()).isEqualTo(rejection.code());
        assertThat(json.get("errorType").asText()).isEqualTo(rejection.code());
    }

    @Test
    void everyRejectionTheCoreCanGiveHasAStatusHere() {
        assertThat(Rejection.class.getPermittedSubclasses())
                .hasSize((int) rejections().count());
    }

    @Test
    void aPostWithoutATokenOrWithAnUnknownOneIs401AndReachesNothing() {
        String body = """
                {"id":"045ef594-d81d-4f21-84d6-1151ed71260d","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"1","txVersion":1}""";

        var missing = api.send("POST", "/tx", null, body);
        var unknown = api.send("POST", "/tx", "not-a-token", body);
        var wrongScheme = api.send("POST", "/tx", null, body, "Authorization", "Basic " + FakeApps.ATM_TOKEN);

        assertThat(List.of(missing.status(), unknown.status(), wrongScheme.status()))
                .containsOnly(401);
        assertThat(missing.json().get("code").asText()).isEqualTo("unauthorized");
        assertThat(unknown.header("WWW-Authenticate")).contains("Bearer");
        assertThat(api.transactions.posts).isEmpty();
    }

    @Test
    void aDisabledMachineIs403WithTheReasonItCanActOn() {
        var reply = api.send("GET", "/tx/tx-1", FakeApps.DISABLED_TOKEN, null);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("error").asText()).isEqualTo(FakeApps.DISABLED_REASON);
        assertThat(reply.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(api.transactions.finds).isEmpty();
    }

    @Test
    void ratesListEachCurrencyWithBothDirectionsPrices() {
        var reply = api.machine("GET", "/rates", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode rate = reply.json().get("rates").get(0);
        assertThat(rate.get("fiatCode").asText()).isEqualTo("USD");
        assertThat(rate.get("marketPrice").toString()).isEqualTo("60000");
        assertThat(rate.get("cashIn").get("price").toString()).isEqualTo("63000");
        assertThat(rate.get("cashIn").get("commissionPercentage").toString()).isEqualTo("5");
        assertThat(rate.get("cashOut").get("price").toString()).isEqualTo("57300");
        assertThat(rate.get("cashOut").get("commissionPercentage").toString()).isEqualTo("4.5");
        assertThat(rate.get("source").asText()).isEqualTo("coinbase");
        assertThat(rate.get("observedAt").asText()).isEqualTo("2026-03-01T09:59:30Z");
        assertThat(rate.get("ageSeconds").asLong()).isEqualTo(30);
        assertThat(rate.get("minimumTx").toString()).isEqualTo("5");
        assertThat(rate.get("maxPerTxSats").asLong()).isEqualTo(2_000_000);
        assertThat(api.send("GET", "/rates", null, null).status()).isEqualTo(401);
    }

    @Test
    void ratesWithoutAUsableRateAre503RateUnavailable() {
        api.quotes.failure = new UnableToFetchRate("coinbase timed out");

        var reply = api.machine("GET", "/rates", null);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("code").asText()).isEqualTo("rateUnavailable");
    }

    @Test
    void aBackendFailureIs502AndAStoreFailure503() {
        api.transactions.answer = (app, post) -> {
            throw new LightningBackendException(LightningBackendException.Kind.TIMEOUT, "blink timed out");
        };
        var backend = api.machine("POST", "/tx", """
                {"id":"045ef594-d81d-4f21-84d6-1151ed71260d","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"1","txVersion":1}""");
        api.transactions.answer = (app, post) -> {
            throw new StoreException("connection refused to db.internal:5432");
        };
        var store = api.machine("POST", "/tx", """
                {"id":"045ef594-d81d-4f21-84d6-1151ed71260d","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"1","txVersion":1}""");

        assertThat(backend.status()).isEqualTo(502);
        assertThat(backend.json().get("code").asText()).isEqualTo("backendUnavailable");
        assertThat(store.status()).isEqualTo(503);
        assertThat(store.json().get("code").asText()).isEqualTo("storeUnavailable");
        assertThat(store.body()).doesNotContain("db.internal");
    }

    @Test
    void anUnexpectedFailureIs500InternalAndKeepsItsMessageToTheLog() {
        api.transactions.answer = (app, post) -> {
            throw new IllegalStateException("secret detail of a bug");
        };

        var reply = api.machine("POST", "/tx", """
                {"id":"045ef594-d81d-4f21-84d6-1151ed71260d","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"1","txVersion":1}""");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.json().get("code").asText()).isEqualTo("internal");
        assertThat(reply.body()).doesNotContain("secret detail");
    }
}
