package org.lnteller.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.lnteller.app.bench.ScaleOut.Kill;
import org.lnteller.app.bench.ScaleOut.Lease;
import org.lnteller.app.bench.ScaleOut.Sample;

/** What the lease samples of a scale-out run say: two holders at once, and the takeover after a kill. */
class ScaleOutTest {
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 12, 5, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final long MS = 1_000_000L;

    private static Sample at(long ms, Map<String, Lease> leases) {
        return new Sample(ms * MS, T0.plusNanos(ms * MS), leases);
    }

    private static Lease lease(String holder, long expiresAtMs) {
        return new Lease(holder, T0.plusNanos(expiresAtMs * MS));
    }

    @Test
    void aJobTakenAfterItsLeaseRanOutIsNoOverlap() {
        List<Sample> samples = List.of(
                at(0, Map.of("invoice-monitor", lease("a", 1_000))),
                at(1_200, Map.of("invoice-monitor", lease("b", 4_200))));

        assertThat(ScaleOut.overlaps(samples)).isEmpty();
    }

    @Test
    void aJobTakenWhileTheOtherHoldersLeaseRunsIsAnOverlap() {
        List<Sample> samples = List.of(
                at(0, Map.of("invoice-monitor", lease("a", 3_000))),
                at(200, Map.of("invoice-monitor", lease("b", 3_200))));

        assertThat(ScaleOut.overlaps(samples)).singleElement().satisfies(o -> {
            assertThat(o.job()).isEqualTo("invoice-monitor");
            assertThat(o.from()).isEqualTo("a");
            assertThat(o.to()).isEqualTo("b");
        });
    }

    @Test
    void theTakeoverIsTimedFromTheKillForEachLeaseTheDeadInstanceHeld() {
        ScaleOut.Instance dead = new ScaleOut.Instance(URI.create("http://127.0.0.1:1"), 1, "a");
        Kill kill = new Kill(dead, 500 * MS, OptionalLong.empty(), ServerMetrics.none());
        List<Sample> samples = List.of(
                at(
                        400,
                        Map.of(
                                "invoice-monitor",
                                lease("a", 3_000),
                                "send-reconciler",
                                lease("a", 9_000),
                                "purchase-monitor",
                                lease("b", 3_000))),
                at(2_900, Map.of("invoice-monitor", lease("a", 3_000), "send-reconciler", lease("a", 9_000))),
                at(3_100, Map.of("invoice-monitor", lease("b", 6_100), "send-reconciler", lease("a", 9_000))));

        List<ScaleOut.Takeover> takeovers = ScaleOut.takeovers(samples, kill);

        assertThat(takeovers)
                .extracting(ScaleOut.Takeover::job)
                .containsExactlyInAnyOrder("invoice-monitor", "send-reconciler");
        for (ScaleOut.Takeover t : takeovers) {
            if (t.job().equals("invoice-monitor")) {
                assertThat(t.afterMs()).hasValue(2_600);
                assertThat(t.leaseLeftAtKillSeconds()).isEqualTo(2.6);
            } else {
                assertThat(t.afterMs())
                        .as("never taken over within the samples")
                        .isEmpty();
            }
        }
    }
}
