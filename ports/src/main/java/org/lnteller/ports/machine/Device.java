package org.lnteller.ports.machine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.AppId;

/**
 * A Lamassu machine paired to an app: while this record exists the machine acts as that app on the
 * machine port.
 *
 * @param model      what the machine said it is at pairing or in its polls ({@code unknown} until it says)
 * @param cassettes  cash-out cassettes it reported at pairing ({@code numOfCassettes})
 * @param recyclers  recyclers it reported at pairing ({@code numOfRecyclers})
 * @param lastSeenAt when it last called, to within the recording interval of the core; empty until then
 * @param lastState  the last state it reported ({@code /poll?state=} or {@code POST /state}), at most 100 characters
 */
public record Device(
        DeviceId id,
        AppId app,
        String model,
        int cassettes,
        int recyclers,
        Instant pairedAt,
        Optional<Instant> lastSeenAt,
        Optional<String> lastState) {
    public static final int MAX_TEXT = 100;

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(pairedAt, "pairedAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(lastState, "lastState");
        if (model.isBlank() || model.length() > MAX_TEXT)
            throw new IllegalArgumentException("model must be 1-100 characters");
        if (cassettes < 0 || cassettes > 16 || recyclers < 0 || recyclers > 16) {
            throw new IllegalArgumentException("cassettes and recyclers are 0 to 16");
        }
        if (lastState.isPresent() && lastState.get().length() > MAX_TEXT)
            throw new IllegalArgumentException("state is at most 100 characters");
    }
}
