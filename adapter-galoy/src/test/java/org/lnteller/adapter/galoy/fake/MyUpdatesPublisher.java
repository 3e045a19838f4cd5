package org.lnteller.adapter.galoy.fake;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The event source of one {@code myUpdates} subscription: what graphql-java's subscription
 * execution maps through the subscriber's selection set. Demand is not counted: the fake's only
 * subscriber (the WebSocket handler) asks for everything.
 */
final class MyUpdatesPublisher implements Publisher<Object> {
    /** Every open stream, by account. */
    static final class Registry {
        private final Map<String, List<MyUpdatesPublisher>> byAccount = new ConcurrentHashMap<>();

        Publisher<Object> open(String accountId) {
            MyUpdatesPublisher p = new MyUpdatesPublisher(this, accountId);
            byAccount
                    .computeIfAbsent(accountId, k -> new CopyOnWriteArrayList<>())
                    .add(p);
            return p;
        }

        void publish(String accountId, Map<String, Object> update) {
            Map<String, Object> payload = new java.util.LinkedHashMap<>();
            payload.put("errors", List.of());
            payload.put("me", null);
            payload.put("update", update);
            for (MyUpdatesPublisher p : byAccount.getOrDefault(accountId, List.of())) p.emit(payload);
        }

        void closed(MyUpdatesPublisher p) {
            List<MyUpdatesPublisher> list = byAccount.get(p.accountId);
            if (list != null) list.remove(p);
        }

        int open() {
            return byAccount.values().stream().mapToInt(List::size).sum();
        }
    }

    private final Registry registry;
    private final String accountId;
    private volatile Subscriber<? super Object> subscriber;

    private MyUpdatesPublisher(Registry registry, String accountId) {
        this.registry = registry;
        this.accountId = accountId;
    }

    @Override
    public void subscribe(Subscriber<? super Object> s) {
        this.subscriber = s;
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                // unbounded: see the class comment
            }

            @Override
            public void cancel() {
                registry.closed(MyUpdatesPublisher.this);
            }
        });
    }

    private void emit(Map<String, Object> payload) {
        Subscriber<? super Object> s = subscriber;
        if (s != null) s.onNext(payload);
    }

    /** Ends the stream from the server's side (the subscriber gets {@code complete}). */
    void complete() {
        registry.closed(this);
        Subscriber<? super Object> s = subscriber;
        if (s != null) s.onComplete();
    }
}
