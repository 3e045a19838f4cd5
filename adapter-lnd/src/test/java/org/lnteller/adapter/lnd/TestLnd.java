package org.lnteller.adapter.lnd;

import java.time.Duration;
import org.lnteller.adapter.lnd.fake.FakeLnd;

/** Settings that reach a stand-in, with timeouts short enough for tests. */
final class TestLnd {
    private TestLnd() {}

    static LndSettings settings(FakeLnd fake) {
        return LndSettings.of(
                        fake.restUrl(), fake.macaroonHex(), fake.certificate().sha256(), fake.network())
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(2))
                .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(100))
                .withPayment(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(2))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
    }

    /** A started backend whose node was verified. */
    static LndBackend backend(LndSettings settings) {
        LndBackend backend = new LndBackend(settings);
        backend.verifyNode();
        return backend;
    }
}
