package org.lnteller.ports.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.DispenseLine;

/**
 * An {@link AppStore} in memory, faithful to {@link AppStoreContract}; cassettes come in position
 * order. Thread-safe: every method
 * holds this store's monitor, so a cassette change is applied exactly once and never retried.
 */
public final class InMemoryAppStore implements AppStore {
    private final Map<String, List<DispenseLine>> withdrawals = new HashMap<>();
    private final Map<AppId, App> apps = new HashMap<>();
    private long revocations;

    @Override
    public synchronized void create(App app) {
        Objects.requireNonNull(app, "app");
        if (apps.containsKey(app.id())) throw new AlreadyExists("an app with id " + app.id() + " exists");
        if (findByTokenHash(app.tokenHash()).isPresent()) throw new AlreadyExists("an app has this token hash");
        put(app);
    }

    @Override
    public synchronized Optional<App> find(AppId id) {
        return Optional.ofNullable(apps.get(id));
    }

    @Override
    public synchronized Optional<App> findByTokenHash(String tokenHash) {
        return apps.values().stream()
                .filter(a -> a.tokenHash().equals(tokenHash))
                .findFirst();
    }

    @Override
    public synchronized List<App> list() {
        return apps.values().stream()
                .sorted(Comparator.comparing(App::createdAt).thenComparing(a -> a.id().value()))
                .toList();
    }

    @Override
    public synchronized App updateCassettes(AppId id, UnaryOperator<List<Cassette>> change) {
        App app = existing(id);
        return put(app.withCassettes(change.apply(app.cassettes())));
    }

    @Override
    public synchronized Optional<List<DispenseLine>> withdrawNotes(
            AppId app, TxId tx, Function<List<Cassette>, Optional<List<DispenseLine>>> plan) {
        App current = existing(app);
        List<DispenseLine> done = withdrawals.get(app.value() + "/" + tx.value());
        if (done != null) return Optional.of(done);
        Optional<List<DispenseLine>> lines = plan.apply(current.cassettes());
        if (lines.isEmpty() || lines.get().isEmpty()) return Optional.empty();
        List<Cassette> after = Withdrawals.apply(current.cassettes(), lines.get());
        put(current.withCassettes(after));
        withdrawals.put(app.value() + "/" + tx.value(), List.copyOf(lines.get()));
        return Optional.of(List.copyOf(lines.get()));
    }

    @Override
    public synchronized App setStatus(AppId id, AppStatus status) {
        Objects.requireNonNull(status, "status");
        App app = existing(id);
        revocations++;
        return put(app.withStatus(status));
    }

    @Override
    public synchronized App replaceTokenHash(AppId id, String tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        App app = existing(id);
        Optional<App> holder = findByTokenHash(tokenHash);
        if (holder.isPresent() && !holder.get().id().equals(id)) throw new AlreadyExists("an app has this token hash");
        revocations++;
        return put(app.withTokenHash(tokenHash));
    }

    @Override
    public synchronized long revocations() {
        return revocations;
    }

    @Override
    public synchronized App setExpiry(AppId id, Optional<Instant> expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        App app = existing(id);
        return put(app.withExpiresAt(expiresAt));
    }

    private App existing(AppId id) {
        App app = apps.get(id);
        if (app == null) throw new NotFound("no app with id " + id);
        return app;
    }

    /** Keeps the cassettes in position order, as a database reads them back. */
    private App put(App app) {
        App ordered = app.withCassettes(app.cassettes().stream()
                .sorted(Comparator.comparingInt(Cassette::position))
                .toList());
        apps.put(app.id(), ordered);
        return ordered;
    }
}
