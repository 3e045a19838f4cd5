package org.lnteller.adapter.http;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Bounds guessing of the admin token: each client address may present {@code burst} wrong tokens,
 * then one more per {@code refill}; while it has none left, every admin request from it is
 * refused before the token is even looked at, so a right guess is no faster to find than a wrong
 * one. A Bucket4j token bucket per address in a size-bounded Guava cache (a scan from many
 * addresses cannot fill the heap); per server instance. Thread-safe.
 */
final class FailedLoginLimiter {
    /** Wrong admin tokens an address may present at once. */
    static final int DEFAULT_BURST = 10;
    /** Then one more each minute: an operator who mistyped waits a minute, a guesser gets 1440 tries a day. */
    static final Duration DEFAULT_REFILL = Duration.ofMinutes(1);

    private static final long MAX_ADDRESSES = 100_000;

    private final LoadingCache<String, Bucket> buckets;

    FailedLoginLimiter(int burst, Duration refill) {
        this(burst, refill, TimeMeter.SYSTEM_NANOTIME);
    }

    /** @param time the buckets' clock; tests pass their own */
    FailedLoginLimiter(int burst, Duration refill, TimeMeter time) {
        if (burst < 1) throw new IllegalArgumentException("the burst of failed logins must be at least 1");
        if (refill.isNegative() || refill.isZero())
            throw new IllegalArgumentException("the refill period must be positive");
        Objects.requireNonNull(time, "time");
        this.buckets = CacheBuilder.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                // once idle long enough to have refilled completely, a new bucket is the same as the old
                .expireAfterAccess(refill.multipliedBy(burst).plusSeconds(1))
                .build(CacheLoader.from(address -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(burst).refillGreedy(1, refill))
                        .withCustomTimePrecision(time)
                        .build()));
    }

    /** @return empty while {@code address} may still try; otherwise how long until it may */
    Optional<Duration> blocked(String address) {
        Bucket bucket = buckets.getUnchecked(address);
        if (bucket.getAvailableTokens() >= 1) return Optional.empty();
        return Optional.of(
                Duration.ofNanos(Math.max(1, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill())));
    }

    /** Counts one wrong token from {@code address}. */
    void failed(String address) {
        buckets.getUnchecked(address).tryConsume(1);
    }
}
