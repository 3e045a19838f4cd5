package org.lnteller.ports.tx;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.FiatAmount;

/**
 * The price a machine quoted the customer, as the machine echoes it back: the raw ticker price
 * (fiat per BTC, whole units), the commission in percent, the fixed cash-in fee and the minimum
 * amount. Values the machine did not send are empty.
 */
public record Pricing(
        Optional<BigDecimal> rawTickerPrice,
        Optional<BigDecimal> commissionPercentage,
        Optional<FiatAmount> cashInFee,
        Optional<FiatAmount> minimumTx) {
    public static final Pricing NONE =
            new Pricing(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Pricing {
        Objects.requireNonNull(rawTickerPrice);
        Objects.requireNonNull(commissionPercentage);
        Objects.requireNonNull(cashInFee);
        Objects.requireNonNull(minimumTx);
    }
}
