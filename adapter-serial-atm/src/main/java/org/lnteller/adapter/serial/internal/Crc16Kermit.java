package org.lnteller.adapter.serial.internal;

/**
 * CRC-16/KERMIT, the checksum of ID-003 frames: polynomial 0x1021 processed bit-reflected
 * (0x8408), initial value 0, no final xor. The check value of {@code "123456789"} is 0x2189.
 * ID-003 sends it low byte first.
 */
public final class Crc16Kermit {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc16Kermit() {}

    /** The CRC of {@code length} bytes of {@code bytes} from {@code offset}, as an unsigned 16-bit value. */
    public static int of(byte[] bytes, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xFF];
        }
        return crc;
    }

    public static int of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }
}
