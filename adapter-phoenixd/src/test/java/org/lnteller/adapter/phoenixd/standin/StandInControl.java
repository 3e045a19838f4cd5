package org.lnteller.adapter.phoenixd.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.lnteller.ports.model.PaymentHash;

/**
 * The stand-in's control routes under {@code /fake/}, for a stand-in running as a process of its
 * own (the crash test). It plays the world outside the node and the faults; it is not part of
 * phoenixd's API and needs no password.
 *
 * <pre>
 * POST /fake/foreign-invoices?amountSat=N     another node's invoice: {"bolt11":..., "paymentHash":...}
 * POST /fake/incoming/{hash}/pay              someone pays an invoice this node issued
 * POST /fake/faults?path=payinvoice&amp;times=N&amp;kind=status|lost|closed|slow&amp;status=503&amp;millis=..
 * POST /fake/restart?downMillis=N             a node restart
 * GET  /fake/sends                            {hash: successful payments}
 * GET  /fake/violations                       calls that broke phoenixd's API
 * </pre>
 */
final class StandInControl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandInControl() {}

    static void install(Javalin javalin, PhoenixdStandIn standIn) {
        javalin.addHttpHandler(HandlerType.POST, "/fake/foreign-invoices", ctx -> {
            String amount = ctx.queryParam("amountSat");
            PhoenixdStandIn.Foreign f =
                    standIn.foreignInvoice(amount == null ? Optional.empty() : Optional.of(Long.parseLong(amount)));
            ctx.contentType("application/json")
                    .result(JSON.writeValueAsString(Map.of(
                            "bolt11", f.bolt11(), "paymentHash", f.paymentHash().hex())));
        });
        javalin.addHttpHandler(HandlerType.POST, "/fake/incoming/{hash}/pay", ctx -> {
            standIn.payIncoming(PaymentHash.fromHex(ctx.pathParam("hash")));
            ctx.status(204);
        });
        javalin.addHttpHandler(HandlerType.POST, "/fake/faults", ctx -> {
            String path = ctx.queryParam("path") == null ? "*" : ctx.queryParam("path");
            int times = ctx.queryParam("times") == null ? 1 : Integer.parseInt(ctx.queryParam("times"));
            Duration millis =
                    Duration.ofMillis(ctx.queryParam("millis") == null ? 0 : Long.parseLong(ctx.queryParam("millis")));
            Fault fault = switch (String.valueOf(ctx.queryParam("kind"))) {
                case "status" -> new Fault.Status(Integer.parseInt(ctx.queryParam("status")));
                case "lost" -> new Fault.LostAnswer();
                case "closed" -> new Fault.ClosedMidPayment(millis);
                case "slow" -> new Fault.Slow(millis);
                default -> throw new IllegalArgumentException("unknown fault kind " + ctx.queryParam("kind"));
            };
            standIn.inject(path, times, fault);
            ctx.status(204);
        });
        javalin.addHttpHandler(HandlerType.POST, "/fake/restart", ctx -> {
            long down = ctx.queryParam("downMillis") == null ? 500 : Long.parseLong(ctx.queryParam("downMillis"));
            // answered first: the restart stops the server this request came through
            ctx.status(202);
            Thread t = new Thread(
                    () -> {
                        try {
                            Thread.sleep(50);
                            standIn.restart(Duration.ofMillis(down));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "stand-in-restart");
            t.start();
        });
        javalin.addHttpHandler(
                HandlerType.GET,
                "/fake/sends",
                ctx -> ctx.contentType("application/json").result(JSON.writeValueAsString(standIn.sends())));
        javalin.addHttpHandler(
                HandlerType.GET,
                "/fake/violations",
                ctx -> ctx.contentType("application/json").result(JSON.writeValueAsString(standIn.violations())));
    }
}
