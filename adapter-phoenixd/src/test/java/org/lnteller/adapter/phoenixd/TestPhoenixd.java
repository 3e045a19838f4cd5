package org.lnteller.adapter.phoenixd;

import java.time.Duration;
import org.lnteller.adapter.phoenixd.standin.PhoenixdStandIn;

/** Settings for a backend on the stand-in: short timeouts and retries, so fault tests stay fast. */
final class TestPhoenixd {
    private TestPhoenixd() {}

    static PhoenixdSettings settings(PhoenixdStandIn standIn) {
        return PhoenixdSettings.of(standIn.url(), standIn.password())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withRetries(2, Duration.ofMillis(20))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
    }
}
