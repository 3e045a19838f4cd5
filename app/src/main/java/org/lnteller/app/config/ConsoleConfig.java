package org.lnteller.app.config;

import java.time.Duration;

/**
 * The operator console's settings (the console itself is always served at {@code /console}).
 *
 * @param lowBalanceSats   {@code CONSOLE_LOW_BALANCE_SATS}: the problems list and a banner raise an
 *                         alarm while the wallet holds fewer sats; 0 (the default) for no alarm
 * @param offlineAfter     {@code CONSOLE_OFFLINE_MINUTES}: a machine not seen for this long is shown
 *                         in red (10)
 * @param cassetteCapacity {@code CONSOLE_CASSETTE_CAPACITY}: notes a full cassette holds (2000); a
 *                         cassette under a fifth of it is marked for refill
 */
public record ConsoleConfig(long lowBalanceSats, Duration offlineAfter, int cassetteCapacity) {

    static ConsoleConfig from(Settings s) {
        return new ConsoleConfig(
                Config.integer(s, "CONSOLE_LOW_BALANCE_SATS", 0, 0, 2_100_000_000_000_000L),
                Duration.ofMinutes(Config.integer(s, "CONSOLE_OFFLINE_MINUTES", 10, 1, 7 * 24 * 60)),
                (int) Config.integer(s, "CONSOLE_CASSETTE_CAPACITY", 2000, 1, 100_000));
    }
}
