package org.lnteller.adapter.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.Quote;
import org.lnteller.ports.usecase.Quotes;

/** One USD quote, or {@link #failure} when set. */
final class FakeQuotes implements Quotes {
    volatile RuntimeException failure;

    static final Quote USD = new Quote(
            Currency.getInstance("USD"),
            new BigDecimal("60000.00"),
            new BigDecimal("5"),
            new BigDecimal("4.50"),
            new BigDecimal("63000.00"),
            new BigDecimal("57300"),
            "coinbase",
            Instant.parse("2026-03-01T09:59:30Z"),
            Duration.ofSeconds(30),
            FiatAmount.ofMajor("USD", "5"),
            Satoshi.of(2_000_000));

    void reset() {
        failure = null;
    }

    @Override
    public List<Quote> quotes() {
        if (failure != null) throw failure;
        return List.of(USD);
    }
}
