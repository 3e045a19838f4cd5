package org.lnteller.adapter.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial port through jSerialComm, at ID-003's 9600 8E1. Reads are semi-blocking: they return as
 * soon as a byte is there, or after the timeout. jSerialComm reports a vanished port (a USB adapter
 * pulled, the far end of a pseudo-terminal closed) as a read of -1 or a short write; both become an
 * {@link IOException} so the driver reconnects.
 */
final class JSerialCommLink implements SerialLink {
    private static final Logger log = LoggerFactory.getLogger(JSerialCommLink.class);
    static final int BAUD = 9600;
    private static final int WRITE_TIMEOUT_MS = 1000;

    private final SerialPort port;
    private final String path;
    private int readTimeoutMillis = -1;
    private volatile boolean closed;

    private JSerialCommLink(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    static JSerialCommLink open(String path) throws IOException {
        // Windows names (COM3) are not files; everywhere else a missing file gets a plain message.
        if (path.startsWith("/") && !Files.exists(Path.of(path))) {
            throw new IOException("no serial port at " + path);
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("not a serial port: " + path + " (" + e.getMessage() + ")", e);
        }
        port.setComPortParameters(BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.EVEN_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + path + " (error " + port.getLastErrorCode()
                    + "; is it in use, or may this user not open it? on Linux the user needs the dialout group)");
        }
        // Some adapters power their line drivers from the modem lines; a pseudo-terminal has none.
        if (!port.setDTR() || !port.setRTS()) {
            log.debug("{}: cannot raise DTR/RTS (normal on a pseudo-terminal), carrying on", path);
        }
        log.info("opened serial port {} at {} 8E1", path, BAUD);
        return new JSerialCommLink(port, path);
    }

    @Override
    public String name() {
        return path;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (closed) throw new IOException(path + " is closed");
        int written = port.writeBytes(bytes, bytes.length);
        if (written != bytes.length) {
            throw new IOException(
                    "serial port " + path + " took " + written + " of " + bytes.length + " bytes; it is gone");
        }
    }

    @Override
    public int read(byte[] buffer, Duration timeout) throws IOException {
        if (closed) throw new IOException(path + " is closed");
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        if (millis != readTimeoutMillis) {
            port.setComPortTimeouts(
                    SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    millis,
                    WRITE_TIMEOUT_MS);
            readTimeoutMillis = millis;
        }
        int read = port.readBytes(buffer, buffer.length);
        if (read < 0 || closed) throw new IOException("serial port " + path + " is gone");
        return read;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        port.closePort();
    }

    @Override
    public String toString() {
        return path;
    }
}
