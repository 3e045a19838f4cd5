package org.lnteller.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionChange;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.Transaction;

/**
 * Counts committed state changes by direction and the status they reached
 * ({@code lnteller_transactions_total}), and cash-outs flagged by the price check
 * ({@code lnteller_cashout_price_flagged_total}). Only the decision that was committed counts: a store may
 * call a change more than once when it retries a conflict.
 */
public final class CountingTransactionStore implements TransactionStore {
    private final TransactionStore delegate;
    private final MeterRegistry registry;

    public CountingTransactionStore(TransactionStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public <R> R change(TxId id, TransactionChange<R> change) {
        AtomicReference<Decision<R>> committed = new AtomicReference<>();
        R result = delegate.change(id, current -> {
            Decision<R> decision = change.decide(current);
            committed.set(decision);
            return decision;
        });
        Decision<R> decision = committed.get();
        if (decision != null && decision.write().isPresent()) {
            Transaction tx = decision.write().get();
            Counter.builder("lnteller.transactions")
                    .description("committed transaction state changes by status reached")
                    .tag("direction", tx.direction().wire())
                    .tag("status", tx.wireStatus())
                    .register(registry)
                    .increment();
            if (decision.log().stream().anyMatch(a -> "price-flagged".equals(a.kind()))) {
                Counter.builder("lnteller.cashout.price.flagged")
                        .description("cash-outs quoted worse for the operator than the server's price")
                        .register(registry)
                        .increment();
            }
        }
        return result;
    }

    @Override
    public Optional<Transaction> find(TxId id) {
        return delegate.find(id);
    }

    @Override
    public Optional<Transaction> findByPaymentHash(PaymentHash paymentHash) {
        return delegate.findByPaymentHash(paymentHash);
    }

    @Override
    public List<CashOutTransaction> unpaidCashOuts(int limit, Optional<CashOutTransaction> after) {
        return delegate.unpaidCashOuts(limit, after);
    }

    @Override
    public List<CashInTransaction> sendsToReconcile(int limit) {
        return delegate.sendsToReconcile(limit);
    }

    @Override
    public Page<Transaction> list(TransactionQuery query) {
        return delegate.list(query);
    }

    @Override
    public List<Action> actions(TxId id) {
        return delegate.actions(id);
    }
}
