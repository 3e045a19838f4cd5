package org.lnteller.ports.usecase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.Satoshi;

/**
 * What {@code GET /probe} tells a machine before it takes bills: which of the probe limits can be
 * paid to the scanned destination, and the most the wallet's balance allows.
 */
public record ProbeResult(List<Limit> limits, Satoshi maxByBalance) {

    /** One probed amount: routable (with the fee the backend quoted) or not (with why). */
    public record Limit(Satoshi amount, boolean routable, Optional<Satoshi> fee, Optional<String> reason) {
        public Limit {
            Objects.requireNonNull(amount);
            Objects.requireNonNull(fee);
            Objects.requireNonNull(reason);
        }
    }

    public ProbeResult {
        limits = List.copyOf(limits);
        Objects.requireNonNull(maxByBalance);
    }

    public List<Satoshi> routable() {
        return limits.stream().filter(Limit::routable).map(Limit::amount).toList();
    }
}
