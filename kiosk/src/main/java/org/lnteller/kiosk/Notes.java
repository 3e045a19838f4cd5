package org.lnteller.kiosk;

import java.math.BigDecimal;
import org.lnteller.ports.model.FiatAmount;

/** How amounts are written for the customer and on the wire: whole units without trailing zeros ("20", "0.5"). */
final class Notes {
    private Notes() {}

    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** {@code 20 USD}. */
    static String show(FiatAmount amount) {
        return plain(amount.toMajor()) + " " + amount.currency().getCurrencyCode();
    }
}
