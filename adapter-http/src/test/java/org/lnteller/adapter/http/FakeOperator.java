package org.lnteller.adapter.http;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.CashInResolution;
import org.lnteller.ports.usecase.Operator;
import org.lnteller.ports.usecase.PostResult;

/**
 * Records the queries and resolutions; answers with {@link #page}, {@link #stuck}, a fixed
 * balance and {@link #resolution}, or throws {@link #failure}.
 */
final class FakeOperator implements Operator {
    record Resolution(TxId id, CashInResolution resolution, String operator, String reason) {}

    final List<TransactionQuery> queries = new CopyOnWriteArrayList<>();
    final List<Resolution> resolutions = new CopyOnWriteArrayList<>();
    volatile List<CashInTransaction> stuck = List.of();
    volatile PostResult resolution;
    volatile Page<Transaction> page = new Page<>(List.of(), Optional.empty());
    volatile RuntimeException failure;

    void reset() {
        queries.clear();
        resolutions.clear();
        stuck = List.of();
        resolution = null;
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

    @Override
    public List<CashInTransaction> stuckCashIns(int limit) {
        return stuck;
    }

    @Override
    public PostResult resolveCashIn(TxId id, CashInResolution what, String operator, String reason) {
        resolutions.add(new Resolution(id, what, operator, reason));
        return resolution;
    }
}
