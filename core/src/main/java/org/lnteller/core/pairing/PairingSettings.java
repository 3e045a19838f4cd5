package org.lnteller.core.pairing;

import java.time.Duration;
import java.util.Objects;

/**
 * @param caPem             the CA certificate as served by {@code GET /ca}: the totem carries the SHA-256 of exactly this text
 * @param defaultHost       the host written into a totem when the operator names none
 * @param pairingValidity   how long a new pairing works (lamassu-server: one hour)
 * @param logLinesPerDevice how many of a machine's uploaded log lines are kept, the oldest dropped first
 */
public record PairingSettings(String caPem, String defaultHost, Duration pairingValidity, int logLinesPerDevice) {
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(1);

    public PairingSettings {
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(defaultHost, "defaultHost");
        Objects.requireNonNull(pairingValidity, "pairingValidity");
        if (!caPem.contains("BEGIN CERTIFICATE"))
            throw new IllegalArgumentException("the CA must be a PEM certificate");
        if (pairingValidity.isNegative() || pairingValidity.isZero())
            throw new IllegalArgumentException("a pairing must stay valid a while");
        if (logLinesPerDevice < 1) throw new IllegalArgumentException("keep at least one log line per machine");
        PairingService.checkHost(defaultHost);
    }
}
