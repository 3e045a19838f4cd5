package org.lnteller.adapter.serial;

import java.io.IOException;
import java.time.Duration;

/**
 * One end of an in-memory cable. Each direction is a byte buffer guarded by the cable's monitor;
 * closing either end closes the cable.
 */
final class PipeLink implements SerialLink {

    /** The shared cable: two one-way buffers and whether it is still plugged in. */
    private static final class Cable {
        final ByteBuffer toDevice = new ByteBuffer();
        final ByteBuffer toHost = new ByteBuffer();
        boolean closed;
    }

    /** A growable FIFO of bytes; the cable's monitor guards it. */
    private static final class ByteBuffer {
        private byte[] bytes = new byte[512];
        private int start;
        private int end;

        void append(byte[] more) {
            if (end + more.length > bytes.length) {
                int size = end - start;
                byte[] grown = new byte[Math.max(bytes.length, (size + more.length) * 2)];
                System.arraycopy(bytes, start, grown, 0, size);
                bytes = grown;
                start = 0;
                end = size;
            }
            System.arraycopy(more, 0, bytes, end, more.length);
            end += more.length;
        }

        int take(byte[] into) {
            int n = Math.min(into.length, end - start);
            System.arraycopy(bytes, start, into, 0, n);
            start += n;
            if (start == end) {
                start = 0;
                end = 0;
            }
            return n;
        }

        boolean isEmpty() {
            return start == end;
        }
    }

    private final Cable cable;
    private final ByteBuffer in;
    private final ByteBuffer out;
    private final String name;

    private PipeLink(Cable cable, ByteBuffer in, ByteBuffer out, String name) {
        this.cable = cable;
        this.in = in;
        this.out = out;
        this.name = name;
    }

    static SerialLinks.Pipe pair() {
        Cable cable = new Cable();
        return new SerialLinks.Pipe(
                new PipeLink(cable, cable.toHost, cable.toDevice, "pipe (host end)"),
                new PipeLink(cable, cable.toDevice, cable.toHost, "pipe (device end)"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        synchronized (cable) {
            if (cable.closed) throw new IOException(name + " is unplugged");
            out.append(bytes.clone());
            cable.notifyAll();
        }
    }

    @Override
    public int read(byte[] buffer, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
        synchronized (cable) {
            while (true) {
                if (cable.closed) throw new IOException(name + " is unplugged");
                if (!in.isEmpty()) return in.take(buffer);
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMillis <= 0) return 0;
                try {
                    cable.wait(leftMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + name, e);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (cable) {
            cable.closed = true;
            cable.notifyAll();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
