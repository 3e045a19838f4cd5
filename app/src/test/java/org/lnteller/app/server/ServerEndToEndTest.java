package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.app.server.ServerHarness.ADMIN_TOKEN;
import static org.lnteller.app.server.ServerHarness.cassette;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.app.cli.PayCommand;
import org.lnteller.app.server.ServerHarness.Answer;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.ports.lightning.SettableClock;

/**
 * The seed's cash-out flow, and a Lamassu machine's, over real HTTP against the real server on
 * H2 and the simulated backend.
 */
class ServerEndToEndTest {
    @TempDir
    Path data;

    private ServerHarness server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private String addApp() {
        JsonNode added = server.addApp("corner-shop", cassette(100, 200), cassette(20, 500));
        assertThat(added.path("env").asText()).contains("LNTELLER_APP_TOKEN=");
        return added.path("credentials").path("token").asText();
    }

    private JsonNode pollUntil(String token, String id, String awaited) throws InterruptedException {
        return server.pollUntil(token, id, awaited, Duration.ofMillis(100));
    }

    private int notesLeft(int cassette) {
        JsonNode apps = server.get("/api/admin/apps", ADMIN_TOKEN).body().path("apps");
        for (JsonNode c : apps.get(0).path("cassettes"))
            if (c.path("position").asInt() == cassette) return c.path("count").asInt();
        throw new AssertionError("no cassette " + cassette);
    }

    @Test
    void theSeedsCashOutWalksFromInvoiceToDispensedNotesAndSurvivesARestart() throws Exception {
        server = new ServerHarness(data, Map.of());
        assertThat(server.banner()).contains("SIMULATED LIGHTNING, NO REAL FUNDS");
        String token = addApp();

        Answer created = server.post(
                "/tx",
                token,
                "{\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":10000,"
                        + "\"cryptoAtoms\":\"546448\",\"isLightning\":true,\"deviceId\":\"whatever\",\"txVersion\":1}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        String id = created.body().path("id").asText();
        assertThat(created.body().path("status").asText()).isEqualTo("notSeen");
        assertThat(created.body().path("layer2Address").isNull()).isTrue();
        assertThat(created.body().path("priceFlagged").asBoolean())
                .as("546448 sats for $10000 is far below the price")
                .isTrue();
        String metrics = server.get("/metrics", ADMIN_TOKEN).raw();
        assertThat(metrics).contains("lnteller_cashout_price_flagged_total 1.0");
        assertThat(metrics)
                .as("the statement counter saw the post's insert")
                .containsPattern("lnteller_jdbc_statements_total\\{kind=\"insert\"\\} [1-9]")
                .contains("lnteller_jdbc_executions_total", "lnteller_jdbc_transaction_calls_total");
        Bolt11Invoice invoice = Bolt11.decode(created.body().path("toAddress").asText());
        assertThat(invoice.network()).isEqualTo(Network.REGTEST);
        assertThat(invoice.amountMsat()).hasValue(546_448_000);

        assertThat(server.get("/tx/" + id + "?status=notSeen", token).status()).isEqualTo(304);
        assertThat(server.get("/tx/" + id + "?status=pending", token).status()).isEqualTo(304);

        // The operator settles it with the CLI, as the README shows.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new PayCommand(Map.of("ADMIN_TOKEN", ADMIN_TOKEN, "LNTELLER_DATA_DIR", data.toString()))
                .run(
                        List.of(invoice.original(), "--server", server.uri("").toString()),
                        new PrintStream(out, true),
                        new PrintStream(err, true));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("paid " + invoice.paymentHash().hex());
        pollUntil(token, id, "confirmed");

        String dispense = "{\"id\":\"" + id + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":10000,"
                + "\"cryptoAtoms\":\"546448\",\"txVersion\":2,\"dispense\":true}";
        Answer dispensing = server.post("/tx", token, dispense);
        assertThat(dispensing.status()).as(dispensing.raw()).isEqualTo(200);
        long total = 0;
        for (JsonNode bill : dispensing.body().path("bills"))
            total += bill.path("denomination").asLong()
                    * bill.path("provisioned").asLong();
        assertThat(total).isEqualTo(10_000);
        assertThat(notesLeft(1)).isEqualTo(100);

        Answer again = server.post("/tx", token, dispense);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("bills")).isEqualTo(dispensing.body().path("bills"));
        assertThat(notesLeft(1)).as("notes provisioned once").isEqualTo(100);

        Answer stale = server.post("/tx", token, dispense.replace("\"txVersion\":2", "\"txVersion\":1"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().path("errorType").asText()).isEqualTo("stale");

        String holder = server.jobHolder();
        server.restart();
        assertThat(server.jobHolder())
                .as("a restarted server takes its background jobs back at once")
                .isEqualTo(holder);
        Answer afterRestart = server.get("/tx/" + id, token);
        assertThat(afterRestart.status()).isEqualTo(200);
        assertThat(afterRestart.body().path("status").asText()).isEqualTo("confirmed");
        assertThat(afterRestart.body().path("bills"))
                .isEqualTo(dispensing.body().path("bills"));
        assertThat(server.get("/tx/" + id + "?status=confirmed", token).status())
                .isEqualTo(304);
    }

    @Test
    void aLamassuMachineWalksTheSameFlowWithItsResendsAndVersions() throws Exception {
        server = new ServerHarness(data, Map.of("SIMULATED_RATE_USD", "40000"));
        String token = addApp();
        String id = UUID.randomUUID().toString();
        String first = "{\"id\":\"" + id + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"100\","
                + "\"fiatCode\":\"USD\",\"cryptoAtoms\":\"263158\",\"txVersion\":6,\"isLightning\":true,"
                + "\"commissionPercentage\":\"0.05\",\"rawTickerPrice\":\"40000\"}";
        // The machine re-sends an unanswered post every 5 s: the re-send arrives while the first is in flight.
        HttpRequest post = server.request("/tx?rid=" + UUID.randomUUID(), token)
                .header("Content-Type", "application/json")
                .header("date", "Sat, 21 Nov 2026 12:00:00 GMT")
                .header("request-id", UUID.randomUUID().toString())
                .header("config-version", "12")
                .POST(HttpRequest.BodyPublishers.ofString(first))
                .build();
        CompletableFuture<Answer> one = server.postAsync(post);
        CompletableFuture<Answer> two = server.postAsync(post);
        Answer a = one.get();
        Answer b = two.get();
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        assertThat(b.status()).as(b.raw()).isEqualTo(200);
        assertThat(a.body().path("toAddress").asText())
                .isEqualTo(b.body().path("toAddress").asText());
        assertThat(a.body().path("fiat").asDouble()).isEqualTo(100.0);
        assertThat(a.body().path("rawTickerPrice").asText()).isEqualTo("40000");
        assertThat(a.body().path("priceFlagged").asBoolean())
                .as("263158 sats for $100 at 40000 minus 5%")
                .isFalse();

        Bolt11Invoice invoice = Bolt11.decode(a.body().path("toAddress").asText());
        assertThat(server.get("/tx/" + id + "?status=notSeen", token).status()).isEqualTo(304);
        server.post("/api/dev/invoices/" + invoice.paymentHash().hex() + "/pay", ADMIN_TOKEN, "");
        pollUntil(token, id, "confirmed");

        Answer dispensing =
                server.post("/tx", token, first.replace("\"txVersion\":6", "\"txVersion\":7,\"dispense\":true"));
        assertThat(dispensing.status()).as(dispensing.raw()).isEqualTo(200);
        assertThat(dispensing.body().path("bills").get(0).path("provisioned").asInt())
                .isEqualTo(1);
        assertThat(dispensing.body().path("bills").get(0).path("denomination").asInt())
                .isEqualTo(100);

        String confirmed = first.replace(
                "\"txVersion\":6",
                "\"txVersion\":8,\"dispense\":true,\"dispenseConfirmed\":true,"
                        + "\"bills\":[{\"denomination\":100,\"provisioned\":1,\"dispensed\":1,\"rejected\":0}]");
        Answer done = server.post("/tx", token, confirmed);
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.body().path("dispenseConfirmed").asBoolean()).isTrue();
        assertThat(done.body().path("bills").get(0).path("dispensed").asInt()).isEqualTo(1);
        assertThat(server.get("/tx/" + id + "?status=confirmed", token).status())
                .isEqualTo(304);
    }

    private String invoiceCommand(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new org.lnteller.app.cli.InvoiceCommand(
                        Map.of("LNTELLER_DATA_DIR", data.toString()),
                        Clock.systemUTC(),
                        new java.security.SecureRandom())
                .run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString().strip();
    }

    @Test
    void anInvoiceCommandsInvoiceIsSettledByTheRunningServerWhenPaidWithPay() throws Exception {
        server = new ServerHarness(data, Map.of());

        String text = invoiceCommand("--sats", "20000");
        Bolt11Invoice invoice = Bolt11.decode(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new PayCommand(Map.of("ADMIN_TOKEN", ADMIN_TOKEN, "LNTELLER_DATA_DIR", data.toString()))
                .run(
                        List.of(text, "--server", server.uri("").toString()),
                        new PrintStream(out, true),
                        new PrintStream(err, true));

        assertThat(invoice.amountMsat()).hasValue(20_000_000);
        assertThat(invoice.network()).isEqualTo(Network.REGTEST);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("paid " + invoice.paymentHash().hex());
    }

    @Test
    void anAmountlessInvoiceCommandsInvoiceIsPaidOnceByACashInOfTheRunningServer() throws Exception {
        server = new ServerHarness(data, Map.of("SIMULATED_RATE_USD", "40000"));
        String token = addApp();
        String text = invoiceCommand("--amountless");
        assertThat(Bolt11.decode(text).amountMsat()).isEmpty();
        String id = UUID.randomUUID().toString();
        // $20 at 40,000 plus 5 %: 47,619 sats at most
        String post = "{\"id\":\"" + id
                + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\","
                + "\"cryptoAtoms\":\"47600\",\"toAddress\":\"" + text
                + "\",\"bills\":[{\"denomination\":20,\"fiatCode\":\"USD\"}],"
                + "\"txVersion\":";

        assertThat(server.post("/tx", token, post + "1}").status()).isEqualTo(200);
        Answer sent = server.post("/tx", token, post + "2,\"send\":true}");
        Answer again = server.post("/tx", token, post + "2,\"send\":true}");

        assertThat(sent.status()).as(sent.raw()).isEqualTo(200);
        assertThat(sent.body().path("status").asText()).isEqualTo("confirmed");
        assertThat(again.body().path("status").asText()).isEqualTo("confirmed");
    }

    /** What a machine knows after asking to dispense: its token, its first post, and the server's answer. */
    private record Dispensing(String token, String firstPost, Answer answer) {}

    /** A paid $100 cash-out on a new app with these cassettes (10 notes each), asked to dispense. */
    private Dispensing dispenseOn(String name, List<Integer> denominations, String id) throws Exception {
        List<Map<String, Object>> cassettes = denominations.stream()
                .map(d -> Map.<String, Object>of("denomination", d, "count", 10))
                .toList();
        Answer added = server.post("/api/admin/app/add", ADMIN_TOKEN, Map.of("name", name, "cassettes", cassettes));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        String token = added.body().path("credentials").path("token").asText();
        // $100 at 40,000 less 5 % is 263,158 sats; the machine writes 0.002631 BTC
        String first = "{\"id\":\"" + id + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"100\","
                + "\"fiatCode\":\"USD\",\"cryptoAtoms\":\"263100\",\"txVersion\":1}";
        Answer created = server.post("/tx", token, first);
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(created.body().path("priceFlagged").asBoolean())
                .as("rounded down to 100 sats, not flagged")
                .isFalse();
        server.post("/api/dev/invoices/" + created.body().path("paymentHash").asText() + "/pay", ADMIN_TOKEN, "");
        pollUntil(token, id, "confirmed");
        Answer dispensing =
                server.post("/tx", token, first.replace("\"txVersion\":1", "\"txVersion\":2,\"dispense\":true"));
        assertThat(dispensing.status()).as(dispensing.raw()).isEqualTo(200);
        return new Dispensing(token, first, dispensing);
    }

    private List<Integer> countsOf(String appName) {
        for (JsonNode app : server.get("/api/admin/apps", ADMIN_TOKEN).body().path("apps")) {
            if (app.path("name").asText().equals(appName)) {
                List<Integer> counts = new java.util.ArrayList<>();
                app.path("cassettes").forEach(c -> counts.add(c.path("count").asInt()));
                return counts;
            }
        }
        throw new AssertionError("no app " + appName);
    }

    @Test
    void theDispenseAnswerForCassettesOf20And50ListsBothByPositionAndNameWithTwoFifties() throws Exception {
        server = new ServerHarness(data, Map.of("SIMULATED_RATE_USD", "40000"));

        Answer dispensing = dispenseOn(
                        "twenties-first", List.of(20, 50), UUID.randomUUID().toString())
                .answer();

        assertThat(dispensing.body().path("bills").toString())
                .isEqualTo(
                        "[{\"name\":\"cassette1\",\"denomination\":20,\"provisioned\":0,\"dispensed\":null,\"rejected\":null},"
                                + "{\"name\":\"cassette2\",\"denomination\":50,\"provisioned\":2,\"dispensed\":null,\"rejected\":null}]");
    }

    @Test
    void theDispenseAnswerForCassettesOf50And20ListsBothByPositionAndNameWithTwoFifties() throws Exception {
        server = new ServerHarness(data, Map.of("SIMULATED_RATE_USD", "40000"));

        Answer dispensing = dispenseOn(
                        "fifties-first", List.of(50, 20), UUID.randomUUID().toString())
                .answer();

        assertThat(dispensing.body().path("bills").toString())
                .isEqualTo(
                        "[{\"name\":\"cassette1\",\"denomination\":50,\"provisioned\":2,\"dispensed\":null,\"rejected\":null},"
                                + "{\"name\":\"cassette2\",\"denomination\":20,\"provisioned\":0,\"dispensed\":null,\"rejected\":null}]");
    }

    @Test
    void aPartialDispenseIsRecordedAsReportedAndTheNoteThatStayedGoesBackToItsCassette() throws Exception {
        server = new ServerHarness(data, Map.of("SIMULATED_RATE_USD", "40000"));
        Dispensing d = dispenseOn("partial", List.of(20, 50), UUID.randomUUID().toString());
        assertThat(countsOf("partial")).containsExactly(10, 8);

        // one 50 came out, the other was never picked; reported by name, in another order, one entry without a
        // denomination
        String confirmed = d.firstPost()
                .replace(
                        "\"txVersion\":1",
                        "\"txVersion\":3,\"dispense\":true,\"dispenseConfirmed\":true,"
                                + "\"bills\":[{\"name\":\"cassette2\",\"provisioned\":2,\"dispensed\":1,\"rejected\":0},"
                                + "{\"name\":\"cassette1\",\"denomination\":20,\"provisioned\":0,\"dispensed\":0,\"rejected\":0}]");
        Answer done = server.post("/tx", d.token(), confirmed);
        Answer again = server.post("/tx", d.token(), confirmed);

        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.body().path("dispenseConfirmed").asBoolean()).isTrue();
        assertThat(done.body().path("bills").toString())
                .isEqualTo(
                        "[{\"name\":\"cassette1\",\"denomination\":20,\"provisioned\":0,\"dispensed\":0,\"rejected\":0},"
                                + "{\"name\":\"cassette2\",\"denomination\":50,\"provisioned\":2,\"dispensed\":1,\"rejected\":0}]");
        assertThat(done.body().path("dispensedFiat").asInt()).isEqualTo(50);
        assertThat(again.status()).isEqualTo(200);
        assertThat(countsOf("partial")).as("the note that stayed is back, once").containsExactly(10, 9);
        // the operator's listing shows it too
        assertThat(server.get("/api/admin/txs", ADMIN_TOKEN).body().toString()).contains("\"dispensedFiat\":50");
    }

    @Test
    void anUnpaidInvoiceExpiresAndTheMachineSeesIt() throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        server = new ServerHarness(data, Map.of("INVOICE_EXPIRY_MINUTES", "30"), clock);
        String token = addApp();
        Answer created = server.post(
                "/tx",
                token,
                "{\"id\":\"e0e0e0e0-0000-4000-8000-000000000001\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"cryptoAtoms\":40000,\"txVersion\":1}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(Instant.parse(created.body().path("invoiceExpiresAt").asText()))
                .isEqualTo(clock.instant()
                        .plus(Duration.ofMinutes(30))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(server.get("/tx/e0e0e0e0-0000-4000-8000-000000000001?status=notSeen", token)
                        .status())
                .isEqualTo(304);
        clock.advance(Duration.ofMinutes(31));
        assertThat(pollUntil(token, "e0e0e0e0-0000-4000-8000-000000000001", "expired")
                        .path("status")
                        .asText())
                .isEqualTo("expired");
        String hash = Bolt11.decode(created.body().path("toAddress").asText())
                .paymentHash()
                .hex();
        assertThat(server.post("/api/dev/invoices/" + hash + "/pay", ADMIN_TOKEN, "")
                        .status())
                .as("an expired invoice cannot be paid")
                .isEqualTo(410);
    }

    @Test
    void machinesWithoutAValidTokenAreTurnedAway() {
        server = new ServerHarness(data, Map.of());
        assertThat(server.get("/tx/anything", null).status()).isEqualTo(401);
        assertThat(server.get("/tx/anything", "lnt_wrong").status()).isEqualTo(401);
        assertThat(server.get("/healthz", null).status()).isEqualTo(200);
        Answer metrics = server.get("/metrics", ADMIN_TOKEN);
        assertThat(metrics.raw()).contains("http_server_requests");
    }

    @Test
    void badInputIsRefusedWithJsonAndWritesNothing() {
        server = new ServerHarness(data, Map.of());
        String token = addApp();
        List<String> bad = List.of(
                "{",
                "[]",
                "null",
                "{\"direction\":\"cashOut\"}",
                "{\"id\":\"b1\",\"direction\":\"sideways\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":1}",
                "{\"id\":\"b2\",\"direction\":\"cashOut\",\"cryptoCode\":\"BTC\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":1}",
                "{\"id\":\"b3\",\"direction\":\"cashOut\",\"fiat\":-1,\"cryptoAtoms\":1,\"txVersion\":1}",
                "{\"id\":\"b4\",\"direction\":\"cashOut\",\"fiat\":0,\"cryptoAtoms\":1,\"txVersion\":1}",
                "{\"id\":\"b5\",\"direction\":\"cashOut\",\"fiat\":1,\"cryptoAtoms\":0,\"txVersion\":1}",
                "{\"id\":\"b6\",\"direction\":\"cashOut\",\"fiat\":1,\"cryptoAtoms\":\"99999999999999999999\",\"txVersion\":1}",
                "{\"id\":\"b7\",\"direction\":\"cashOut\",\"fiat\":\"1e400\",\"cryptoAtoms\":1,\"txVersion\":1}",
                "{\"id\":\"b8\",\"direction\":\"cashIn\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":1}",
                "{\"id\":\"../etc\",\"direction\":\"cashOut\",\"fiat\":1,\"cryptoAtoms\":1,\"txVersion\":1}",
                "{\"id\":\"b9\",\"direction\":\"cashOut\",\"fiat\":1.001,\"cryptoAtoms\":1,\"txVersion\":1}",
                "x".repeat(70_000));
        for (String body : bad) {
            Answer answer = server.post("/tx", token, body);
            assertThat(answer.status())
                    .as(body.length() > 80 ? "huge body" : body)
                    .isBetween(400, 499);
            assertThat(answer.body().path("error").asText())
                    .as(body.length() > 80 ? "huge body" : body)
                    .isNotEmpty();
        }
        assertThat(server.get("/api/admin/txs", ADMIN_TOKEN).body().path("items"))
                .isEmpty();
    }
}
