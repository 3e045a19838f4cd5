package org.lnteller.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.store.InMemoryJobLeases;
import org.lnteller.ports.store.JobLeases;
import org.lnteller.ports.store.StoreException;

/** A background job runs its passes on the one instance holding its lease. */
class LeasedJobTest {
    private static final Duration MINIMUM = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final InMemoryJobLeases leases = new InMemoryJobLeases();
    private final AtomicInteger passesOnA = new AtomicInteger();
    private final AtomicInteger passesOnB = new AtomicInteger();
    private final LeasedJob onA = new LeasedJob.Leasing(leases, "host-a/1", clock, MINIMUM)
            .job("invoice-monitor", Duration.ofSeconds(1), passesOnA::incrementAndGet);
    private final LeasedJob onB = new LeasedJob.Leasing(leases, "host-b/2", clock, MINIMUM)
            .job("invoice-monitor", Duration.ofSeconds(1), passesOnB::incrementAndGet);

    @Test
    void onlyTheInstanceHoldingTheLeaseRunsPasses() {
        for (int i = 0; i < 5; i++) {
            onA.run();
            onB.run();
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(passesOnA).hasValue(5);
        assertThat(passesOnB).hasValue(0);
    }

    @Test
    void theLeaseIsThreeIntervalsButNeverShorterThanTheMinimum() {
        LeasedJob slow = new LeasedJob.Leasing(leases, "host-a/1", clock, MINIMUM)
                .job("send-reconciler", Duration.ofSeconds(5), () -> {});

        assertThat(onA.lease()).isEqualTo(MINIMUM);
        assertThat(slow.lease()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void anInstanceThatStopsPassingHandsTheJobOverOnceItsLeaseRunsOut() {
        onA.run();

        clock.advance(MINIMUM.minusMillis(1));
        onB.run();
        assertThat(passesOnB).hasValue(0);

        clock.advance(Duration.ofMillis(1));
        onB.run();
        onA.run();
        assertThat(passesOnB).hasValue(1);
        assertThat(passesOnA).hasValue(1);
    }

    @Test
    void aReleasedJobIsTakenByTheNextPassElsewhere() {
        onA.run();

        onA.release();
        onB.run();

        assertThat(passesOnB).hasValue(1);
    }

    @Test
    void aFailingPassKeepsTheLeaseAndTheSchedulerGoing() {
        AtomicInteger attempts = new AtomicInteger();
        LeasedJob failing = new LeasedJob.Leasing(leases, "host-a/1", clock, MINIMUM)
                .job("invoice-monitor", Duration.ofSeconds(1), () -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("backend down");
                });

        failing.run();
        clock.advance(Duration.ofSeconds(9));
        failing.run();
        clock.advance(Duration.ofSeconds(9));
        onB.run();

        assertThat(attempts).hasValue(2);
        assertThat(passesOnB).as("the failing instance renewed its lease").hasValue(0);
    }

    @Test
    void anUnreachableStoreSkipsThePassWithoutThrowing() {
        JobLeases down = new JobLeases() {
            @Override
            public boolean tryAcquire(String job, String holder, Instant now, Duration lease) {
                throw new StoreException("database unreachable");
            }

            @Override
            public void release(String job, String holder) {
                throw new StoreException("database unreachable");
            }
        };
        LeasedJob job = new LeasedJob.Leasing(down, "host-a/1", clock, MINIMUM)
                .job("invoice-monitor", Duration.ofSeconds(1), passesOnA::incrementAndGet);

        job.run();
        job.release();

        assertThat(passesOnA).hasValue(0);
    }
}
