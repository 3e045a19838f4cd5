package org.lnteller.core.pricing;

import java.math.BigDecimal;
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
    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000L);
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
        FiatAmount minimum =
                policy.minimumTx().currency().equals(currency) ? policy.minimumTx() : FiatAmount.zero(currency);
        return new Quote(
                currency,
                market.fiatPerBtc(),
                policy.cashInCommissionPercent(),
                policy.cashOutCommissionPercent(),
                cashInRate(market).fiatPerBtc(),
                cashOutRate(market).fiatPerBtc(),
                market.source(),
                market.observedAt(),
                age.isNegative() ? Duration.ZERO : age,
                minimum,
                policy.maxPerTx());
    }

    /**
     * The fewest sats the server accepts for paying out {@code fiat} in cash: the fiat at the
     * cash-out price, rounded up (in the operator's favour).
     */
    public Satoshi cashOutAtomsFor(FiatAmount fiat) {
        // fiat / (bid / (1 + c)) computed as fiat × (1 + c) / bid: exact, so a whole number of sats
        // is not pushed up by one by the rounding of a divided price
        ExchangeRate market = rates.current(fiat.currency());
        BigDecimal factor = BigDecimal.ONE.add(policy.cashOutCommissionPercent().movePointLeft(2));
        BigDecimal sats = fiat.toMajor()
                .multiply(SATS_PER_BTC)
                .multiply(factor)
                .divide(market.fiatPerBtc(), 0, RoundingMode.CEILING);
        return new Satoshi(sats.longValueExact());
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

    /**
     * The cash-out price as lamassu-server computes it and as the machine configuration tells the
     * machines: {@code bid / (1 + commission)}. A machine divides the customer's fiat by it to get
     * the sats it asks for, so any other formula (such as {@code bid × (1 − commission)}) would
     * flag every machine's cash-out.
     */
    private ExchangeRate cashOutRate(ExchangeRate market) {
        return market.withCommissionDivided(policy.cashOutCommissionPercent());
    }
}
