package org.lnteller.ports.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobLeases} must do. An implementation's test extends this class and
 * implements {@link #newLeases()}; resources it opens are registered with
 * {@link #closeAfterEach(AutoCloseable)}.
 */
public abstract class JobLeasesContract extends StoreContractSupport {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final String MONITOR = "invoice-monitor";
    private static final String RECONCILER = "send-reconciler";
    private static final String A = "atm-server-1/5f0c";
    private static final String B = "atm-server-2/91ab";

    /** The leases under test. */
    protected JobLeases leases;

    /** Fresh leases, none held. Called before each test. */
    protected abstract JobLeases newLeases() throws Exception;

    @BeforeEach
    protected final void openLeases() throws Exception {
        leases = newLeases();
        if (leases instanceof AutoCloseable closeable) closeAfterEach(closeable);
    }

    @Test
    void aFreeLeaseIsTaken() {
        assertThat(leases.tryAcquire(MONITOR, A, T0, LEASE)).isTrue();
    }

    @Test
    void anotherInstanceIsRefusedWhileTheLeaseRuns() {
        leases.tryAcquire(MONITOR, A, T0, LEASE);

        assertThat(leases.tryAcquire(MONITOR, B, T0, LEASE)).isFalse();
        assertThat(leases.tryAcquire(MONITOR, B, T0.plus(LEASE).minusMillis(1), LEASE))
                .isFalse();
        // The refusals did not take or stretch anything: A still holds it, until its own expiry.
        assertThat(leases.tryAcquire(MONITOR, A, T0.plusSeconds(1), Duration.ofSeconds(9)))
                .isTrue();
        assertThat(leases.tryAcquire(MONITOR, B, T0.plus(LEASE), LEASE)).isTrue();
    }

    @Test
    void theHolderRenewsItsLeaseFromNow() {
        leases.tryAcquire(MONITOR, A, T0, LEASE);

        assertThat(leases.tryAcquire(MONITOR, A, T0.plusSeconds(8), LEASE)).isTrue();

        assertThat(leases.tryAcquire(MONITOR, B, T0.plusSeconds(17), LEASE)).isFalse();
        assertThat(leases.tryAcquire(MONITOR, B, T0.plusSeconds(18), LEASE)).isTrue();
    }

    @Test
    void aRenewalWithTheSameArgumentsChangesNothingMore() {
        leases.tryAcquire(MONITOR, A, T0, LEASE);

        assertThat(leases.tryAcquire(MONITOR, A, T0, LEASE)).isTrue();
        assertThat(leases.tryAcquire(MONITOR, A, T0, LEASE)).isTrue();

        assertThat(leases.tryAcquire(MONITOR, B, T0.plus(LEASE).minusMillis(1), LEASE))
                .isFalse();
        assertThat(leases.tryAcquire(MONITOR, B, T0.plus(LEASE), LEASE)).isTrue();
    }

    @Test
    void aShorterRenewalEndsTheLeaseSooner() {
        leases.tryAcquire(MONITOR, A, T0, Duration.ofMinutes(5));

        leases.tryAcquire(MONITOR, A, T0.plusSeconds(1), Duration.ofSeconds(2));

        assertThat(leases.tryAcquire(MONITOR, B, T0.plusSeconds(3), LEASE)).isTrue();
    }

    @Test
    void anotherInstanceTakesTheLeaseTheMomentItExpires() {
        leases.tryAcquire(MONITOR, A, T0, LEASE);

        assertThat(leases.tryAcquire(MONITOR, B, T0.plus(LEASE), LEASE)).isTrue();

        // The old holder comes back too late: the job is B's now.
        assertThat(leases.tryAcquire(MONITOR, A, T0.plus(LEASE).plusSeconds(1), LEASE))
                .isFalse();
        assertThat(leases.tryAcquire(MONITOR, B, T0.plus(LEASE).plusSeconds(1), LEASE))
                .isTrue();
    }

    @Test
    void aReleasedLeaseIsTakenByAnotherInstanceAtOnce() {
        leases.tryAcquire(MONITOR, A, T0, LEASE);

        leases.release(MONITOR, A);

        assertThat(leases.tryAcquire(MONITOR, B, T0.plusMillis(1), LEASE)).isTrue();
    }

    @Test
    void releasingSomeoneElsesLeaseDoesNothing() {
        leases.tryAcquire(MONITOR, A, T0, LEASE);

        leases.release(MONITOR, B);
        leases.release(RECONCILER, A);

        assertThat(leases.tryAcquire(MONITOR, B, T0.plusSeconds(1), LEASE)).isFalse();
        assertThat(leases.tryAcquire(MONITOR, A, T0.plusSeconds(1), LEASE)).isTrue();
    }

    @Test
    void releasingTwiceOrReleasingAFreeLeaseDoesNothing() {
        leases.release(MONITOR, A);
        leases.tryAcquire(MONITOR, A, T0, LEASE);
        leases.release(MONITOR, A);
        leases.release(MONITOR, A);

        assertThat(leases.tryAcquire(MONITOR, B, T0, LEASE)).isTrue();
        assertThat(leases.tryAcquire(MONITOR, A, T0, LEASE)).isFalse();
    }

    @Test
    void eachJobHasItsOwnLease() {
        leases.tryAcquire(MONITOR, A, T0, LEASE);

        assertThat(leases.tryAcquire(RECONCILER, B, T0, LEASE)).isTrue();
        assertThat(leases.tryAcquire(RECONCILER, A, T0, LEASE)).isFalse();

        leases.release(MONITOR, A);
        assertThat(leases.tryAcquire(RECONCILER, A, T0.plusSeconds(1), LEASE)).isFalse();
        assertThat(leases.tryAcquire(MONITOR, B, T0.plusSeconds(1), LEASE)).isTrue();
    }

    @Test
    void malformedArgumentsAreRefused() {
        assertThatThrownBy(() -> leases.tryAcquire(MONITOR, A, T0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leases.tryAcquire(MONITOR, A, T0, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leases.tryAcquire(" ", A, T0, LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leases.tryAcquire(MONITOR, "h".repeat(101), T0, LEASE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leases.release("j".repeat(101), A)).isInstanceOf(IllegalArgumentException.class);

        assertThat(leases.tryAcquire("j".repeat(100), "h".repeat(100), T0, LEASE))
                .isTrue();
        assertThat(leases.tryAcquire(MONITOR, B, T0, LEASE)).isTrue();
    }

    @Test
    void sixteenInstancesRacingForAFreeJobGetItOnce() throws Exception {
        List<Boolean> taken = Race.run(16, contenders(16, MONITOR, T0));

        assertThat(taken).containsOnlyOnce(true);
        String winner = "instance-" + taken.indexOf(true);
        assertThat(leases.tryAcquire(MONITOR, winner, T0.plusSeconds(1), LEASE)).isTrue();
        assertThat(leases.tryAcquire(MONITOR, "instance-" + taken.indexOf(false), T0.plusSeconds(1), LEASE))
                .isFalse();
    }

    @Test
    void sixteenInstancesRacingForAnExpiredLeaseGetItOnce() throws Exception {
        leases.tryAcquire(MONITOR, A, T0, LEASE);

        List<Boolean> taken = Race.run(16, contenders(16, MONITOR, T0.plus(LEASE)));

        assertThat(taken).containsOnlyOnce(true);
        assertThat(leases.tryAcquire(MONITOR, A, T0.plus(LEASE), LEASE)).isFalse();
    }

    /**
     * Instances come and go between rounds and race for one job at each round's instant; a model
     * of the lease says who must get it, and a detector checks that no two instances ever held it
     * over overlapping times.
     */
    @Test
    void instancesRacingRoundAfterRoundNeverHoldTheJobAtOnce() throws Exception {
        Random random = new Random(20250301);
        OverlapDetector detector = new OverlapDetector();
        String holder = null;
        Instant until = Instant.MIN;
        Instant now = T0;
        int handovers = 0;
        for (int round = 0; round < 60; round++) {
            // Steps of 1 to 13 s against a 10 s lease: some rounds find it running, others expired.
            now = now.plusMillis(1000 + random.nextInt(12_000));
            List<String> present = new ArrayList<>();
            for (int i = 0; i < 6; i++) if (random.nextBoolean()) present.add("instance-" + i);
            if (present.isEmpty()) continue;
            Instant at = now;
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (String instance : present) tasks.add(() -> leases.tryAcquire(MONITOR, instance, at, LEASE));

            List<Boolean> taken = Race.run(present.size(), tasks);

            List<String> winners = new ArrayList<>();
            for (int i = 0; i < taken.size(); i++) if (taken.get(i)) winners.add(present.get(i));
            for (String winner : winners) detector.held(winner, now, now.plus(LEASE));
            boolean running = now.isBefore(until);
            if (running && present.contains(holder)) {
                assertThat(winners).as("round %d: the holder renews", round).containsExactly(holder);
            } else if (running) {
                assertThat(winners)
                        .as("round %d: the holder is away but its lease runs", round)
                        .isEmpty();
            } else {
                assertThat(winners)
                        .as("round %d: the expired lease goes to one instance", round)
                        .hasSize(1);
            }
            if (!winners.isEmpty()) {
                if (!winners.get(0).equals(holder)) handovers++;
                holder = winners.get(0);
                until = now.plus(LEASE);
            }
        }
        assertThat(handovers).as("the job changed hands often during the run").isGreaterThan(10);
        assertThat(detector.holders()).hasSizeGreaterThan(3);
    }

    private List<Callable<Boolean>> contenders(int count, String job, Instant now) {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String instance = "instance-" + i;
            tasks.add(() -> leases.tryAcquire(job, instance, now, LEASE));
        }
        return tasks;
    }

    /** Records the times each holder was granted and fails when two holders' times overlap. */
    private static final class OverlapDetector {
        private record Held(String holder, Instant from, Instant until) {}

        private final List<Held> granted = new ArrayList<>();

        void held(String holder, Instant from, Instant until) {
            for (Held other : granted) {
                boolean overlaps = from.isBefore(other.until()) && other.from().isBefore(until);
                if (!other.holder().equals(holder) && overlaps) {
                    throw new AssertionError(holder + " was granted [" + from + ", " + until + ") while "
                            + other.holder() + " held [" + other.from() + ", " + other.until() + ")");
                }
            }
            granted.add(new Held(holder, from, until));
        }

        List<String> holders() {
            return granted.stream().map(Held::holder).distinct().toList();
        }
    }
}
