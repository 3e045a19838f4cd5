package org.lnteller.adapter.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the operator console measures against, from configuration.
 *
 * @param lowBalanceSats    the wallet balance (sats) under which the problems list raises an alarm; 0 for none
 * @param offlineAfter      a machine not seen for this long is shown in red
 * @param cassetteCapacity  notes a cassette holds when full; a cassette under a fifth of it wants a refill
 * @param provisioningFacts the self-service sale's settings as label and value, shown read-only (empty when it is off)
 */
public record ConsoleSettings(
        long lowBalanceSats, Duration offlineAfter, int cassetteCapacity, Map<String, String> provisioningFacts) {
    /** A cassette with fewer notes than this percentage of its capacity wants a refill. */
    public static final int REFILL_BELOW_PERCENT = 20;

    public ConsoleSettings {
        Objects.requireNonNull(offlineAfter, "offlineAfter");
        provisioningFacts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provisioningFacts));
        if (lowBalanceSats < 0) throw new IllegalArgumentException("the low-balance alarm must not be negative");
        if (offlineAfter.isNegative() || offlineAfter.isZero())
            throw new IllegalArgumentException("the offline time must be positive");
        if (cassetteCapacity < 1) throw new IllegalArgumentException("a cassette holds at least one note");
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(0, Duration.ofMinutes(10), 2000, Map.of());
    }
}
