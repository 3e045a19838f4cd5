package org.lnteller.adapter.serial.internal;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One ID-003 frame: {@code SYNC 0xFC | LNG | CMD | DATA... | CRC-lo | CRC-hi}, where LNG counts the
 * whole frame (data + 4, so at most 250 data bytes) and the CRC is {@link Crc16Kermit} over SYNC..DATA.
 * The same shape carries host commands and device answers; which code means what depends on the
 * direction (0x11 is the status request one way and IDLING the other).
 *
 * <p>Immutable: the data is copied in and out.
 */
public final class Frame {
    public static final int SYNC = 0xFC;
    /** SYNC, LNG, CMD and two CRC bytes. */
    public static final int OVERHEAD = 5;

    public static final int MAX_DATA = 255 - OVERHEAD;

    private final int command;
    private final byte[] data;

    private Frame(int command, byte[] data) {
        if (command < 0 || command > 0xFF) throw new IllegalArgumentException("a command is one byte: " + command);
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("at most " + MAX_DATA + " data bytes fit a frame, not " + data.length);
        }
        this.command = command;
        this.data = data;
    }

    public static Frame withData(int command, byte[] data) {
        return new Frame(command, data.clone());
    }

    /** A frame whose data bytes are given as ints (0..255), for readable call sites. */
    public static Frame of(int command, int... data) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            if (data[i] < 0 || data[i] > 0xFF) throw new IllegalArgumentException("not a byte: " + data[i]);
            bytes[i] = (byte) data[i];
        }
        return new Frame(command, bytes);
    }

    public int command() {
        return command;
    }

    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** Data byte {@code i} as 0..255. */
    public int dataByte(int i) {
        return data[i] & 0xFF;
    }

    /** The bytes on the wire, CRC included. */
    public byte[] encode() {
        int length = data.length + OVERHEAD;
        byte[] out = new byte[length];
        out[0] = (byte) SYNC;
        out[1] = (byte) length;
        out[2] = (byte) command;
        System.arraycopy(data, 0, out, 3, data.length);
        int crc = Crc16Kermit.of(out, 0, length - 2);
        out[length - 2] = (byte) crc;
        out[length - 1] = (byte) (crc >>> 8);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.command == command && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * command + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format(
                "Frame[%02X%s]",
                command,
                data.length == 0
                        ? ""
                        : " " + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data));
    }
}
