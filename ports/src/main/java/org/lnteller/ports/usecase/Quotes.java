package org.lnteller.ports.usecase;

import java.util.List;

/** Driving port of {@code GET /rates}: prices for the operator's fiat currencies. Implemented by the core. */
public interface Quotes {
    /**
     * One quote per configured currency, each from the latest rate.
     *
     * @throws org.lnteller.ports.rates.UnableToFetchRate when no rate can be had
     */
    List<Quote> quotes();
}
