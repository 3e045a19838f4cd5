package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.lnteller.adapter.galoy.fake.FakeBlink;
import org.lnteller.adapter.galoy.fake.FakeLedger;

/**
 * A fake Blink for a test class, as a JUnit 5 extension on a {@code static} field with
 * {@code @RegisterExtension}: started before the class's first test and closed after its last.
 * After each test it closes what the test opened through it (last opened, first closed), clears the
 * injected faults, answers pings again, and checks that every operation the test sent held to
 * Blink's schema. Its settings use short timeouts and backoffs, so the suite stays fast.
 */
final class TestBlink implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private FakeBlink fake;

    static GaloySettings settings(FakeBlink fake, FakeLedger.Account account) {
        return GaloySettings.of(fake.endpoint(), fake.wsEndpoint(), account.apiKey(), account.btcWalletId())
                .withTimeouts(CALL_TIMEOUT, Duration.ofSeconds(1))
                .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(100))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5));
    }

    /** The running fake: read it into a field, test instances are made after it started. */
    FakeBlink fake() {
        if (fake == null) throw new IllegalStateException("the fake Blink starts before the class's first test");
        return fake;
    }

    /** Test settings for {@code account} on this fake. */
    GaloySettings settings(FakeLedger.Account account) {
        return settings(fake(), account);
    }

    /** A backend on a new account holding {@code sats}, closed after the test. */
    GaloyBackend open(long sats) {
        return open(settings(fake().ledger().newAccount(sats)));
    }

    /** A backend with these settings, closed after the test. */
    GaloyBackend open(GaloySettings settings) {
        return closeAfterTheTest(new GaloyBackend(settings));
    }

    /** {@code resource}, closed after the test before anything opened earlier. */
    <T extends AutoCloseable> T closeAfterTheTest(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fake = FakeBlink.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        while (!opened.isEmpty()) opened.pop().close();
        fake.clearFaults();
        fake.answerPings(true);
        assertThat(fake.violations())
                .as("operations that do not validate against Blink's schema")
                .isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        fake.close();
        fake = null;
    }
}
