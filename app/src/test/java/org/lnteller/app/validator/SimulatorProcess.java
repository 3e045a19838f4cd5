package org.lnteller.app.validator;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lnteller.adapter.serial.simulator.Id003Simulator;
import org.lnteller.ports.model.FiatAmount;

/**
 * The ID-003 simulator as a process of its own on a serial port, as a technician would run it:
 * {@code java -cp ... org.lnteller.adapter.serial.simulator.Id003Simulator --port PATH --notes ...}.
 * The class path is built from where the simulator's own classes and dependencies were loaded
 * (surefire's may be a manifest-only jar). Closing kills it, always within a few seconds.
 */
public final class SimulatorProcess implements AutoCloseable {
    private final Process process;
    private final List<String> said = new ArrayList<>();

    private SimulatorProcess(Process process) {
        this.process = process;
    }

    /** Starts it and waits (at most 15 s) until it says it is serving {@code port}. */
    public static SimulatorProcess start(String port, String notes) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = String.join(
                File.pathSeparator,
                locationOf(Id003Simulator.class),
                locationOf(FiatAmount.class),
                locationOf(com.fazecast.jSerialComm.SerialPort.class),
                locationOf(org.slf4j.LoggerFactory.class));
        Process process = new ProcessBuilder(
                        java, "-cp", classPath, Id003Simulator.class.getName(), "--port", port, "--notes", notes)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        SimulatorProcess simulator = new SimulatorProcess(process);
        Thread reader = new Thread(simulator::readStderr, "simulator-stderr");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        synchronized (simulator.said) {
            while (simulator.said.stream().noneMatch(l -> l.startsWith("simulating"))
                    && System.nanoTime() < deadline
                    && process.isAlive()) {
                simulator.said.wait(100);
            }
            if (simulator.said.stream().noneMatch(l -> l.startsWith("simulating"))) {
                simulator.close();
                throw new AssertionError("the simulator process did not start serving " + port + ": " + simulator.said);
            }
        }
        return simulator;
    }

    private void readStderr() {
        try (BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                synchronized (said) {
                    said.add(line);
                    said.notifyAll();
                }
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }

    /** What it wrote on stderr so far. */
    public List<String> said() {
        synchronized (said) {
            return List.copyOf(said);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type, e);
        }
    }
}
