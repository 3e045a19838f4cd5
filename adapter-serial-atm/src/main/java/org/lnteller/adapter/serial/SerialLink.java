package org.lnteller.adapter.serial;

import java.io.IOException;
import java.time.Duration;

/**
 * A byte stream to a device: a serial port, a pseudo-terminal, or an in-memory pipe in tests.
 * The ID-003 driver and the device simulator speak through it and know nothing else of the port.
 *
 * <p>Threading: one thread reads and writes; {@link #close()} may come from any thread and ends a
 * blocked {@link #read} with an {@link IOException}.
 */
public interface SerialLink extends AutoCloseable {

    /** What the link is connected to, for messages: a port path, or {@code pipe}. */
    String name();

    /**
     * Sends every byte.
     *
     * @throws IOException when the port is gone (unplugged, closed)
     */
    void write(byte[] bytes) throws IOException;

    /**
     * Waits at most {@code timeout} (at least a millisecond) for bytes and reads those that came.
     *
     * @return how many bytes were read into the start of {@code buffer}; 0 when none came in time
     * @throws IOException when the port is gone (unplugged, closed)
     */
    int read(byte[] buffer, Duration timeout) throws IOException;

    /** Releases the port. Idempotent. */
    @Override
    void close();
}
