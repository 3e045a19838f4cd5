package org.lnteller.ports.usecase;

import java.util.Optional;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.model.AppId;

/**
 * Driving port: pairs Lamassu machines to apps as the machine's pairing protocol expects (the
 * totem, {@code GET /ca}, {@code POST /pair}). Implemented by the core. Thread-safe.
 */
public interface Pairing {

    /**
     * Creates a single-use pairing for {@code app}, valid for the configured time.
     *
     * @param host the host the machine will call, written into the totem; empty for the server's default
     * @throws org.lnteller.ports.store.NotFound for an unknown app
     * @throws IllegalArgumentException for a malformed host
     */
    NewPairing create(AppId app, Optional<String> host);

    /**
     * {@code GET /ca?token=}: uses up a pairing's {@code /ca} secret.
     *
     * @return the CA certificate (PEM text, exactly the bytes whose SHA-256 is in the totem), or
     *         empty when the token is unknown, used or expired
     */
    Optional<String> certificateAuthority(String caToken);

    /**
     * {@code POST /pair?token=}: uses up a pairing's {@code /pair} secret and pairs the device to
     * the pairing's app, unpairing that app's previous device.
     *
     * @return the paired device, or empty when the token is unknown, used or expired
     * @throws IllegalArgumentException for a model or counts out of range (nothing is used up)
     */
    Optional<Device> pair(String pairToken, DeviceId device, String model, int cassettes, int recyclers);
}
