package org.lnteller.adapter.serial;

import java.time.Duration;
import java.util.Objects;

/**
 * How the ID-003 driver paces itself, and which currency each country code stands for.
 *
 * @param pollInterval pause between status requests (ID-003 hosts poll about every 100 ms)
 * @param answerTimeout how long one request waits for its answer before it is sent again
 * @param attempts how many times a request is sent before the device counts as not answering
 *     (reported {@link org.lnteller.ports.validator.BillEvent.Disconnected})
 * @param retryInterval pause between attempts to reopen a vanished port or wake a silent device
 * @param initialiseTimeout how long the acceptor may take to initialise after RESET
 * @param countries the country code to ISO currency map for the currency table
 */
public record Id003Settings(
        Duration pollInterval,
        Duration answerTimeout,
        int attempts,
        Duration retryInterval,
        Duration initialiseTimeout,
        CountryCurrencies countries) {

    public Id003Settings {
        requirePositive(pollInterval, "pollInterval");
        requirePositive(answerTimeout, "answerTimeout");
        requirePositive(retryInterval, "retryInterval");
        requirePositive(initialiseTimeout, "initialiseTimeout");
        Objects.requireNonNull(countries, "countries");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }

    /** 100 ms polls, 300 ms per answer, 3 attempts, 1 s between reconnects, 20 s to initialise, built-in countries. */
    public static Id003Settings defaults() {
        return new Id003Settings(
                Duration.ofMillis(100),
                Duration.ofMillis(300),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(20),
                CountryCurrencies.builtIn());
    }

    public Id003Settings withCountries(CountryCurrencies countries) {
        return new Id003Settings(pollInterval, answerTimeout, attempts, retryInterval, initialiseTimeout, countries);
    }

    public Id003Settings withTiming(
            Duration pollInterval, Duration answerTimeout, int attempts, Duration retryInterval) {
        return new Id003Settings(pollInterval, answerTimeout, attempts, retryInterval, initialiseTimeout, countries);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
