package org.lnteller.core.cashin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lnteller.core.cashin.CashInWorld.ATM;
import static org.lnteller.core.cashin.CashInWorld.post;
import static org.lnteller.ports.tx.CashInFlags.sendConfirmed;
import static org.lnteller.ports.tx.CashInFlags.sendPending;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnteller.core.cashin.CashInWorld.CustomerInvoice;
import org.lnteller.ports.lightning.InMemoryLightningBackend.PayFault;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.CashInTransaction;

/**
 * The property of the issue, over random interleavings: concurrent and re-sent {@code send: true}
 * posts, reconciler passes racing them, and a backend that succeeds, fails, loses the answer
 * (before or after paying) or leaves the payment in flight. However they interleave, the backend
 * is asked to pay each tx at most once, and every tx ends paid or refundable — never both.
 */
class CashInExactlyOnceTest {
    private static final int TXS = 8;
    private static final int RESENDS = 3;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
    void everyCashInIsPaidAtMostOnceAndEndsPaidOrRefundable(long seed) throws Exception {
        Random random = new Random(seed);
        try (CashInWorld world = new CashInWorld()) {
            List<String> ids = new ArrayList<>();
            List<CustomerInvoice> invoices = new ArrayList<>();
            for (int i = 0; i < TXS; i++) {
                String id = "tx-" + seed + "-" + i;
                CustomerInvoice invoice = world.invoice(50_000);
                world.machines.post(ATM, post(id, 4, invoice.text(), List.of(20, 5), false));
                ids.add(id);
                invoices.add(invoice);
            }
            for (int i = 0; i < TXS; i++) {
                PayFault fault = randomFault(random);
                if (fault != null) world.wallet.answerNextPay(1, fault);
            }

            ExecutorService threads = Executors.newFixedThreadPool(TXS * RESENDS + 2);
            CountDownLatch start = new CountDownLatch(1);
            List<Callable> work = new ArrayList<>();
            for (int i = 0; i < TXS; i++) {
                String id = ids.get(i);
                String text = invoices.get(i).text();
                for (int k = 0; k < RESENDS; k++) {
                    work.add(() -> world.machines.post(ATM, post(id, 5, text, List.of(20, 5), true)));
                }
            }
            for (int k = 0; k < 2; k++) {
                work.add(() -> {
                    for (int pass = 0; pass < 5; pass++) {
                        world.reconciler.runOnce();
                        Thread.sleep(random.nextInt(3));
                    }
                    return null;
                });
            }
            Collections.shuffle(work, random);
            List<Future<Object>> done = new ArrayList<>();
            for (Callable task : work) {
                done.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Object> f : done) f.get(30, TimeUnit.SECONDS);
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            // Payments still answering after the posts returned (the answer stops waiting, the payment does not).
            world.payments.shutdown();
            assertThat(world.payments.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            // Invariant while in flight: paid at most once, and a tx is never failed while the
            // backend holds a payment for it.
            for (int i = 0; i < TXS; i++) {
                assertThat(world.lightning.paysOf(invoices.get(i).hash()))
                        .as(ids.get(i))
                        .isLessThanOrEqualTo(1);
                CashInTransaction tx = (CashInTransaction)
                        world.transactions.find(TxId.of(ids.get(i))).orElseThrow();
                assertThat(sendConfirmed(tx) || sendPending(tx) || "failed".equals(tx.wireStatus()))
                        .as("%s is %s", ids.get(i), tx.wireStatus())
                        .isTrue();
                if ("failed".equals(tx.wireStatus())) {
                    assertThat(world.wallet.receivedBy(invoices.get(i).hash()))
                            .as("%s failed but was paid", ids.get(i))
                            .isEmpty();
                }
            }

            // The world settles: payments in flight end one way or the other, time passes, the reconciler runs.
            for (CustomerInvoice invoice : invoices) {
                if (world.wallet.paymentStatus(invoice.hash()) instanceof OutgoingStatus.Pending) {
                    if (random.nextBoolean()) world.wallet.settlePending(invoice.hash());
                    else world.wallet.failPending(invoice.hash(), "no route after all");
                }
            }
            world.clock.advance(world.settings.notFoundGrace());
            world.reconciler.runOnce();

            for (int i = 0; i < TXS; i++) {
                CashInTransaction tx = (CashInTransaction)
                        world.transactions.find(TxId.of(ids.get(i))).orElseThrow();
                boolean paid = world.wallet.receivedBy(invoices.get(i).hash()).isPresent();
                assertThat(world.lightning.paysOf(invoices.get(i).hash()))
                        .as(ids.get(i))
                        .isLessThanOrEqualTo(1);
                assertThat(sendPending(tx) && !sendConfirmed(tx))
                        .as("%s still reconciling", ids.get(i))
                        .isFalse();
                if (paid) {
                    assertThat(sendConfirmed(tx))
                            .as("%s was paid: it must say so", ids.get(i))
                            .isTrue();
                } else {
                    assertThat(tx.wireStatus())
                            .as("%s was not paid: it must be refundable", ids.get(i))
                            .isEqualTo("failed");
                }
            }
        }
    }

    private interface Callable {
        Object call() throws Exception;
    }

    private static PayFault randomFault(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return PayFault.unknownAfterPaying();
            case 1:
                return PayFault.unknownBeforePaying();
            case 2:
                return PayFault.pending();
            case 3:
                return PayFault.failed(PaymentFailure.NO_ROUTE);
            default:
                return null;
        }
    }
}
