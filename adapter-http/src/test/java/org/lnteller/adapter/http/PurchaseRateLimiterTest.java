package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PurchaseRateLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter time = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    @Test
    void aBurstOfThreeIsAllowedThenOneEverySixMinutesAtTenAnHour() {
        PurchaseRateLimiter limiter = new PurchaseRateLimiter(10, 3, time);
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).contains(Duration.ofMinutes(6));

        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(limiter.tryAcquire("10.0.0.1")).contains(Duration.ofMinutes(1));
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();
    }

    @Test
    void eachAddressHasItsOwnAllowance() {
        PurchaseRateLimiter limiter = new PurchaseRateLimiter(10, 1, time);
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();
        assertThat(limiter.tryAcquire("10.0.0.2")).isEmpty();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(ProvisioningApi.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ProvisioningApi.retryAfterSeconds(Duration.ofMillis(359_001)))
                .isEqualTo(360);
        assertThat(ProvisioningApi.retryAfterSeconds(Duration.ofMinutes(6))).isEqualTo(360);
    }

    @Test
    void aRateOrBurstBelowOneIsRefused() {
        assertThatThrownBy(() -> new PurchaseRateLimiter(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PurchaseRateLimiter(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
