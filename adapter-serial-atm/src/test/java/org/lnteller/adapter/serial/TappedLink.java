package org.lnteller.adapter.serial;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lnteller.adapter.serial.internal.Frame;
import org.lnteller.adapter.serial.internal.FrameDecoder;

/** A link that writes down what the host sent and the frames the device answered, for assertions. */
final class TappedLink implements SerialLink {
    private final SerialLink inner;
    private final FrameDecoder answers = new FrameDecoder();
    private final FrameDecoder requests = new FrameDecoder();
    private final List<Frame> received = new ArrayList<>();
    private final List<Frame> sent = new ArrayList<>();
    private final List<byte[]> writes = new ArrayList<>();

    TappedLink(SerialLink inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        synchronized (this) {
            writes.add(bytes.clone());
            requests.push(bytes);
            for (Optional<Frame> f = requests.next(); f.isPresent(); f = requests.next()) sent.add(f.get());
        }
        inner.write(bytes);
    }

    @Override
    public int read(byte[] buffer, Duration timeout) throws IOException {
        int n = inner.read(buffer, timeout);
        if (n > 0) {
            synchronized (this) {
                answers.push(buffer, 0, n);
                for (Optional<Frame> f = answers.next(); f.isPresent(); f = answers.next()) received.add(f.get());
            }
        }
        return n;
    }

    @Override
    public void close() {
        inner.close();
    }

    /** The frames the device answered with, in order. */
    synchronized List<Frame> received() {
        return List.copyOf(received);
    }

    /** The frames the host sent, in order. */
    synchronized List<Frame> sent() {
        return List.copyOf(sent);
    }

    /** Every write, byte for byte. */
    synchronized List<byte[]> writes() {
        return List.copyOf(writes);
    }

    synchronized long receivedCount(int command) {
        return received.stream().filter(f -> f.command() == command).count();
    }
}
