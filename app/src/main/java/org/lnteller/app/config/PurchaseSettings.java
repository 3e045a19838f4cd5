package org.lnteller.app.config;

import java.util.Optional;

/**
 * The limits of paid self-service provisioning, beside {@code ATM_PURCHASE_ENABLED} and
 * {@code ATM_PURCHASE_PRICE_SATS} in {@link Config}. {@link #toString()} never shows the secret.
 *
 * @param ratePerHour {@code ATM_PURCHASE_RATE_PER_HOUR}: purchase and renewal invoices per client address an hour
 * @param burst       {@code ATM_PURCHASE_BURST}: how many of them a client address may ask for at once
 * @param maxPending  {@code ATM_PURCHASE_MAX_PENDING}: unpaid purchases outstanding in total before more are refused
 * @param secret      {@code ATM_PURCHASE_SECRET}: the key app tokens are derived under; when unset one is
 *                    generated into the data folder. Server instances sharing a database must share it.
 */
public record PurchaseSettings(int ratePerHour, int burst, int maxPending, Optional<String> secret) {
    /** Characters of {@code ATM_PURCHASE_SECRET} at least: 32 bytes of key once encoded. */
    public static final int MIN_SECRET_LENGTH = 32;

    public PurchaseSettings {
        if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
            throw new ConfigException("ATM_PURCHASE_SECRET must be at least " + MIN_SECRET_LENGTH + " characters");
        }
    }

    static PurchaseSettings from(Settings s) {
        return new PurchaseSettings(
                (int) integer(s, "ATM_PURCHASE_RATE_PER_HOUR", 10, 1, 1_000_000),
                (int) integer(s, "ATM_PURCHASE_BURST", 3, 1, 1_000_000),
                (int) integer(s, "ATM_PURCHASE_MAX_PENDING", 100, 1, 10_000_000),
                s.get("ATM_PURCHASE_SECRET").filter(v -> !v.isBlank()));
    }

    private static long integer(Settings s, String name, long fallback, long min, long max) {
        long value;
        try {
            value = s.get(name).map(v -> Long.parseLong(v.strip())).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " is malformed: '" + s.get(name).orElse("") + "' (not a whole number)");
        }
        if (value < min || value > max)
            throw new ConfigException(name + " must be between " + min + " and " + max + ", not " + value);
        return value;
    }

    @Override
    public String toString() {
        return "PurchaseSettings[ratePerHour=" + ratePerHour + ", burst=" + burst + ", maxPending=" + maxPending
                + ", secret=" + (secret.isPresent() ? "<set>" : "<generated>") + "]";
    }
}
