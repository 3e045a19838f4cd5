package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TxAdmissionTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aPostOverTheServersLimitWaitsForASlotAndIsServedWhenOneFrees() throws Exception {
        TxAdmission admission = new TxAdmission(4, 2, Duration.ofSeconds(5));
        TxAdmission.Slot first = admission.enter("a");
        admission.enter("b");

        CompletableFuture<TxAdmission.Slot> third = CompletableFuture.supplyAsync(() -> admission.enter("c"), threads);
        awaitWaiting(admission, 1);
        assertThat(third).isNotDone();

        first.close();
        assertThat(third.get(2, TimeUnit.SECONDS)).isNotNull();
        assertThat(admission.inFlight()).isEqualTo(2);
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aSlotGivenBackPassesStraightToAWaiterSoTheNextPostFindsRoomInTheQueue() throws Exception {
        TxAdmission admission = new TxAdmission(4, 1, Duration.ofSeconds(5));
        TxAdmission.Slot first = admission.enter("a");
        CompletableFuture<TxAdmission.Slot> second = CompletableFuture.supplyAsync(() -> admission.enter("b"), threads);
        awaitWaiting(admission, 1);

        // the queue (one place) is full until the slot is given back, and has room from that moment
        first.close();
        CompletableFuture<TxAdmission.Slot> third = CompletableFuture.supplyAsync(() -> admission.enter("a"), threads);
        second.get(2, TimeUnit.SECONDS).close();
        assertThat(third.get(2, TimeUnit.SECONDS)).isNotNull();
        assertThat(admission.inFlight()).isEqualTo(1);
    }

    @Test
    void aBurstOfTwiceTheLimitIsServedWithoutARefusalWhilePostsFinishWithinTheWait() throws Exception {
        TxAdmission admission = new TxAdmission(4, 10, Duration.ofSeconds(5));
        List<CompletableFuture<Void>> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String app = "machine-" + i;
            posts.add(CompletableFuture.runAsync(
                    () -> {
                        try (TxAdmission.Slot slot = admission.enter(app)) {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    threads));
        }
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void aPostThatFindsNoSlotWithinTheWaitIsRefusedWith503AndGivesItsAppSlotBack() {
        TxAdmission admission = new TxAdmission(1, 1, Duration.ofMillis(100));
        admission.enter("a");

        assertThat(refusalOf(admission, "b", 503)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(admission.waiting()).isZero();
        // "b" holds no app slot after its refusal: its next post is refused by the server again, not by its app
        refusalOf(admission, "b", 503);
    }

    @Test
    void noMoreWaitThanMayBeInFlightAndTheRestAreRefusedAtOnce() throws Exception {
        TxAdmission admission = new TxAdmission(4, 2, Duration.ofSeconds(5));
        admission.enter("a");
        admission.enter("b");
        CompletableFuture.runAsync(() -> admission.enter("c"), threads);
        CompletableFuture.runAsync(() -> admission.enter("d"), threads);
        awaitWaiting(admission, 2);

        assertThat(refusalOf(admission, "e", 503)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aMachineOverItsOwnLimitIsRefusedAtOnceWith429NotQueued() {
        TxAdmission admission = new TxAdmission(1, 1, Duration.ofSeconds(5));
        admission.enter("a");

        assertThat(refusalOf(admission, "a", 429)).isLessThan(Duration.ofSeconds(1));
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aWaiterInterruptedByTheServerStoppingLeavesTheQueueAndTheCountsTrue() throws Exception {
        TxAdmission admission = new TxAdmission(4, 1, Duration.ofSeconds(30));
        TxAdmission.Slot held = admission.enter("a");
        CompletableFuture<Integer> refused = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                admission.enter("b");
                refused.complete(200);
            } catch (ApiError e) {
                refused.complete(e.status());
            }
        });
        waiter.start();
        awaitWaiting(admission, 1);

        waiter.interrupt();

        assertThat(refused.get(2, TimeUnit.SECONDS)).isEqualTo(503);
        assertThat(admission.waiting()).isZero();
        held.close();
        assertThat(admission.inFlight()).isZero();
        admission.enter("b").close();
    }

    @Test
    void aZeroWaitRefusesAtOnceAsBefore() {
        TxAdmission admission = new TxAdmission(4, 1, Duration.ZERO);
        TxAdmission.Slot slot = admission.enter("a");
        assertThat(refusalOf(admission, "b", 503)).isLessThan(Duration.ofSeconds(1));
        slot.close();
        slot.close();
        assertThat(admission.inFlight()).isZero();
        admission.enter("b").close();
    }

    /** Asserts that a post of {@code app} is refused with {@code status}; how long the refusal took. */
    private static Duration refusalOf(TxAdmission admission, String app, int status) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> admission.enter(app))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.status()).isEqualTo(status));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void awaitWaiting(TxAdmission admission, int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (admission.waiting() < count && System.nanoTime() < end) Thread.sleep(5);
        assertThat(admission.waiting()).isEqualTo(count);
    }
}
