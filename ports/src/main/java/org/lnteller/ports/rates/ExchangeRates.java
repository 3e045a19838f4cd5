package org.lnteller.ports.rates;

import java.util.Currency;
import org.lnteller.ports.model.ExchangeRate;

/**
 * The market price of bitcoin, without commissions (the core applies those).
 *
 * <p>Threading: safe for concurrent use; implementations may cache, and say how old a rate may be
 * through {@link ExchangeRate#observedAt()}.
 */
public interface ExchangeRates {
    /**
     * The current rate for {@code fiat}. Idempotent read.
     *
     * @throws UnableToFetchRate when no rate is known for that currency or the source is down
     */
    ExchangeRate current(Currency fiat);
}
