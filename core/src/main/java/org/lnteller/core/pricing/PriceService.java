package org.lnteller.core.pricing;

import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import org.lnteller.ports.model.ExchangeRate;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.usecase.Quote;
import org.lnteller.ports.usecase.Quotes;

/**
 * The server's own prices: the market rate with the operator's commissions applied. Cash-in
 * prices bitcoin dearer (the customer pays more fiat per BTC), cash-out cheaper (the customer gets
 * less fiat per BTC), so both directions earn the commission.
 */
public final class PriceService implements Quotes {
    private final ExchangeRates rates;
    private final PricePolicy policy;
    private final Clock clock;

    public PriceService(ExchangeRates rates, PricePolicy policy, Clock clock) {
        this.rates = rates;
        this.policy = policy;
        this.clock = clock;
    }

    public PricePolicy policy() {
        return policy;
    }

    @Override
    public List<Quote> quotes() {
        return policy.currencies().stream().map(this::quote).toList();
    }

    private Quote quote(Currency currency) {
        ExchangeRate market = rates.current(currency);
        Duration age = Duration.between(market.observedAt(), clock.instant());
        FiatAmount minimum = policy.minimumTx().currency().equals(currency) ? policy.minimumTx() : FiatAmount.zero(currency);
        return new Quote(currency, market.fiatPerBtc(), policy.cashInCommissionPercent(), policy.cashOutCommissionPercent(),
                cashInRate(market).fiatPerBtc(), cashOutRate(market).fiatPerBtc(), market.source(), market.observedAt(),
                age.isNegative() ? Duration.ZERO : age, minimum, policy.maxPerTx());
    }

    /**
     * The fewest sats the server accepts for paying out {@code fiat} in cash: the fiat at the
     * cash-out price, rounded up (in the operator's favour).
     */
    public Satoshi cashOutAtomsFor(FiatAmount fiat) {
        return cashOutRate(rates.current(fiat.currency())).toSatoshi(fiat, RoundingMode.CEILING);
    }

    /**
     * The most sats the server gives for {@code fiat} in bills: the fiat at the cash-in price,
     * rounded down (in the operator's favour).
     */
    public Satoshi cashInAtomsFor(FiatAmount fiat) {
        return cashInRate(rates.current(fiat.currency())).toSatoshi(fiat, RoundingMode.FLOOR);
    }

    private ExchangeRate cashInRate(ExchangeRate market) {
        return market.withMarkup(policy.cashInCommissionPercent());
    }

    private ExchangeRate cashOutRate(ExchangeRate market) {
        return market.withMarkup(policy.cashOutCommissionPercent().negate());
    }
}
