package org.lnteller.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether the work on the shared Lightning node was done exactly once, from the node's counters
 * (the LND stand-in's {@code GET /fake/settled} and {@code GET /fake/sends}), the database the
 * server instances share, and what the machines saw complete.
 *
 * @param settledTwice       invoices the node settled more than once
 * @param paidNotSettled     cash-outs the database says paid whose invoice the node never settled
 * @param settledNotPaid     cash-out invoices the node settled that the database does not say paid (lost)
 * @param sentTwice          payment hashes the node paid more than once
 * @param paidNotSent        cash-ins the database says paid with no payment at the node
 * @param sentNotPaid        payments the node made that no paid cash-in in the database accounts for
 * @param dispensedNotInDb   cash-outs the machines completed that the database does not say dispensed
 * @param paidByMachineNotInDb cash-ins the machines saw paid that the database does not say paid
 */
record ExactlyOnce(
        long settled,
        long sends,
        long settledTwice,
        long paidNotSettled,
        long settledNotPaid,
        long sentTwice,
        long paidNotSent,
        long sentNotPaid,
        long dispensedNotInDb,
        long paidByMachineNotInDb) {

    boolean ok() {
        return settledTwice
                        + paidNotSettled
                        + settledNotPaid
                        + sentTwice
                        + paidNotSent
                        + sentNotPaid
                        + dispensedNotInDb
                        + paidByMachineNotInDb
                == 0;
    }

    record Row(String direction, String status, String paymentHash, boolean sendConfirmed, boolean dispenseConfirmed) {
        boolean cashOutPaid() {
            return "cashOut".equals(direction) && ("confirmed".equals(status) || dispenseConfirmed);
        }

        boolean cashInPaid() {
            return "cashIn".equals(direction) && sendConfirmed;
        }
    }

    static ExactlyOnce check(
            String dbUrl, URI control, Collection<String> completedCashOuts, Collection<String> completedCashIns) {
        Map<String, Integer> settled = counts(control, "/fake/settled");
        Map<String, Integer> sends = counts(control, "/fake/sends");
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(dbUrl);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT id, direction, status, payment_hash, send_confirmed, dispense_confirmed FROM transactions")) {
            while (rs.next()) {
                rows.put(
                        rs.getString("id"),
                        new Row(
                                rs.getString("direction"),
                                rs.getString("status"),
                                rs.getString("payment_hash"),
                                rs.getBoolean("send_confirmed"),
                                rs.getBoolean("dispense_confirmed")));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the transactions: " + e.getMessage(), e);
        }
        Set<String> paidCashInHashes = new HashSet<>();
        long paidNotSettled = 0;
        long paidNotSent = 0;
        for (Row r : rows.values()) {
            if (r.cashOutPaid() && settled.getOrDefault(r.paymentHash(), 0) != 1) paidNotSettled++;
            if (r.cashInPaid()) {
                paidCashInHashes.add(r.paymentHash());
                if (sends.getOrDefault(r.paymentHash(), 0) != 1) paidNotSent++;
            }
        }
        Set<String> paidCashOutHashes = new HashSet<>();
        for (Row r : rows.values()) if (r.cashOutPaid()) paidCashOutHashes.add(r.paymentHash());
        long settledNotPaid = settled.keySet().stream()
                .filter(h -> !paidCashOutHashes.contains(h))
                .count();
        long sentNotPaid = sends.keySet().stream()
                .filter(h -> !paidCashInHashes.contains(h))
                .count();
        long dispensed = completedCashOuts.stream()
                .filter(id -> rows.get(id) == null || !rows.get(id).dispenseConfirmed())
                .count();
        long paidByMachine = completedCashIns.stream()
                .filter(id -> rows.get(id) == null || !rows.get(id).sendConfirmed())
                .count();
        return new ExactlyOnce(
                settled.size(),
                sends.size(),
                settled.values().stream().filter(n -> n != 1).count(),
                paidNotSettled,
                settledNotPaid,
                sends.values().stream().filter(n -> n != 1).count(),
                paidNotSent,
                sentNotPaid,
                dispensed,
                paidByMachine);
    }

    private static Map<String, Integer> counts(URI control, String path) {
        try {
            HttpResponse<String> r = BenchHttp.newClient()
                    .send(
                            HttpRequest.newBuilder(control.resolve(path))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            Map<String, Integer> out = new HashMap<>();
            JsonNode json = BenchHttp.JSON.readTree(r.body());
            json.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + path + " from the stand-in: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    void print(PrintStream out) {
        out.printf(
                Locale.ROOT, "%nExactly once, on the shared node (the stand-in's counters) and the shared database%n");
        out.printf(
                Locale.ROOT,
                "  invoices settled      %d; settled more than once %d (must be 0)%n",
                settled,
                settledTwice);
        out.printf(
                Locale.ROOT,
                "  cash-outs             paid in the DB without one settle %d, settled but not paid in the DB %d (both 0)%n",
                paidNotSettled,
                settledNotPaid);
        out.printf(
                Locale.ROOT,
                "  payments sent         %d; a hash paid more than once %d (must be 0)%n",
                sends,
                sentTwice);
        out.printf(
                Locale.ROOT,
                "  cash-ins              paid in the DB without one send %d, sent but not paid in the DB %d (both 0)%n",
                paidNotSent,
                sentNotPaid);
        out.printf(
                Locale.ROOT,
                "  the machines' view    completed but not final in the DB: %d cash-outs, %d cash-ins (both 0)%n",
                dispensedNotInDb,
                paidByMachineNotInDb);
    }
}
