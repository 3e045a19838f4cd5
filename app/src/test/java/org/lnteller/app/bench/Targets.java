package org.lnteller.app.bench;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server instances behind the driver, as a load balancer sees them: every request goes to a
 * live instance at random; an instance taken down (its health check failing) gets no more
 * requests, and a request it dropped is counted as lost to the kill and sent again to a live one,
 * as a Lamassu machine re-sends a request that got no answer.
 */
final class Targets {
    private final List<URI> all;
    private final Set<URI> down = ConcurrentHashMap.newKeySet();
    private final AtomicLong lostToKill = new AtomicLong();

    Targets(List<URI> all) {
        if (all.isEmpty()) throw new IllegalArgumentException("no server to send requests to");
        this.all = List.copyOf(all);
    }

    static Targets of(URI one) {
        return new Targets(List.of(one));
    }

    List<URI> all() {
        return all;
    }

    /** A live instance at random; the first when only one is configured. */
    URI pick() {
        if (all.size() == 1) return all.get(0);
        List<URI> live = all.stream().filter(u -> !down.contains(u)).toList();
        List<URI> from = live.isEmpty() ? all : live;
        return from.get(ThreadLocalRandom.current().nextInt(from.size()));
    }

    void markDown(URI target) {
        down.add(target);
    }

    boolean isDown(URI target) {
        return down.contains(target);
    }

    void lost() {
        lostToKill.incrementAndGet();
    }

    long lostToKill() {
        return lostToKill.get();
    }
}
