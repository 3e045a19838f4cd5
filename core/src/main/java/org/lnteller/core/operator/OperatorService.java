package org.lnteller.core.operator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lnteller.core.internal.tx.CashInRules;
import org.lnteller.core.internal.tx.Ruling;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.CashInResolution;
import org.lnteller.ports.usecase.Operator;
import org.lnteller.ports.usecase.PostResult;

/** The admin API's use cases: listings from the store, the balance from the backend, resolving stuck cash-ins. */
public final class OperatorService implements Operator {
    private final TransactionStore transactions;
    private final LightningBackend lightning;
    private final Clock clock;

    public OperatorService(TransactionStore transactions, LightningBackend lightning, Clock clock) {
        this.transactions = transactions;
        this.lightning = lightning;
        this.clock = clock;
    }

    @Override
    public Page<Transaction> transactions(TransactionQuery query) {
        return transactions.list(query);
    }

    @Override
    public Balance balance() {
        return lightning.balance();
    }

    @Override
    public List<CashInTransaction> stuckCashIns(int limit) {
        List<CashInTransaction> stuck = new ArrayList<>(transactions.sendsToReconcile(limit));
        Page<Transaction> failed = transactions.list(new TransactionQuery(
                Optional.empty(),
                Optional.of(Direction.CASH_IN),
                Optional.of(CashInStatus.FAILED.wire()),
                Math.min(limit, TransactionQuery.MAX_LIMIT),
                Optional.empty()));
        failed.items().forEach(tx -> stuck.add((CashInTransaction) tx));
        stuck.sort(Comparator.comparing(CashInTransaction::createdAt));
        return stuck.size() > limit ? List.copyOf(stuck.subList(0, limit)) : List.copyOf(stuck);
    }

    @Override
    public PostResult resolveCashIn(TxId id, CashInResolution resolution, String operator, String reason) {
        Ruling notFound = new Ruling.Refused(new Rejection.NotFound());
        Ruling outcome = transactions.change(
                id,
                current -> current.map(tx -> tx.fold(
                                in -> CashInRules.resolve(
                                        in, resolution == CashInResolution.REFUND, operator, reason, clock.instant()),
                                out -> notFound))
                        .orElse(notFound)
                        .toDecision());
        return outcome.fold(
                applied -> new PostResult.Accepted(applied.next()),
                unchanged -> new PostResult.Accepted(unchanged.current()),
                refused -> new PostResult.Refused(refused.rejection()));
    }
}
