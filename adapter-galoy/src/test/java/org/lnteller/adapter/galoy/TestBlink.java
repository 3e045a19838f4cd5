package org.lnteller.adapter.galoy;

import java.time.Duration;
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.FakeLedger;

/** Settings for a backend on the fake Blink: short timeouts and backoffs, so the suite stays fast. */
final class TestBlink {
    static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);

    private TestBlink() {}

    static GaloySettings settings(FakeBlink fake, FakeLedger.Account account) {
        return GaloySettings.of(fake.endpoint(), fake.wsEndpoint(), account.apiKey(), account.btcWalletId())
                .withTimeouts(CALL_TIMEOUT, Duration.ofSeconds(1))
                .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(100))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5));
    }
}
