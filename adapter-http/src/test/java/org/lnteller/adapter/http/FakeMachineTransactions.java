package org.lnteller.adapter.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.MachineTransactions;
import org.lnteller.ports.usecase.PostResult;

/** Records every post and find; answers posts with {@link #answer} and finds from {@link #stored}. */
final class FakeMachineTransactions implements MachineTransactions {
    record Post(AppId app, MachinePost post) {}

    final List<Post> posts = new CopyOnWriteArrayList<>();
    final List<TxId> finds = new CopyOnWriteArrayList<>();
    final Map<TxId, Transaction> stored = new ConcurrentHashMap<>();
    volatile BiFunction<AppId, MachinePost, PostResult> answer = FakeMachineTransactions::accept;

    static PostResult accept(AppId app, MachinePost post) {
        return new PostResult.Accepted(Txs.from(app, post));
    }

    void reset() {
        posts.clear();
        finds.clear();
        stored.clear();
        answer = FakeMachineTransactions::accept;
    }

    void store(Transaction tx) {
        stored.put(tx.id(), tx);
    }

    MachinePost onlyPost() {
        if (posts.size() != 1) throw new AssertionError("expected one post, got " + posts);
        return posts.get(0).post();
    }

    @Override
    public PostResult post(AppId app, MachinePost post) {
        posts.add(new Post(app, post));
        return answer.apply(app, post);
    }

    @Override
    public Optional<Transaction> find(AppId app, TxId id) {
        finds.add(id);
        return Optional.ofNullable(stored.get(id)).filter(tx -> tx.appId().equals(app));
    }
}
