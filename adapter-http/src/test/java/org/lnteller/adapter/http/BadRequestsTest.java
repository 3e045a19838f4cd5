package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests a machine or an operator should never send. Each must be refused with a 4xx and a JSON
 * error body before any driving port writes anything.
 */
class BadRequestsTest {
    private static final String M = FakeApps.ATM_TOKEN;
    private static final String A = ApiHarness.ADMIN_TOKEN;
    private static final String VALID_POST = """
            {"id":"6a0f1b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b","direction":"cashOut","cryptoCode":"LN","fiat":100,"cryptoAtoms":"546448","txVersion":1}""";

    @RegisterExtension
    static final ApiHarness api = ApiHarness.sharedByTheClass();

    record Bad(String name, String method, String path, String token, String body, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A valid cash-out post with one field replaced (or removed, for a null value). */
    private static Bad post(String name, String field, String json) {
        return new Bad(name, "POST", "/tx", M, withField(VALID_POST, field, json), 400);
    }

    private static String withField(String base, String field, String json) {
        String stripped = base.replaceAll(",?\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "");
        if (json == null) return stripped;
        return stripped.substring(0, stripped.length() - 1) + ",\"" + field + "\":" + json + "}";
    }

    private static Bad cashInBills(String name, String bills) {
        return new Bad(name, "POST", "/tx", M, """
                {"id":"0ab25f30-4900-4ce5-8691-00672c92a276","direction":"cashIn","cryptoCode":"LN","fiat":20,"cryptoAtoms":"1","txVersion":2,"toAddress":"lnbc1x","bills":%s}""".formatted(bills), 400);
    }

    private static Bad addApp(String name, String body) {
        return new Bad(name, "POST", "/api/admin/app/add", A, body, 400);
    }

    private static Bad txs(String name, String query) {
        return new Bad(name, "GET", "/api/admin/txs?" + query, A, null, 400);
    }

    static Stream<Bad> badRequests() {
        List<Bad> bad = new ArrayList<>(List.of(
                // not JSON, or not an object
                new Bad("truncated JSON", "POST", "/tx", M, "{\"direction\":", 400),
                new Bad("empty body", "POST", "/tx", M, "", 400),
                new Bad("a JSON array", "POST", "/tx", M, "[]", 400),
                new Bad("a JSON string", "POST", "/tx", M, "\"cashOut\"", 400),
                new Bad("trailing garbage", "POST", "/tx", M, VALID_POST + " x", 400),
                new Bad("a duplicated fiat", "POST", "/tx", M, withField(VALID_POST, "txVersion", "1,\"fiat\":1"), 400),
                new Bad("a NaN literal", "POST", "/tx", M, withField(VALID_POST, "fiat", "NaN"), 400),
                new Bad(
                        "nesting 40 deep",
                        "POST",
                        "/tx",
                        M,
                        withField(VALID_POST, "extra", "[".repeat(40) + "]".repeat(40)),
                        400),
                new Bad("a 200-digit number", "POST", "/tx", M, withField(VALID_POST, "fiat", "9".repeat(200)), 400),
                new Bad(
                        "a body over 64 KiB",
                        "POST",
                        "/tx",
                        M,
                        withField(VALID_POST, "padding", "\"" + "x".repeat(70 * 1024) + "\""),
                        413),
                // direction and crypto code
                post("an unknown direction", "direction", "\"buy\""),
                post("no direction", "direction", null),
                post("a numeric direction", "direction", "1"),
                post("a lower-case direction", "direction", "\"cashout\""),
                post("bitcoin on chain", "cryptoCode", "\"BTC\""),
                post("a numeric crypto code", "cryptoCode", "5"),
                post("no crypto code", "cryptoCode", null),
                post("a null crypto code", "cryptoCode", "null"),
                // fiat
                post("negative fiat", "fiat", "-5"),
                post("negative fiat as a string", "fiat", "\"-5\""),
                post("fiat 1e400 as a string", "fiat", "\"1e400\""),
                post("fiat 1e400 as a number", "fiat", "1e400"),
                post("fiat beyond a long", "fiat", "99999999999999999999"),
                post("fiat with a tenth of a cent", "fiat", "\"12.345\""),
                post("fiat number with a tenth of a cent", "fiat", "12.345"),
                post("fiat NaN as a string", "fiat", "\"NaN\""),
                post("fiat not a number", "fiat", "\"abc\""),
                post("fiat as a boolean", "fiat", "true"),
                post("fiat as an object", "fiat", "{\"amount\":100}"),
                post("no fiat", "fiat", null),
                post("empty fiat", "fiat", "\"\""),
                new Bad(
                        "yen with a fraction",
                        "POST",
                        "/tx",
                        M,
                        withField(withField(VALID_POST, "fiat", "\"100.5\""), "fiatCode", "\"JPY\""),
                        400),
                post("an unknown currency", "fiatCode", "\"XYZ\""),
                post("a lower-case currency", "fiatCode", "\"usd\""),
                post("gold", "fiatCode", "\"XAU\""),
                // cryptoAtoms
                post("negative sats", "cryptoAtoms", "-1"),
                post("fractional sats as a string", "cryptoAtoms", "\"1.5\""),
                post("fractional sats", "cryptoAtoms", "1.5"),
                post("sats beyond a long", "cryptoAtoms", "99999999999999999999"),
                post("sats 1e400", "cryptoAtoms", "1e400"),
                post("sats not a number", "cryptoAtoms", "\"abc\""),
                post("more sats than will ever exist", "cryptoAtoms", "2100000000000001"),
                post("no sats", "cryptoAtoms", null),
                // txVersion and id
                post("no txVersion", "txVersion", null),
                post("a negative txVersion", "txVersion", "-1"),
                post("a txVersion in words", "txVersion", "\"one\""),
                post("a fractional txVersion", "txVersion", "1.5"),
                post("an id with a path in it", "id", "\"../etc/passwd\""),
                post("an id of 65 characters", "id", "\"" + "a".repeat(65) + "\""),
                post("a numeric id", "id", "42"),
                post("an empty id", "id", "\"\""),
                post("an id that is not a UUID", "id", "\"tx-1\""),
                post("a UUID with a word after it", "id", "\"6a0f1b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-x\""),
                // flags and address
                post("send as a word", "send", "\"yes\""),
                post("dispense as a number", "dispense", "1"),
                post("dispenseConfirmed as a string", "dispenseConfirmed", "\"true\""),
                post("a numeric address", "toAddress", "12345"),
                post("an address of 3000 characters", "toAddress", "\"" + "l".repeat(3000) + "\""),
                // pricing
                post("a commission in words", "commissionPercentage", "\"five\""),
                post("a negative ticker price", "rawTickerPrice", "-1"),
                post("a cash-in fee with a tenth of a cent", "cashInFee", "\"0.001\""),
                post("a minimum as an array", "minimumTx", "[5]"),
                // bills
                cashInBills("bills as an object", "{}"),
                cashInBills(
                        "201 bills", "[" + String.join(",", java.util.Collections.nCopies(201, "{\"fiat\":1}")) + "]"),
                cashInBills("a bill that is a number", "[5]"),
                cashInBills("a bill of zero", "[{\"fiat\":0}]"),
                cashInBills("a negative bill", "[{\"denomination\":-20}]"),
                cashInBills("a bill without a value", "[{\"fiatCode\":\"USD\"}]"),
                cashInBills("a bill in an unknown currency", "[{\"fiat\":20,\"fiatCode\":\"ZZZ\"}]"),
                // machine auth
                new Bad("a post without a token", "POST", "/tx", null, VALID_POST, 401),
                new Bad("a post with an unknown token", "POST", "/tx", "nobody", VALID_POST, 401),
                new Bad("a post from a disabled machine", "POST", "/tx", FakeApps.DISABLED_TOKEN, VALID_POST, 403),
                new Bad("a post with the admin token", "POST", "/tx", A, VALID_POST, 401),
                new Bad("rates without a token", "GET", "/rates", null, null, 401),
                // GET /tx/{id}
                new Bad("a poll for an id with spaces", "GET", "/tx/bad%20id%21", M, null, 400),
                new Bad("a poll for an id of 65 characters", "GET", "/tx/" + "a".repeat(65), M, null, 400),
                new Bad("a poll without a token", "GET", "/tx/tx-1", null, null, 401),
                new Bad("PUT on /tx", "PUT", "/tx", M, VALID_POST, 405),
                new Bad("DELETE on a transaction", "DELETE", "/tx/tx-1", M, null, 405),
                // admin: apps
                new Bad("adding an app without a token", "POST", "/api/admin/app/add", null, "{\"name\":\"x\"}", 401),
                new Bad("adding an app with a machine token", "POST", "/api/admin/app/add", M, "{\"name\":\"x\"}", 401),
                addApp("an app without a name", "{}"),
                addApp("an app named by a number", "{\"name\":7}"),
                addApp("an app with a 101-character name", "{\"name\":\"" + "n".repeat(101) + "\"}"),
                addApp("an app in broken JSON", "{\"name\":\"x\""),
                addApp("cassettes as an object", "{\"name\":\"x\",\"cassettes\":{}}"),
                addApp(
                        "a cassette with a negative count",
                        "{\"name\":\"x\",\"cassettes\":[{\"denomination\":20,\"count\":-1}]}"),
                addApp(
                        "a cassette of zero-value notes",
                        "{\"name\":\"x\",\"cassettes\":[{\"denomination\":0,\"count\":1}]}"),
                addApp(
                        "a cassette in an unknown currency",
                        "{\"name\":\"x\",\"cassettes\":[{\"denomination\":20,\"count\":1,\"fiatCode\":\"QQQ\"}]}"),
                addApp(
                        "a cassette with a fractional count",
                        "{\"name\":\"x\",\"cassettes\":[{\"denomination\":20,\"count\":1.5}]}"),
                addApp(
                        "17 cassettes",
                        "{\"name\":\"x\",\"cassettes\":["
                                + String.join(
                                        ",", java.util.Collections.nCopies(17, "{\"denomination\":20,\"count\":1}"))
                                + "]}"),
                new Bad(
                        "cassettes of a malformed app id",
                        "PUT",
                        "/api/admin/apps/bad!id/cassettes",
                        A,
                        "{\"cassettes\":[]}",
                        400),
                new Bad("cassettes without the list", "PUT", "/api/admin/apps/atm-1/cassettes", A, "{}", 400),
                new Bad(
                        "cassettes without a token",
                        "PUT",
                        "/api/admin/apps/atm-1/cassettes",
                        null,
                        "{\"cassettes\":[]}",
                        401),
                new Bad("the app list with a wrong token", "GET", "/api/admin/apps", "admin", null, 401),
                // admin: transactions and balance
                txs("a limit of zero", "limit=0"),
                txs("a limit of 501", "limit=501"),
                txs("a negative limit", "limit=-1"),
                txs("a limit in words", "limit=ten"),
                txs("a fractional limit", "limit=1.5"),
                txs("a sideways direction", "direction=sideways"),
                txs("an unknown status", "status=bogus"),
                txs("a malformed app id", "app_id=bad!"),
                txs("a cursor of 600 characters", "cursor=" + "c".repeat(600)),
                new Bad("the balance without a token", "GET", "/api/admin/balance", null, null, 401),
                // dev payments
                new Bad("paying a hash that is not hex", "POST", "/api/dev/invoices/xyz/pay", A, null, 400),
                new Bad(
                        "paying a 63-character hash",
                        "POST",
                        "/api/dev/invoices/" + "a".repeat(63) + "/pay",
                        A,
                        null,
                        400),
                new Bad(
                        "paying without a token",
                        "POST",
                        "/api/dev/invoices/" + "a".repeat(64) + "/pay",
                        null,
                        null,
                        401),
                // the probe and the operator's cash-in resolutions
                new Bad("a probe without an address", "GET", "/probe", M, null, 400),
                new Bad("a probe of an empty address", "GET", "/probe?address=", M, null, 400),
                new Bad(
                        "a probe of a 3000-character address",
                        "GET",
                        "/probe?address=" + "x".repeat(3000),
                        M,
                        null,
                        400),
                new Bad("a probe without a token", "GET", "/probe?address=lnbc1x", null, null, 401),
                new Bad(
                        "a refund without a reason",
                        "POST",
                        "/api/admin/txs/tx-1/refund",
                        A,
                        "{\"operator\":\"alice\"}",
                        400),
                new Bad(
                        "a refund with a blank reason",
                        "POST",
                        "/api/admin/txs/tx-1/refund",
                        A,
                        "{\"operator\":\"alice\",\"reason\":\"  \"}",
                        400),
                new Bad(
                        "a refund without saying who",
                        "POST",
                        "/api/admin/txs/tx-1/refund",
                        A,
                        "{\"reason\":\"cash back\"}",
                        400),
                new Bad(
                        "a refund of a malformed id",
                        "POST",
                        "/api/admin/txs/a%20b/refund",
                        A,
                        "{\"operator\":\"alice\",\"reason\":\"cash back\"}",
                        400),
                new Bad(
                        "a cancel with the machine's token",
                        "POST",
                        "/api/admin/txs/tx-1/cancel",
                        M,
                        "{\"operator\":\"alice\",\"reason\":\"walked away\"}",
                        401),
                new Bad("stuck cash-ins with a bad limit", "GET", "/api/admin/cashins/stuck?limit=0", A, null, 400),
                // routing
                new Bad("an unknown route", "GET", "/api/admin/nothing", A, null, 404),
                new Bad("GET on the add route", "GET", "/api/admin/app/add", A, null, 405)));
        return bad.stream();
    }

    @Test
    void thereAreAtLeastFiftyDistinctBadRequests() {
        assertThat(badRequests().map(Bad::name).distinct().count())
                .isGreaterThanOrEqualTo(50)
                .isEqualTo(badRequests().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestIsRefusedWithAJsonErrorAndWritesNothing(Bad bad) {
        var reply = api.send(bad.method(), bad.path(), bad.token(), bad.body());

        assertThat(reply.status()).as(reply.body()).isEqualTo(bad.status());
        JsonNode json = reply.json();
        assertThat(json.path("error").isTextual()).as(reply.body()).isTrue();
        assertThat(json.path("code").isTextual()).as(reply.body()).isTrue();
        assertThat(api.writes()).isZero();
    }
}
