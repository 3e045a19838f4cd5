package org.lnteller.codec.bolt11;

import java.util.List;
import java.util.Locale;

/**
 * Single-threaded decode throughput over the BOLT #11 examples, signature recovery included.
 * Not a test: run it with
 * {@code mvn -q -pl core test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.lnteller.codec.bolt11.DecodeBenchmark}.
 * Arguments (optional): warm-up seconds, measured seconds.
 */
public final class DecodeBenchmark {
    private DecodeBenchmark() {}

    public static void main(String[] args) {
        double warmUpSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        double measureSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        List<String> invoices = SpecExamples.VALID;

        long sink = run(invoices, warmUpSeconds).sink;
        Result result = run(invoices, measureSeconds);
        sink += result.sink;

        System.out.printf(
                Locale.ROOT,
                "decoded %d invoices in %.2f s on one thread: %.0f invoices/second (%d distinct spec examples, checksum %d)%n",
                result.count,
                result.seconds,
                result.count / result.seconds,
                invoices.size(),
                sink & 0xffff);
    }

    private record Result(long count, double seconds, long sink) {}

    private static Result run(List<String> invoices, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        long sink = 0;
        while (System.nanoTime() < deadline) {
            for (String invoice : invoices) {
                // keep the result live so the JIT cannot drop the work
                sink += Bolt11.decode(invoice).payee().hashCode();
                count++;
            }
        }
        return new Result(count, (System.nanoTime() - start) / 1e9, sink);
    }
}
