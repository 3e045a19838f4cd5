package org.lnteller.core.cashin;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.Satoshi;

/**
 * How the server pays cash-ins.
 *
 * @param network               the only network this server pays on
 * @param expiryMargin          an invoice expiring sooner than this is refused (payments take time)
 * @param sendWait              how long the answer to {@code send: true} waits for the outcome
 * @param priceTolerancePercent how far above the server's cash-in price a machine's
 *                              {@code cryptoAtoms} may be (machines quote from a cached rate)
 * @param maxFeePercent         the routing fee the server pays at most, in percent of the amount...
 * @param minMaxFee             ...but never less than this, so small payments still route
 * @param notFoundGrace         how long after a payment was granted the backend may still not
 *                              know it before the reconciler calls it never sent (longer than any
 *                              backend call's timeout)
 */
public record CashInSettings(
        Network network,
        Duration expiryMargin,
        Duration sendWait,
        BigDecimal priceTolerancePercent,
        BigDecimal maxFeePercent,
        Satoshi minMaxFee,
        Duration notFoundGrace) {
    public CashInSettings {
        Objects.requireNonNull(network);
        Objects.requireNonNull(expiryMargin);
        Objects.requireNonNull(sendWait);
        Objects.requireNonNull(priceTolerancePercent);
        Objects.requireNonNull(maxFeePercent);
        Objects.requireNonNull(minMaxFee);
        Objects.requireNonNull(notFoundGrace);
        if (expiryMargin.isNegative() || sendWait.isNegative() || notFoundGrace.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (priceTolerancePercent.signum() < 0 || maxFeePercent.signum() < 0) {
            throw new IllegalArgumentException("percentages must not be negative");
        }
    }

    public static CashInSettings defaults(Network network) {
        return new CashInSettings(
                network,
                Duration.ofSeconds(60),
                Duration.ofSeconds(4),
                new BigDecimal("1"),
                new BigDecimal("1"),
                Satoshi.of(10),
                Duration.ofMinutes(2));
    }
}
