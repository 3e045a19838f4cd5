package org.lnteller.ports.machine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a machine's own log, as it uploads them ({@code POST /logs}).
 *
 * @param lineId     the machine's id for the line (a UUID), when it sent one; a line with an id is kept once
 * @param timestamp  when the machine logged it, by the machine's clock
 * @param serial     the machine's sequence number among lines of the same timestamp
 * @param level      the log level it gave ({@code info}, {@code error}, ...), at most 16 characters
 * @param message    the text, at most {@link #MAX_MESSAGE} characters
 * @param receivedAt when the server received it
 */
public record MachineLog(
        DeviceId device,
        Optional<String> lineId,
        Instant timestamp,
        long serial,
        String level,
        String message,
        Instant receivedAt) {
    public static final int MAX_MESSAGE = 4000;

    public MachineLog {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (lineId.isPresent() && (lineId.get().isBlank() || lineId.get().length() > 64)) {
            throw new IllegalArgumentException("a log line id is 1-64 characters");
        }
        if (level.length() > 16) throw new IllegalArgumentException("a log level is at most 16 characters");
        if (message.length() > MAX_MESSAGE)
            throw new IllegalArgumentException("a log line is at most " + MAX_MESSAGE + " characters");
    }
}
