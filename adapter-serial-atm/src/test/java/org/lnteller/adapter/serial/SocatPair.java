package org.lnteller.adapter.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Two pseudo-terminals joined by {@code socat -d -d pty,raw,echo=0 pty,raw,echo=0}: a null-modem
 * cable for tests. Their paths come from socat's stderr. Without socat the test is skipped, except
 * under {@code CI=true}, where it fails. Closing kills socat, always within a few seconds.
 */
public final class SocatPair implements AutoCloseable {
    private static final Pattern PTY = Pattern.compile("PTY is (/dev/\\S+)");

    private final Process socat;
    private final String first;
    private final String second;

    private SocatPair(Process socat, String first, String second) {
        this.socat = socat;
        this.first = first;
        this.second = second;
    }

    public static SocatPair start() throws IOException, InterruptedException {
        boolean installed = onPath("socat");
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("socat is not installed, and CI must run the pseudo-terminal tests");
        }
        Assumptions.assumeTrue(installed, "socat is not installed (apt-get install -y socat)");
        Process socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> paths = new ArrayList<>();
        List<String> said = new ArrayList<>();
        // Read stderr on a thread of its own: the paths come first, then socat must never block on a full pipe.
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader err =
                            new BufferedReader(new InputStreamReader(socat.getErrorStream(), StandardCharsets.UTF_8))) {
                        for (String line = err.readLine(); line != null; line = err.readLine()) {
                            synchronized (paths) {
                                said.add(line);
                                Matcher m = PTY.matcher(line);
                                if (m.find()) paths.add(m.group(1));
                                paths.notifyAll();
                            }
                        }
                    } catch (IOException ended) {
                        // socat is gone
                    }
                },
                "socat-stderr");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (paths) {
            while (paths.size() < 2 && System.nanoTime() < deadline && socat.isAlive()) {
                paths.wait(100);
            }
            if (paths.size() < 2) {
                kill(socat);
                throw new AssertionError("socat did not report two pseudo-terminals within 5 s: " + said);
            }
            assertThat(Path.of(paths.get(0))).exists();
            return new SocatPair(socat, paths.get(0), paths.get(1));
        }
    }

    public String first() {
        return first;
    }

    public String second() {
        return second;
    }

    @Override
    public void close() {
        kill(socat);
    }

    private static void kill(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
