package org.lnteller.app.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lnteller.app.bench.BenchHttp.Answer;
import org.lnteller.app.bench.Machine.Prices;

/**
 * Statements per request, by kind of request: before the load, one machine sends each kind of
 * request on its own, and the server's statement counters ({@code lnteller_jdbc_*} in
 * {@code /metrics}) are read before and after it. The server's background jobs (the invoice
 * monitor, the send reconciler, lease renewals) run meanwhile and may add their statements to a
 * request's; each kind is therefore measured {@link #SAMPLES} times, on fresh transactions, and the
 * sample with the fewest statements is the request's own figure (background work only adds).
 */
final class StatementProfile {
    static final int SAMPLES = 7;
    static final List<String> KINDS = List.of("select", "insert", "update", "delete", "other");
    private static final Pattern STATEMENTS = Pattern.compile(
            "^lnteller_jdbc_statements_total\\{kind=\"([a-z]+)\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern EXECUTIONS =
            Pattern.compile("^lnteller_jdbc_executions_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern TRANSACTION_CALLS =
            Pattern.compile("^lnteller_jdbc_transaction_calls_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);

    /** The counters at one moment, or their difference. */
    record Counts(Map<String, Long> byKind, long executions, long transactionCalls) {
        static Counts parse(String metrics) {
            Map<String, Long> byKind = new LinkedHashMap<>();
            for (String kind : KINDS) byKind.put(kind, 0L);
            Matcher m = STATEMENTS.matcher(metrics);
            while (m.find()) byKind.put(m.group(1), (long) Double.parseDouble(m.group(2)));
            return new Counts(byKind, single(EXECUTIONS, metrics), single(TRANSACTION_CALLS, metrics));
        }

        private static long single(Pattern p, String metrics) {
            Matcher m = p.matcher(metrics);
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        }

        Counts minus(Counts earlier) {
            Map<String, Long> diff = new LinkedHashMap<>();
            byKind.forEach((k, v) -> diff.put(k, v - earlier.byKind.getOrDefault(k, 0L)));
            return new Counts(diff, executions - earlier.executions, transactionCalls - earlier.transactionCalls);
        }

        long statements() {
            return byKind.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Round trips: statement executions and transaction calls. */
        long roundTrips() {
            return executions + transactionCalls;
        }
    }

    private final URI base;
    private final String adminToken;
    private final String appToken;
    private final Customers customers;
    private final Prices prices;
    private final HttpClient client = BenchHttp.newClient();
    private final BenchHttp http;
    private final Random random = new Random(17);
    private final Map<String, Counts> fewest = new LinkedHashMap<>();

    StatementProfile(URI base, String adminToken, String appToken, Customers customers, Prices prices, Errors errors) {
        this.base = base;
        this.adminToken = adminToken;
        this.appToken = appToken;
        this.customers = customers;
        this.prices = prices;
        this.http = new BenchHttp(base, client, new Latencies(), errors);
    }

    /** Measures every kind of request {@link #SAMPLES} times; empty when the server has no statement counters. */
    Optional<Map<String, Counts>> measure() {
        if (!ServerMetrics.text(client, base, adminToken).contains("lnteller_jdbc_statements_total"))
            return Optional.empty();
        for (int i = 0; i < SAMPLES; i++) {
            cashOut();
            cashIn();
        }
        return Optional.of(fewest);
    }

    private void cashOut() {
        String id = UUID.randomUUID().toString();
        String base = "{\"id\":\"" + id + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"20\","
                + "\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + prices.cashOutSats(20) + "\",\"txVersion\":";
        Answer created = measured("cash-out: first post", () -> post(base + "1}"));
        require(created, "cash-out first post");
        measured(
                "poll: GET /tx/{id}, unchanged (304)",
                () -> http.get(Machine.GET_TX, "/tx/" + id + "?status=notSeen", Optional.of(appToken)));
        String hash = created.text("paymentHash");
        require(customers.pay(http, hash), "paying the cash-out");
        awaitStatus(id, "confirmed");
        Answer dispensing = measured("cash-out: dispense post", () -> post(base + "2,\"dispense\":true}"));
        require(dispensing, "dispense post");
        var line = dispensing.body().path("bills").get(0);
        String confirmed = base + "3,\"dispense\":true,\"dispenseConfirmed\":true,\"bills\":[{\"name\":\""
                + line.path("name").asText() + "\",\"denomination\":"
                + line.path("denomination").asText()
                + ",\"provisioned\":" + line.path("provisioned").asLong() + ",\"dispensed\":"
                + line.path("provisioned").asLong() + ",\"rejected\":0}]}";
        require(measured("cash-out: dispenseConfirmed post", () -> post(confirmed)), "dispenseConfirmed post");
    }

    private void cashIn() {
        String id = UUID.randomUUID().toString();
        long sats = prices.cashInSats(40);
        String invoice = customers.invoice(0, sats);
        String head = "{\"id\":\"" + id + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"%d\","
                + "\"fiatCode\":\"USD\",\"cryptoAtoms\":\"%d\",\"toAddress\":\"" + invoice + "\",\"bills\":[%s],"
                + "\"txVersion\":%d,\"send\":%s}";
        String bill = "{\"denomination\":20,\"fiatCode\":\"USD\"}";
        require(
                measured(
                        "cash-in: first post (one bill)",
                        () -> post(String.format(Locale.ROOT, head, 20, prices.cashInSats(20), bill, 1, "false"))),
                "cash-in first post");
        require(
                measured(
                        "cash-in: bill post (second bill)",
                        () -> post(String.format(Locale.ROOT, head, 40, sats, bill + "," + bill, 2, "false"))),
                "cash-in bill post");
        require(
                measured(
                        "cash-in: send post",
                        () -> post(String.format(Locale.ROOT, head, 40, sats, bill + "," + bill, 3, "true"))),
                "cash-in send post");
        awaitSent(id);
        measured(
                "poll: GET /tx/{id}, full answer (200)",
                () -> http.get(Machine.GET_TX, "/tx/" + id, Optional.of(appToken)));
    }

    private Answer post(String body) {
        return http.post(Machine.POST_TX, "/tx", Optional.of(appToken), body);
    }

    /** Runs {@code request} between two scrapes, settling first so that its own background work is done. */
    private Answer measured(String kind, Supplier<Answer> request) {
        settle();
        Counts before = counts();
        Answer answer = request.get();
        Counts spent = counts().minus(before);
        fewest.merge(
                kind,
                spent,
                (a, b) -> b.statements() < a.statements()
                                || (b.statements() == a.statements() && b.roundTrips() < a.roundTrips())
                        ? b
                        : a);
        return answer;
    }

    private Counts counts() {
        return Counts.parse(ServerMetrics.text(client, base, adminToken));
    }

    private void awaitStatus(String id, String status) {
        for (int i = 0; i < 200; i++) {
            Answer poll = http.get(Machine.GET_TX, "/tx/" + id, Optional.of(appToken));
            if (poll.status() == 200 && status.equals(poll.text("status"))) return;
            sleep(50);
        }
        throw new IllegalStateException("statement profile: " + id + " never reached " + status);
    }

    private void awaitSent(String id) {
        for (int i = 0; i < 200; i++) {
            Answer poll = http.get(Machine.GET_TX, "/tx/" + id, Optional.of(appToken));
            if (poll.status() == 200 && poll.flag("sendConfirmed")) return;
            sleep(50);
        }
        throw new IllegalStateException("statement profile: the send of " + id + " never confirmed");
    }

    private static void require(Answer answer, String what) {
        if (answer.status() != 200)
            throw new IllegalStateException(
                    "statement profile: " + what + " answered " + answer.status() + ": " + answer.raw());
    }

    private static void settle() {
        sleep(30);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void print(PrintStream out, Map<String, Counts> profile) {
        out.printf(
                Locale.ROOT,
                "%nStatements per request (the fewest of %d isolated samples; round trips = executions, a batch once,"
                        + " + commits/rollbacks/isolation calls)%n",
                SAMPLES);
        out.printf(
                Locale.ROOT,
                "  %-40s %6s %6s %6s %6s %6s %6s %6s %6s%n",
                "request",
                "select",
                "insert",
                "update",
                "delete",
                "other",
                "total",
                "execs",
                "tx-ctl");
        profile.forEach((kind, c) -> out.printf(
                Locale.ROOT,
                "  %-40s %6d %6d %6d %6d %6d %6d %6d %6d%n",
                kind,
                c.byKind().get("select"),
                c.byKind().get("insert"),
                c.byKind().get("update"),
                c.byKind().get("delete"),
                c.byKind().get("other"),
                c.statements(),
                c.executions(),
                c.transactionCalls()));
    }

    static void record(Properties p, Map<String, Counts> profile) {
        profile.forEach((kind, c) -> {
            String key = "statements." + kind.replaceAll("[^A-Za-z0-9]+", "_");
            p.setProperty(key + ".total", Long.toString(c.statements()));
            p.setProperty(key + ".roundTrips", Long.toString(c.roundTrips()));
        });
    }
}
