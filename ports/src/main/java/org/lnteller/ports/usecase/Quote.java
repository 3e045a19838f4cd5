package org.lnteller.ports.usecase;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;

/**
 * What a machine needs to quote a customer in one fiat currency. Prices are fiat per BTC in whole
 * units: {@code cashInPrice} is what a customer pays per BTC when buying (market plus the cash-in
 * commission), {@code cashOutPrice} what a customer gets per BTC when selling (market minus the
 * cash-out commission).
 */
public record Quote(
        Currency currency,
        BigDecimal marketPrice,
        BigDecimal cashInCommissionPercent,
        BigDecimal cashOutCommissionPercent,
        BigDecimal cashInPrice,
        BigDecimal cashOutPrice,
        String source,
        Instant observedAt,
        Duration age,
        FiatAmount minimumTx,
        Satoshi maxPerTx) {
    public Quote {
        Objects.requireNonNull(currency);
        Objects.requireNonNull(marketPrice);
        Objects.requireNonNull(cashInCommissionPercent);
        Objects.requireNonNull(cashOutCommissionPercent);
        Objects.requireNonNull(cashInPrice);
        Objects.requireNonNull(cashOutPrice);
        Objects.requireNonNull(source);
        Objects.requireNonNull(observedAt);
        Objects.requireNonNull(age);
        Objects.requireNonNull(minimumTx);
        Objects.requireNonNull(maxPerTx);
    }
}
