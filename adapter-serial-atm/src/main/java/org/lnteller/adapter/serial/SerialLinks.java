package org.lnteller.adapter.serial;

import java.util.Objects;

/** The transports: real serial ports through jSerialComm, and in-memory pipes. */
public final class SerialLinks {
    private SerialLinks() {}

    /**
     * A serial port at 9600 baud, 8 data bits, even parity, 1 stop bit, no flow control, as ID-003
     * wants. {@code path} is opened explicitly ({@code /dev/ttyUSB0}, {@code /dev/ttyS0}, a
     * pseudo-terminal such as {@code /dev/pts/3}, or {@code COM3}); nothing is discovered. Failing
     * to raise RTS/DTR (pseudo-terminals have no modem lines) is logged, not fatal.
     */
    public static SerialLinkOpener serialPort(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) throw new IllegalArgumentException("a serial port path is needed, e.g. /dev/ttyUSB0");
        return () -> JSerialCommLink.open(path);
    }

    /**
     * Two connected in-memory ends: what one writes the other reads. Closing either end (or
     * {@link Pipe#unplug()}) breaks both, as pulling the cable would.
     */
    public static Pipe pipe() {
        return PipeLink.pair();
    }

    /** Both ends of an in-memory cable: the host's (the driver's) and the device's (a simulator's). */
    public record Pipe(SerialLink host, SerialLink device) {
        public Pipe {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(device, "device");
        }

        /** Pulls the cable: both ends fail from now on. */
        public void unplug() {
            host.close();
            device.close();
        }
    }
}
