package org.lnteller.adapter.http;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-client-address limit on creating purchase invoices: a Bucket4j token bucket per address
 * holding {@code burst} tokens and refilled greedily at {@code perHour} an hour, so a client may
 * send a burst and then keeps to the hourly rate.
 *
 * <p>The buckets live in a Guava cache bounded in size (a scan from many addresses cannot fill
 * the heap) whose entries go once idle long enough to have refilled completely, when a new bucket
 * is the same as the old. Limits are per server instance. Thread-safe.
 */
final class PurchaseRateLimiter {
    /** Addresses tracked at most; the least recently used are forgotten first. */
    static final long MAX_ADDRESSES = 100_000;

    private final LoadingCache<String, Bucket> buckets;

    PurchaseRateLimiter(int perHour, int burst) {
        this(perHour, burst, TimeMeter.SYSTEM_NANOTIME);
    }

    /** @param time the bucket's clock; tests pass their own */
    PurchaseRateLimiter(int perHour, int burst, TimeMeter time) {
        if (perHour < 1) throw new IllegalArgumentException("the purchase rate must be at least 1 an hour");
        if (burst < 1) throw new IllegalArgumentException("the purchase burst must be at least 1");
        Objects.requireNonNull(time, "time");
        Duration refillAll =
                Duration.ofHours(1).multipliedBy(burst).dividedBy(perHour).plusSeconds(1);
        this.buckets = CacheBuilder.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(refillAll)
                .build(CacheLoader.from(address -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(burst).refillGreedy(perHour, Duration.ofHours(1)))
                        .withCustomTimePrecision(time)
                        .build()));
    }

    /**
     * Takes one request from {@code clientAddress}'s allowance.
     *
     * @return empty when allowed; otherwise how long until the next request would be
     */
    Optional<Duration> tryAcquire(String clientAddress) {
        ConsumptionProbe probe = buckets.getUnchecked(clientAddress).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
