package org.lnteller.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One currency of {@code GET /rates}, as a cash-in uses it: the server's offer to this machine (named so
 * as not to be taken for the ports' {@code Quote}, a price the core computes).
 *
 * @param cashInPrice what the customer pays for one BTC, the operator's commission included (fiat per BTC)
 * @param marketPrice the ticker price it was made from, echoed in posts as {@code rawTickerPrice}
 * @param commissionPercentage the cash-in commission, echoed in posts
 * @param maxPerTxSats the server's limit for one transaction
 * @param minimumTx the smallest transaction, in whole units of the currency
 */
record PriceOffer(
        Currency currency,
        BigDecimal cashInPrice,
        BigDecimal marketPrice,
        BigDecimal commissionPercentage,
        long maxPerTxSats,
        BigDecimal minimumTx) {
    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000L);

    PriceOffer {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(cashInPrice, "cashInPrice");
        if (cashInPrice.signum() <= 0)
            throw new IllegalArgumentException("a cash-in price must be positive: " + cashInPrice);
    }

    /** The sats {@code fiat} (whole units) buys at the cash-in price, rounded DOWN: the customer never gets more than paid for. */
    long satsFor(BigDecimal fiat) {
        return fiat.multiply(SATS_PER_BTC)
                .divide(cashInPrice, 0, RoundingMode.DOWN)
                .longValueExact();
    }

    /** What {@code sats} cost at the cash-in price, in whole units, rounded down to the currency's minor unit. */
    BigDecimal fiatFor(long sats) {
        int scale = Math.max(0, currency.getDefaultFractionDigits());
        return BigDecimal.valueOf(sats).multiply(cashInPrice).divide(SATS_PER_BTC, scale, RoundingMode.DOWN);
    }

    /**
     * Reads {@code {"rates":[{"fiatCode":"USD","marketPrice":60000,"cashIn":{"price":63000,"commissionPercentage":5},
     * "maxPerTxSats":2000000,"minimumTx":0,...}]}}.
     *
     * @throws IllegalArgumentException when the answer does not have that shape
     */
    static List<PriceOffer> parse(@Nullable JsonNode body) {
        if (body == null || !body.path("rates").isArray())
            throw new IllegalArgumentException("the answer has no rates list");
        List<PriceOffer> quotes = new ArrayList<>();
        for (JsonNode rate : body.path("rates")) {
            try {
                quotes.add(new PriceOffer(
                        Currency.getInstance(rate.path("fiatCode").asText()),
                        decimal(rate.path("cashIn").path("price"), "cashIn.price"),
                        decimal(rate.path("marketPrice"), "marketPrice"),
                        decimal(rate.path("cashIn").path("commissionPercentage"), "cashIn.commissionPercentage"),
                        rate.path("maxPerTxSats").asLong(Long.MAX_VALUE),
                        rate.hasNonNull("minimumTx") ? decimal(rate.get("minimumTx"), "minimumTx") : BigDecimal.ZERO));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException("a rate the kiosk cannot read (" + e.getMessage() + "): " + rate);
            }
        }
        return quotes;
    }

    private static BigDecimal decimal(JsonNode node, String name) {
        if (node.isNumber()) return node.decimalValue();
        if (node.isTextual()) return new BigDecimal(node.asText());
        throw new IllegalArgumentException(name + " is missing");
    }
}
