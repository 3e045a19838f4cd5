package org.lnteller.app.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JVM of its own on this test's classpath, its output (stdout and stderr together) in a file,
 * that a test can stop with SIGTERM or kill with SIGKILL.
 */
public final class JvmProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private JvmProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static JvmProcess start(String mainClass, List<String> args, Map<String, String> env, Path output) {
        return start(mainClass, args, env, output, Path.of("").toAbsolutePath());
    }

    /** As {@link #start(String, List, Map, Path)}, in {@code workingDirectory}. */
    public static JvmProcess start(
            String mainClass, List<String> args, Map<String, String> env, Path output, Path workingDirectory) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                // the test-jars on this classpath carry logback-test.xml files of their own; the server logs as it does
                // in production
                "-Dlogback.configurationFile=logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .directory(workingDirectory.toFile());
        builder.environment().putAll(env);
        try {
            return new JvmProcess(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code count} lines the process printed, waiting for them at most {@code patience}. */
    public List<String> firstLines(int count, Duration patience) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            List<String> lines = lines();
            if (lines.size() >= count) return lines.subList(0, count);
            if (!process.isAlive()) throw new IllegalStateException("the process ended: " + String.join("\n", lines));
            Thread.sleep(50);
        }
        throw new IllegalStateException("no " + count + " lines within " + patience + ": " + lines());
    }

    public List<String> lines() {
        try {
            return Files.exists(output) ? Files.readAllLines(output, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The operating system's id of the process (for its CPU time in /proc). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the first line containing {@code text}, at most {@code patience}. */
    public String awaitLine(String text, Duration patience) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            for (String line : lines()) if (line.contains(text)) return line;
            if (!process.isAlive()) throw new IllegalStateException("the process ended: " + String.join("\n", lines()));
            Thread.sleep(50);
        }
        throw new IllegalStateException("no line with '" + text + "' within " + patience + ": " + lines());
    }

    /** The exit code, waiting for the process to end at most {@code patience}. */
    public int exitCode(Duration patience) throws InterruptedException {
        if (!process.waitFor(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("still running after " + patience + ": " + lines());
        }
        return process.exitValue();
    }

    /** SIGTERM (on Unix), as {@code kill} or a service manager stops a server. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed; what was committed is all there is. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) kill();
    }
}
