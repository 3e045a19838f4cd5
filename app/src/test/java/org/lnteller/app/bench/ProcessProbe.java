package org.lnteller.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kernel and the JVM's GC log say about a process: CPU time from {@code /proc/<pid>/stat}
 * (utime + stime, in clock ticks), peak RSS ({@code VmHWM}) from {@code /proc/<pid>/status}, and
 * heap use around each collection from a {@code -Xlog:gc} file. Linux only; elsewhere the figures
 * are empty.
 */
final class ProcessProbe {
    private static final Pattern GC_LINE =
            Pattern.compile("GC\\(\\d+\\) Pause .*?(\\d+)M->(\\d+)M\\((\\d+)M\\) (\\d+\\.\\d+)ms");

    private ProcessProbe() {}

    /** CPU time in milliseconds (user + system) so far. */
    static OptionalLong cpuMillis(long pid, int clockTicksPerSecond) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name in parentheses may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return OptionalLong.of(ticks * 1000 / clockTicksPerSecond);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** A {@code kB} line of {@code /proc/<pid>/status} ({@code VmHWM}, {@code VmRSS}), in kilobytes. */
    static OptionalLong statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * Heap in use around collections, in MB: the largest before a collection (the peak the heap
     * reached), the largest after one (the live set plus what survived young collections), the
     * heap's committed size, and the pauses.
     */
    record GcSummary(
            long collections,
            long peakBeforeMb,
            long maxAfterMb,
            long committedMb,
            double pauseMs,
            double maxPauseMs,
            OptionalLong lastFullAfterMb) {}

    /**
     * Asks the JVM of {@code pid} for a full collection ({@code jcmd <pid> GC.run}), so that the
     * next {@code Pause Full (Diagnostic Command)} line of its GC log shows the live heap: what a young collection
     * leaves behind still holds the old generation's garbage. False when jcmd is not there or
     * did not answer within 30 s.
     */
    static boolean fullGc(long pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return false;
            }
            return jcmd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static GcSummary gcLog(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return new GcSummary(0, 0, 0, 0, 0, 0, OptionalLong.empty());
        }
        long count = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        double pause = 0;
        double maxPause = 0;
        OptionalLong lastFull = OptionalLong.empty();
        for (String line : lines) {
            Matcher m = GC_LINE.matcher(line);
            if (!m.find()) continue;
            count++;
            before = Math.max(before, Long.parseLong(m.group(1)));
            after = Math.max(after, Long.parseLong(m.group(2)));
            committed = Math.max(committed, Long.parseLong(m.group(3)));
            double ms = Double.parseDouble(m.group(4));
            pause += ms;
            maxPause = Math.max(maxPause, ms);
            if (line.contains("Pause Full (Diagnostic Command)"))
                lastFull = OptionalLong.of(Long.parseLong(m.group(2)));
        }
        return new GcSummary(count, before, after, committed, pause, maxPause, lastFull);
    }
}
