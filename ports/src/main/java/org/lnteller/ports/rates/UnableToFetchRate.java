package org.lnteller.ports.rates;

import org.jspecify.annotations.Nullable;

/** The one failure of {@link ExchangeRates}: no usable rate could be had. Unchecked. */
public class UnableToFetchRate extends RuntimeException {
    public UnableToFetchRate(String message) {
        super(message);
    }

    public UnableToFetchRate(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
