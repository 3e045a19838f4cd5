package org.lnteller.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.lnteller.app.bench.BenchHttp.Answer;

/**
 * One ATM and the customers in front of it: runs cash-out and cash-in lifecycles back to back, as
 * a Lamassu machine talks to its server, until the plan's duration is over, then finishes the
 * lifecycle under way. A lifecycle that does not complete (an error answer, a status it does not
 * expect, or the plan's timeout) is counted as incomplete and the machine moves on to the next.
 *
 * <p>Cash-out: post the tx (the answer carries the invoice), poll {@code ?status=notSeen} every
 * poll interval, the customer's wallet pays the invoice after the pay delay ({@link Customers}:
 * the simulated backend's dev endpoint, or the LND stand-in's control API), and once a poll answers
 * {@code confirmed}: post {@code dispense}, then {@code dispenseConfirmed} with the notes.
 *
 * <p>Cash-in: the customer shows an invoice of their own wallet, the machine posts the stacked
 * bills, then {@code send}; the server pays the invoice, and the machine polls until
 * {@code sendConfirmed} should the answer to send not say so yet (or be 204: the payment in flight).
 */
final class Machine implements Runnable {
    static final String POST_TX = "POST /tx";
    static final String GET_TX = "GET /tx/{id}";
    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000);

    /** The operator's prices, read once from GET /rates: fiat per BTC, commissions included. */
    record Prices(BigDecimal cashOut, BigDecimal cashIn) {
        /** The sats a cash-out must ask for {@code dollars}: rounded up, so the server never flags it as underpriced. */
        long cashOutSats(long dollars) {
            return BigDecimal.valueOf(dollars)
                    .multiply(SATS_PER_BTC)
                    .divide(cashOut, 0, RoundingMode.CEILING)
                    .longValueExact();
        }

        /** The sats a cash-in gives for {@code dollars}: rounded down, as the server does. */
        long cashInSats(long dollars) {
            return BigDecimal.valueOf(dollars)
                    .multiply(SATS_PER_BTC)
                    .divide(cashIn, 0, RoundingMode.FLOOR)
                    .longValueExact();
        }
    }

    private final int index;
    private final BenchHttp http;
    private final String appToken;
    private final Customers customers;
    private final Prices prices;
    private final Plan plan;
    private final Errors errors;
    private final long deadlineNanos;
    private final Random random;
    private final long startDelayMs;

    private int sequence;
    private long cashOutsDone;
    private long cashInsDone;
    private long incomplete;
    private final List<String> completedCashOuts = new ArrayList<>();
    private final List<String> completedCashIns = new ArrayList<>();

    Machine(
            int index,
            BenchHttp http,
            String appToken,
            Customers customers,
            Prices prices,
            Plan plan,
            Errors errors,
            long deadlineNanos,
            long startDelayMs) {
        this.index = index;
        this.http = http;
        this.appToken = appToken;
        this.customers = customers;
        this.prices = prices;
        this.plan = plan;
        this.errors = errors;
        this.deadlineNanos = deadlineNanos;
        this.startDelayMs = startDelayMs;
        this.random = new Random(plan.seed() * 7919 + index);
    }

    long cashOutsDone() {
        return cashOutsDone;
    }

    long cashInsDone() {
        return cashInsDone;
    }

    long incomplete() {
        return incomplete;
    }

    /** The ids of the cash-outs this machine saw dispensed. */
    List<String> completedCashOuts() {
        return completedCashOuts;
    }

    /** The ids of the cash-ins this machine saw paid. */
    List<String> completedCashIns() {
        return completedCashIns;
    }

    Latencies latencies() {
        return http.latencies();
    }

    @Override
    public void run() {
        // spread the machines' first posts, so that the run does not start with every machine at once
        if (!sleepMs(startDelayMs)) return;
        while (System.nanoTime() < deadlineNanos && !Thread.currentThread().isInterrupted()) {
            boolean cashOut = random.nextDouble() < plan.cashOutShare();
            // machines send UUIDs; the sequence keeps them unique per machine
            String id = new java.util.UUID(((long) index << 32) | (++sequence), random.nextLong()).toString();
            Optional<String> failure;
            try {
                failure = cashOut ? cashOut(id) : cashIn(id);
            } catch (RuntimeException e) {
                failure = Optional.of(e.toString());
            }
            if (failure.isEmpty()) {
                if (cashOut) {
                    cashOutsDone++;
                    completedCashOuts.add(id);
                } else {
                    cashInsDone++;
                    completedCashIns.add(id);
                }
            } else {
                incomplete++;
                errors.add((cashOut ? "cash-out" : "cash-in") + " incomplete", id + ": " + failure.get());
            }
        }
    }

    private Optional<String> cashOut(String id) {
        long lifecycleEnd = System.nanoTime() + plan.lifecycleTimeout().toNanos();
        long dollars = 20L * (1 + random.nextInt(5));
        String base = "{\"id\":\"" + id + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"" + dollars
                + "\",\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + prices.cashOutSats(dollars) + "\",\"txVersion\":";
        Answer created = http.post(POST_TX, "/tx", Optional.of(appToken), base + "1}");
        if (created.status() != 200) return Optional.of("create answered " + created.status());
        if (!"notSeen".equals(created.text("status"))) return Optional.of("create status " + created.text("status"));
        String hash = created.text("paymentHash");

        long payAt = System.nanoTime() + plan.payDelayMs() * 1_000_000;
        boolean paid = false;
        long nextPoll = System.nanoTime() + plan.pollMs() * 1_000_000;
        while (true) {
            long now = System.nanoTime();
            if (now > lifecycleEnd) return Optional.of("not confirmed within " + plan.lifecycleTimeout());
            if (!paid && now >= payAt) {
                Answer pay = customers.pay(http, hash);
                if (!pay.ok()) return Optional.of("paying the invoice answered " + pay.status());
                paid = true;
                continue;
            }
            if (now >= nextPoll) {
                // the next poll an interval after this one was sent, as a machine's timer does; never a burst to catch
                // up
                nextPoll = now + plan.pollMs() * 1_000_000;
                Answer poll = http.get(GET_TX, "/tx/" + id + "?status=notSeen", Optional.of(appToken));
                if (poll.status() == 200) {
                    String status = poll.text("status");
                    if ("confirmed".equals(status)) break;
                    if (!"notSeen".equals(status)) return Optional.of("poll answered status " + status);
                } else if (poll.status() != 304) {
                    return Optional.of("poll answered " + poll.status());
                }
                continue;
            }
            long wakeAt = paid ? nextPoll : Math.min(nextPoll, payAt);
            if (!sleepMs(Math.max(1, (wakeAt - now) / 1_000_000))) return Optional.of("interrupted");
        }

        Answer dispensing = http.post(POST_TX, "/tx", Optional.of(appToken), base + "2,\"dispense\":true}");
        if (dispensing.status() != 200) return Optional.of("dispense answered " + dispensing.status());
        JsonNode bills = dispensing.body().path("bills");
        long notes = 0;
        StringBuilder confirmed =
                new StringBuilder(base).append("3,\"dispense\":true,\"dispenseConfirmed\":true,\"bills\":[");
        for (int i = 0; i < bills.size(); i++) {
            JsonNode line = bills.get(i);
            long provisioned = line.path("provisioned").asLong();
            notes += line.path("denomination").asLong() * provisioned;
            confirmed
                    .append(i == 0 ? "" : ",")
                    .append("{\"name\":\"")
                    .append(line.path("name").asText())
                    .append("\",\"denomination\":")
                    .append(line.path("denomination").asText())
                    .append(",\"provisioned\":")
                    .append(provisioned)
                    .append(",\"dispensed\":")
                    .append(provisioned)
                    .append(",\"rejected\":0}");
        }
        if (notes != dollars) return Optional.of("dispense provisioned " + notes + " for " + dollars);
        Answer done = http.post(
                POST_TX, "/tx", Optional.of(appToken), confirmed.append("]}").toString());
        if (done.status() != 200) return Optional.of("dispenseConfirmed answered " + done.status());
        if (!done.flag("dispenseConfirmed")) return Optional.of("dispenseConfirmed not recorded: " + done.raw());
        return Optional.empty();
    }

    private Optional<String> cashIn(String id) {
        long lifecycleEnd = System.nanoTime() + plan.lifecycleTimeout().toNanos();
        int notes = 1 + random.nextInt(3);
        long dollars = 20L * notes;
        long sats = prices.cashInSats(dollars);
        String invoice = customers.invoice(index, sats);
        StringBuilder bills = new StringBuilder("[");
        for (int i = 0; i < notes; i++)
            bills.append(i == 0 ? "" : ",").append("{\"denomination\":20,\"fiatCode\":\"USD\"}");
        String base = "{\"id\":\"" + id + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"" + dollars
                + "\",\"fiatCode\":\"USD\",\"cryptoAtoms\":\"" + sats + "\",\"toAddress\":\"" + invoice
                + "\",\"bills\":" + bills + "],\"txVersion\":";
        Answer stacked = http.post(POST_TX, "/tx", Optional.of(appToken), base + "1,\"send\":false}");
        if (stacked.status() != 200) return Optional.of("bills post answered " + stacked.status());
        if (!sleepMs(plan.cashInThinkMs())) return Optional.of("interrupted");

        Answer sent = http.post(POST_TX, "/tx", Optional.of(appToken), base + "2,\"send\":true}");
        // 204: the payment is in flight and there is no answer yet; the machine asks for the tx
        if (sent.status() != 200 && sent.status() != 204) return Optional.of("send answered " + sent.status());
        while (!sent.flag("sendConfirmed")) {
            if ("failed".equals(sent.text("status")) || sent.flag("error"))
                return Optional.of("send failed: " + sent.raw());
            if (System.nanoTime() > lifecycleEnd)
                return Optional.of("send not confirmed within " + plan.lifecycleTimeout());
            if (!sleepMs(plan.pollMs())) return Optional.of("interrupted");
            sent = http.get(GET_TX, "/tx/" + id, Optional.of(appToken));
            if (sent.status() != 200) return Optional.of("poll after send answered " + sent.status());
        }
        return Optional.empty();
    }

    private static boolean sleepMs(long ms) {
        if (ms <= 0) return true;
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
