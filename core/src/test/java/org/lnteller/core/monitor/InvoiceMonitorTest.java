package org.lnteller.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lnteller.core.internal.tx.CashOutRules;
import org.lnteller.core.internal.tx.Ruling;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.InMemoryLightningBackend;
import org.lnteller.ports.lightning.InMemoryLightningBackend.Operation;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.InMemoryTransactionStore;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;
import org.lnteller.ports.tx.Pricing;

class InvoiceMonitorTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final InMemoryLightningBackend lightning = new InMemoryLightningBackend(clock, new Random(1));
    private final InMemoryTransactionStore store = new InMemoryTransactionStore();
    private final InvoiceMonitor monitor = new InvoiceMonitor(store, lightning, clock, 10);

    private CashOutTransaction cashOut(String id) {
        MachinePost post = new MachinePost(
                TxId.of(id),
                Direction.CASH_OUT,
                1,
                FiatAmount.ofMajor("USD", "20"),
                Satoshi.of(30_000),
                Optional.empty(),
                List.of(),
                new MachineRequest.Nothing(),
                Pricing.NONE);
        CreatedInvoice invoice = lightning.createInvoice(post.cryptoAtoms(), Duration.ofMinutes(30), "test");
        return store.change(post.id(), current -> {
                            Ruling outcome = CashOutRules.open(post, AppId.of("atm"), invoice, false, clock.instant());
                            return outcome.toDecision();
                        })
                        instanceof Ruling.Applied applied
                ? (CashOutTransaction) applied.next()
                : null;
    }

    private String statusOf(CashOutTransaction tx) {
        return store.find(tx.id()).orElseThrow().wireStatus();
    }

    @Test
    void aPaidInvoiceIsConfirmedOnTheNextPass() {
        CashOutTransaction tx = cashOut("a");
        assertThat(monitor.runOnce()).isEqualTo(new InvoiceMonitor.Pass(1, 0, 0, 0));
        assertThat(statusOf(tx)).isEqualTo("notSeen");
        lightning.payFromOutside(tx.paymentHash());
        assertThat(monitor.runOnce().paid()).isEqualTo(1);
        assertThat(statusOf(tx)).isEqualTo("confirmed");
        assertThat(store.actions(tx.id())).extracting(a -> a.kind()).containsExactly("created", "invoice-paid");
    }

    @Test
    void anUnpaidInvoicePastItsExpiryExpires() {
        CashOutTransaction tx = cashOut("a");
        clock.advance(Duration.ofMinutes(31));
        assertThat(monitor.runOnce().expired()).isEqualTo(1);
        assertThat(statusOf(tx)).isEqualTo("expired");
        assertThat(monitor.runOnce().checked()).isZero();
    }

    @Test
    void anInvoiceTheBackendCannotAnswerForIsNeitherPaidNorExpired() {
        CashOutTransaction tx = cashOut("a");
        clock.advance(Duration.ofHours(1));
        lightning.failNext(Operation.INVOICE_STATUS, 1, Kind.UNAVAILABLE);
        assertThat(monitor.runOnce()).isEqualTo(new InvoiceMonitor.Pass(1, 0, 0, 1));
        assertThat(statusOf(tx)).isEqualTo("notSeen");
    }

    @Test
    void aPushedPaymentConfirmsWithoutWaitingForAPass() {
        CashOutTransaction tx = cashOut("a");
        lightning.subscribeInvoiceUpdates(monitor::onUpdate);
        lightning.payFromOutside(tx.paymentHash());
        assertThat(statusOf(tx)).isEqualTo("confirmed");
        assertThat(monitor.runOnce().checked()).isZero();
    }

    @Test
    void backendCallsPerPassAreOnePerUnpaidInvoiceWhateverMachinesPoll() {
        cashOut("a");
        cashOut("b");
        lightning.resetCalls();
        for (int i = 0; i < 50; i++) store.find(TxId.of("a"));
        monitor.runOnce();
        assertThat(lightning.calls(Operation.INVOICE_STATUS)).isEqualTo(2);
    }

    @Test
    void passesTakeTurnsThroughTheUnpaidInvoicesSoNoCustomerWaitsBehindOthers() {
        List<CashOutTransaction> txs = new ArrayList<>();
        for (int i = 0; i < 25; i++) txs.add(cashOut("tx" + i));
        lightning.payFromOutside(txs.get(24).paymentHash());
        lightning.resetCalls();

        InvoiceMonitor.Pass first = monitor.runOnce();
        InvoiceMonitor.Pass second = monitor.runOnce();
        InvoiceMonitor.Pass third = monitor.runOnce();
        assertThat(List.of(first.checked(), second.checked(), third.checked()))
                .as("one batch per pass")
                .containsExactly(10, 10, 5);
        assertThat(first.paid() + second.paid() + third.paid()).isEqualTo(1);
        assertThat(statusOf(txs.get(24)))
                .as("the newest is seen within ceil(25 / 10) passes")
                .isEqualTo("confirmed");
        assertThat(lightning.calls(Operation.INVOICE_STATUS)).isEqualTo(25);
        assertThat(monitor.runOnce().checked())
                .as("and round again from the oldest")
                .isEqualTo(10);
    }
}
