package org.lnteller.app.kiosk;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A terminal a test types into and reads, as a person at tmux would: one line at a time, waiting
 * for the kiosk's answer before the next. Every wait is bounded.
 */
final class Terminal implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final PipedOutputStream keys = new PipedOutputStream();
    private final PipedInputStream stdin;
    private final Screen screen = new Screen();
    private final PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);

    Terminal() {
        try {
            stdin = new PipedInputStream(keys, 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PipedInputStream stdin() {
        return stdin;
    }

    PrintStream out() {
        return out;
    }

    void type(String line) {
        try {
            keys.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code text} has been shown {@code times} times in all. */
    void await(String text, int times) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (screen) {
            while (count(screen.text.toString(), text) < times) {
                long left = deadline - System.nanoTime();
                if (left <= 0)
                    throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for '" + text + "' (x" + times
                            + "); the screen:\n" + screen.text);
                try {
                    screen.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    void await(String text) {
        await(text, 1);
    }

    String text() {
        synchronized (screen) {
            return screen.text.toString();
        }
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length())) n++;
        return n;
    }

    /** Ctrl-D. */
    @Override
    public void close() {
        try {
            keys.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static final class Screen extends OutputStream {
        final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            pending.write(b);
            if (b == '\n') flushLine();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) write(b[i]);
        }

        private void flushLine() {
            text.append(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            notifyAll();
        }
    }
}
