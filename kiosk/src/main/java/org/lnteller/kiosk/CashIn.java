package org.lnteller.kiosk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import org.lnteller.ports.model.FiatAmount;

/**
 * The machine's copy of one cash-in, as it posts it: the whole transaction every time. Its
 * {@code txVersion} rises by one with every change (a stacked note, the send request) and only then,
 * so posting an unchanged tx again is an exact repeat the server answers with 200 and ignores.
 * Used by the session's thread only.
 */
final class CashIn {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String toAddress;
    private final PriceOffer quote;
    private final List<FiatAmount> bills = new ArrayList<>();
    private long txVersion;
    private boolean send;

    CashIn(String id, String toAddress, PriceOffer quote) {
        this.id = Objects.requireNonNull(id, "id");
        this.toAddress = Objects.requireNonNull(toAddress, "toAddress");
        this.quote = Objects.requireNonNull(quote, "quote");
    }

    String id() {
        return id;
    }

    Currency currency() {
        return quote.currency();
    }

    void stack(FiatAmount note) {
        if (send) throw new IllegalStateException("a cash-in takes no notes after send");
        bills.add(note);
        txVersion++;
    }

    /** Asks the server to pay; a second call changes nothing, so its post is the same post again. */
    void requestSend() {
        if (send) return;
        send = true;
        txVersion++;
    }

    boolean hasBills() {
        return !bills.isEmpty();
    }

    boolean sendRequested() {
        return send;
    }

    /** The notes' sum in whole units. */
    BigDecimal fiat() {
        return bills.stream().map(FiatAmount::toMajor).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The sats for all the notes together at the quoted cash-in price, rounded down. */
    long sats() {
        return quote.satsFor(fiat());
    }

    /** {@code 25 USD}. */
    String showFiat() {
        return Notes.plain(fiat()) + " " + quote.currency().getCurrencyCode();
    }

    /** The post: Lamassu's cash-in fields, {@code fiat} in whole units as a string, {@code cryptoAtoms} as a string. */
    ObjectNode body() {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("id", id);
        tx.put("direction", "cashIn");
        tx.put("cryptoCode", "LN");
        tx.put("fiat", Notes.plain(fiat()));
        tx.put("fiatCode", quote.currency().getCurrencyCode());
        tx.put("cryptoAtoms", Long.toString(sats()));
        tx.put("txVersion", txVersion);
        tx.put("toAddress", toAddress);
        ArrayNode notes = tx.putArray("bills");
        for (FiatAmount bill : bills) {
            notes.addObject()
                    .put("denomination", new BigDecimal(Notes.plain(bill.toMajor())))
                    .put("fiatCode", bill.currency().getCurrencyCode());
        }
        tx.put("send", send);
        tx.put("rawTickerPrice", quote.marketPrice());
        tx.put("commissionPercentage", quote.commissionPercentage());
        return tx;
    }
}
