package org.lnteller.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.FallbackAddress;
import org.lnteller.codec.bolt11.RouteHint;
import org.lnteller.codec.bolt11.RouteHop;
import org.lnteller.codec.lnurl.InvalidDestination;
import org.lnteller.codec.lnurl.PaymentDestination;
import org.lnteller.codec.lnurl.PaymentDestinations;

/**
 * {@code decode <code>}: reads what a customer's QR code holds, exactly as the machine API will,
 * and prints it as pretty JSON on stdout. A refusal is one {@code error:} line on stderr.
 */
public final class DecodeCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    /** @param clock decides {@code expired}; the only reason this command reads time */
    public DecodeCommand(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "decode";
    }

    @Override
    public String arguments() {
        return "<invoice|lnurl|lightning address|bip21 uri>";
    }

    @Override
    public String summary() {
        return "decode a BOLT11 invoice, LNURL, Lightning address or bitcoin: URI and print it as JSON";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            err.println("usage: lnteller " + name() + " " + arguments());
            return ExitCode.USAGE;
        }
        PaymentDestination destination;
        try {
            destination = PaymentDestinations.parse(args.get(0));
        } catch (InvalidDestination e) {
            // one line, whatever the scanned text held
            err.println("error: " + e.getMessage().replaceAll("\\R", " "));
            return ExitCode.REFUSED;
        }
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(destination)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a JSON tree that was just built", e);
        }
        return ExitCode.OK;
    }

    private ObjectNode toJson(PaymentDestination destination) {
        ObjectNode node = JSON.createObjectNode();
        return destination.fold(
                bolt11 -> {
                    writeInvoice(node, bolt11.invoice());
                    return node;
                },
                lnurlPay ->
                        node.put("type", "lnurl-pay").put("url", lnurlPay.url().toString()),
                address -> node.put("type", "lightning-address")
                        .put("address", address.toString())
                        .put("url", address.payRequestUrl().toString()));
    }

    private void writeInvoice(ObjectNode node, Bolt11Invoice invoice) {
        node.put("type", "bolt11");
        node.put("network", invoice.network().name().toLowerCase(Locale.ROOT));
        if (invoice.amountMsat().isPresent()) {
            node.put("amount_msat", invoice.amountMsat().getAsLong());
        } else {
            node.putNull("amount_msat");
        }
        node.put("payment_hash", invoice.paymentHash().hex());
        node.put("payment_secret", invoice.paymentSecret().hex());
        node.put("timestamp", invoice.timestamp().toString());
        node.put("expiry_seconds", invoice.expiry().toSeconds());
        node.put("expires_at", invoice.expiresAt().toString());
        node.put("expired", invoice.isExpiredAt(clock.instant()));
        node.put("payee", invoice.payee().hex());
        node.put("description", invoice.description().orElse(null));
        node.put(
                "description_hash",
                invoice.descriptionHash().map(ByteVector::hex).orElse(null));
        node.put("min_final_cltv_expiry", invoice.minFinalCltvExpiry());
        ArrayNode features = node.putArray("features");
        invoice.features().forEach(features::add);
        ArrayNode fallbacks = node.putArray("fallbacks");
        for (FallbackAddress f : invoice.fallbacks()) {
            fallbacks.addObject().put("version", f.version()).put("address", f.address(invoice.network()));
        }
        ArrayNode routes = node.putArray("routes");
        for (RouteHint route : invoice.routes()) {
            ArrayNode hops = routes.addArray();
            for (RouteHop hop : route.hops()) {
                hops.addObject()
                        .put("node_id", hop.nodeId().hex())
                        .put("short_channel_id", hop.shortChannelId().toString())
                        .put("fee_base_msat", hop.feeBaseMsat())
                        .put("fee_proportional_millionths", hop.feeProportionalMillionths())
                        .put("cltv_expiry_delta", hop.cltvExpiryDelta());
            }
        }
        node.put("metadata", invoice.metadata().map(ByteVector::hex).orElse(null));
        node.put("invoice", invoice.canonical());
    }
}
