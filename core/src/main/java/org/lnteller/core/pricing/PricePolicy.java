package org.lnteller.core.pricing;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;

/**
 * The operator's prices: the fiat currencies offered, the commissions in percent, the per-tx
 * limits, and what to do with a cash-out quoted worse for the operator than the server's price.
 */
public record PricePolicy(
        List<Currency> currencies,
        BigDecimal cashInCommissionPercent,
        BigDecimal cashOutCommissionPercent,
        FiatAmount minimumTx,
        Satoshi maxPerTx,
        CashOutPriceCheck cashOutPriceCheck) {

    /** {@code CASH_OUT_PRICE_CHECK}: flag and count such a cash-out, or refuse it. */
    public enum CashOutPriceCheck {
        WARN,
        ENFORCE
    }

    public PricePolicy {
        currencies = List.copyOf(currencies);
        if (currencies.isEmpty()) throw new IllegalArgumentException("at least one fiat currency");
        Objects.requireNonNull(cashInCommissionPercent);
        Objects.requireNonNull(cashOutCommissionPercent);
        Objects.requireNonNull(minimumTx);
        Objects.requireNonNull(maxPerTx);
        Objects.requireNonNull(cashOutPriceCheck);
        if (cashInCommissionPercent.signum() < 0
                || cashOutCommissionPercent.signum() < 0
                || cashInCommissionPercent.compareTo(BigDecimal.valueOf(50)) > 0
                || cashOutCommissionPercent.compareTo(BigDecimal.valueOf(50)) > 0) {
            throw new IllegalArgumentException("commissions must be between 0 and 50 percent");
        }
    }
}
