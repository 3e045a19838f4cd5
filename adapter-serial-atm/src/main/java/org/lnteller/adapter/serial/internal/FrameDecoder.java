package org.lnteller.adapter.serial.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * Cuts a byte stream into {@link Frame}s. Bytes may arrive in any split (a serial port hands them
 * over as they come); anything that is not a frame with a good CRC is skipped by resynchronising on
 * the next 0xFC: garbage before a frame, a frame whose CRC fails, a length byte below the minimum.
 *
 * <p>A stray 0xFC inside garbage announces a length that may make the decoder wait for bytes that
 * never come; while it waits, a complete frame with a good CRC starting at a later 0xFC wins, so a
 * false sync does not hide the answer behind it.
 *
 * <p>Not thread-safe: one reader feeds it.
 */
public final class FrameDecoder {
    private byte[] buffer = new byte[256];
    private int length;
    private long discarded;

    /** Appends {@code count} bytes of {@code bytes} from {@code offset}. */
    public void push(byte[] bytes, int offset, int count) {
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    public void push(byte... bytes) {
        push(bytes, 0, bytes.length);
    }

    /** The next complete frame, or empty when more bytes are needed. */
    public Optional<Frame> next() {
        while (true) {
            int sync = indexOfSync(0);
            drop(sync < 0 ? length : sync);
            if (length < 2) return Optional.empty();
            int frameLength = buffer[1] & 0xFF;
            if (frameLength < Frame.OVERHEAD) {
                drop(1);
                continue;
            }
            if (length < frameLength) {
                // Incomplete: wait, unless a later sync already holds a whole good frame.
                int later = completeFrameAfter(1);
                if (later < 0) return Optional.empty();
                drop(later);
                continue;
            }
            if (!crcHolds(0, frameLength)) {
                drop(1);
                continue;
            }
            Frame frame = Frame.withData(buffer[2] & 0xFF, Arrays.copyOfRange(buffer, 3, frameLength - 2));
            consume(frameLength);
            return Optional.of(frame);
        }
    }

    /** Forgets buffered bytes (e.g. a late answer to an earlier request) before a new exchange. */
    public void clear() {
        discarded += length;
        length = 0;
    }

    /** Bytes skipped as garbage, bad frames or cleared since this decoder was made. */
    public long discarded() {
        return discarded;
    }

    /** Bytes waiting for the rest of a frame. */
    public int buffered() {
        return length;
    }

    private int indexOfSync(int from) {
        for (int i = from; i < length; i++) {
            if ((buffer[i] & 0xFF) == Frame.SYNC) return i;
        }
        return -1;
    }

    private int completeFrameAfter(int from) {
        for (int at = indexOfSync(from); at >= 0; at = indexOfSync(at + 1)) {
            if (at + 1 >= length) return -1;
            int frameLength = buffer[at + 1] & 0xFF;
            if (frameLength >= Frame.OVERHEAD && at + frameLength <= length && crcHolds(at, frameLength)) return at;
        }
        return -1;
    }

    private boolean crcHolds(int at, int frameLength) {
        int crc = Crc16Kermit.of(buffer, at, frameLength - 2);
        int sent = (buffer[at + frameLength - 2] & 0xFF) | (buffer[at + frameLength - 1] & 0xFF) << 8;
        return crc == sent;
    }

    private void drop(int count) {
        consume(count);
        discarded += count;
    }

    private void consume(int count) {
        System.arraycopy(buffer, count, buffer, 0, length - count);
        length -= count;
    }
}
