package org.lnteller.adapter.http;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.Operator;

/** Records the queries; answers with {@link #page} and a fixed balance, or throws {@link #failure}. */
final class FakeOperator implements Operator {
    final List<TransactionQuery> queries = new CopyOnWriteArrayList<>();
    volatile Page<Transaction> page = new Page<>(List.of(), Optional.empty());
    volatile RuntimeException failure;

    void reset() {
        queries.clear();
        page = new Page<>(List.of(), Optional.empty());
        failure = null;
    }

    @Override
    public Page<Transaction> transactions(TransactionQuery query) {
        queries.add(query);
        return page;
    }

    @Override
    public Balance balance() {
        if (failure != null) throw failure;
        return new Balance(MilliSatoshi.of(1_234_567), MilliSatoshi.of(5_000));
    }
}
