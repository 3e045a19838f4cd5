package org.lnteller.adapter.galoy.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;

/**
 * The fake's control API, for tests that run it as a process of their own ({@link FakeBlinkMain}).
 * It plays the world outside the wallet and the faults; it is not part of Blink's API.
 *
 * <pre>
 * POST /fake/accounts?balance=SATS            {"apiKey","walletId","accountId"}
 * POST /fake/invoices/{hash}/pay              someone outside pays an invoice the account issued
 * POST /fake/invoices/{hash}/expire           an unpaid invoice reaches its expiry now
 * POST /fake/foreign-invoices[?amount=SATS]   {"bolt11","paymentHash"}: an invoice outside Blink
 * POST /fake/foreign-invoices/register        {"bolt11","preimage","amount"?,"expiresAt"}: make a real invoice written elsewhere payable
 * GET  /fake/sends                            {"paymentHashHex": sends that moved money, ...}
 * POST /fake/prices/{currency}?perBtc=N       sets the price of one BTC
 * POST /fake/faults?operation=NAME&amp;times=N&amp;kind=status|drop|latency|late|dropAfter|error&amp;status=503&amp;millis=..&amp;code=..&amp;message=..
 * POST /fake/sockets/kill                     cuts every subscription socket
 * GET  /fake/calls                            {"OperationName": count, ...}
 * GET  /fake/violations                       ["Operation: error", ...]
 * </pre>
 */
final class FakeBlinkControl {
    private FakeBlinkControl() {}

    static void install(Javalin javalin, FakeBlink fake) {
        FakeLedger ledger = fake.ledger();
        javalin.addHttpHandler(HandlerType.POST, "/fake/accounts", ctx -> {
            long balance = Long.parseLong(
                    Optional.ofNullable(ctx.queryParam("balance")).orElse("10000000"));
            FakeLedger.Account a = ledger.newAccount(balance);
            ObjectNode out = FakeBlink.object();
            out.put("apiKey", a.apiKey());
            out.put("walletId", a.btcWalletId());
            out.put("accountId", a.id());
            ctx.json(out);
        });
        javalin.addHttpHandler(
                HandlerType.POST,
                "/fake/invoices/{hash}/pay",
                ctx -> answer(ctx, ledger.payFromOutside(FakeBlink.hash(ctx.pathParam("hash")))));
        javalin.addHttpHandler(
                HandlerType.POST,
                "/fake/invoices/{hash}/expire",
                ctx -> answer(ctx, ledger.expire(FakeBlink.hash(ctx.pathParam("hash")))));
        javalin.addHttpHandler(HandlerType.POST, "/fake/foreign-invoices", ctx -> {
            Optional<Long> amount =
                    Optional.ofNullable(ctx.queryParam("amount")).map(Long::parseLong);
            FakeLedger.Foreign f = ledger.foreignInvoice(amount);
            ObjectNode out = FakeBlink.object();
            out.put("bolt11", f.bolt11());
            out.put("paymentHash", f.paymentHash().hex());
            ctx.json(out);
        });
        javalin.addHttpHandler(HandlerType.POST, "/fake/prices/{currency}", ctx -> {
            ledger.setPrice(
                    ctx.pathParam("currency").toUpperCase(java.util.Locale.ROOT),
                    FakeBlink.decimal(ctx.queryParam("perBtc")));
            answer(ctx, true);
        });
        javalin.addHttpHandler(HandlerType.POST, "/fake/faults", ctx -> {
            String op = Optional.ofNullable(ctx.queryParam("operation")).orElse("*");
            int times = Integer.parseInt(
                    Optional.ofNullable(ctx.queryParam("times")).orElse("1"));
            String millis = Optional.ofNullable(ctx.queryParam("millis")).orElse("0");
            Fault fault;
            switch (Optional.ofNullable(ctx.queryParam("kind")).orElse("")) {
                case "status":
                    fault = new Fault.Status(Integer.parseInt(ctx.queryParam("status")));
                    break;
                case "drop":
                    fault = new Fault.Drop();
                    break;
                case "latency":
                    fault = new Fault.Latency(FakeBlink.millis(millis));
                    break;
                case "late":
                    fault = new Fault.AnswerLate(FakeBlink.millis(millis));
                    break;
                case "dropAfter":
                    fault = new Fault.DropAfterRunning();
                    break;
                case "error":
                    fault = new Fault.TopLevelError(
                            ctx.queryParam("code"),
                            Optional.ofNullable(ctx.queryParam("message")).orElse("injected"));
                    break;
                default:
                    ctx.status(400).result("kind must be status, drop, latency, late, dropAfter or error");
                    return;
            }
            fake.inject(op, times, fault);
            answer(ctx, true);
        });
        javalin.addHttpHandler(HandlerType.POST, "/fake/sockets/kill", ctx -> {
            fake.killSockets();
            answer(ctx, true);
        });
        javalin.addHttpHandler(HandlerType.POST, "/fake/foreign-invoices/register", ctx -> {
            com.fasterxml.jackson.databind.JsonNode body =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(ctx.body());
            Optional<Long> amount =
                    body.hasNonNull("amount") ? Optional.of(body.get("amount").asLong()) : Optional.empty();
            FakeLedger.Foreign f = ledger.registerForeign(
                    body.get("bolt11").asText(),
                    org.lnteller.ports.model.Preimage.fromHex(
                            body.get("preimage").asText()),
                    amount,
                    java.time.Instant.parse(body.get("expiresAt").asText()));
            ObjectNode out = FakeBlink.object();
            out.put("paymentHash", f.paymentHash().hex());
            ctx.json(out);
        });
        javalin.addHttpHandler(HandlerType.GET, "/fake/sends", ctx -> {
            java.util.Map<String, Integer> out = new java.util.TreeMap<>();
            ledger.sendsByHash().forEach((hash, count) -> out.put(hash.hex(), count));
            ctx.json(out);
        });
        javalin.addHttpHandler(HandlerType.GET, "/fake/calls", ctx -> ctx.json(fake.callCounts()));
        javalin.addHttpHandler(HandlerType.GET, "/fake/violations", ctx -> ctx.json(fake.violations()));
    }

    private static void answer(Context ctx, boolean done) {
        ctx.status(done ? 200 : 409).json(java.util.Map.of("done", done));
    }
}
