package org.lnteller.app.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latencies in microseconds, by route. HdrHistogram is not a dependency of this project, so every
 * sample is kept and the percentiles are read off the sorted samples: at a few hundred requests a
 * second for a minute that is a few hundred kilobytes. Not thread-safe: each machine records into
 * its own, and the driver merges them once the machines have stopped.
 */
final class Latencies {
    private final Map<String, Samples> byRoute = new TreeMap<>();

    void record(String route, long micros) {
        byRoute.computeIfAbsent(route, r -> new Samples()).add(micros);
    }

    void addAll(Latencies other) {
        for (Map.Entry<String, Samples> e : other.byRoute.entrySet()) {
            Samples mine = byRoute.computeIfAbsent(e.getKey(), r -> new Samples());
            for (int i = 0; i < e.getValue().size; i++) mine.add(e.getValue().values[i]);
        }
    }

    Map<String, Summary> summaries() {
        Map<String, Summary> result = new TreeMap<>();
        for (Map.Entry<String, Samples> e : byRoute.entrySet())
            result.put(e.getKey(), e.getValue().summary());
        return result;
    }

    /** Count and percentiles in microseconds (nearest-rank). */
    record Summary(long count, long p50, long p95, long p99, long max) {
        static final Summary EMPTY = new Summary(0, 0, 0, 0, 0);
    }

    private static final class Samples {
        private long[] values = new long[256];
        private int size;

        void add(long micros) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = micros;
        }

        Summary summary() {
            if (size == 0) return Summary.EMPTY;
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return new Summary(size, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[size - 1]);
        }

        private static long rank(long[] sorted, int percent) {
            int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }
}
