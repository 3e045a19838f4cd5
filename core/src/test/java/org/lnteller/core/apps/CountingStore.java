package org.lnteller.core.apps;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.tx.DispenseLine;

/** Passes every call to another store and counts the reads of the revocation count. */
final class CountingStore implements AppStore {
    private final AppStore delegate;
    volatile int revocationReads;

    CountingStore(AppStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(App app) {
        delegate.create(app);
    }

    @Override
    public Optional<App> find(AppId id) {
        return delegate.find(id);
    }

    @Override
    public Optional<App> findByTokenHash(String tokenHash) {
        return delegate.findByTokenHash(tokenHash);
    }

    @Override
    public List<App> list() {
        return delegate.list();
    }

    @Override
    public App updateCassettes(AppId id, UnaryOperator<List<Cassette>> change) {
        return delegate.updateCassettes(id, change);
    }

    @Override
    public Optional<List<DispenseLine>> withdrawNotes(
            AppId app, TxId tx, Function<List<Cassette>, Optional<List<DispenseLine>>> plan) {
        return delegate.withdrawNotes(app, tx, plan);
    }

    @Override
    public App setStatus(AppId id, AppStatus status) {
        return delegate.setStatus(id, status);
    }

    @Override
    public App replaceTokenHash(AppId id, String tokenHash) {
        return delegate.replaceTokenHash(id, tokenHash);
    }

    @Override
    public synchronized long revocations() {
        revocationReads++;
        return delegate.revocations();
    }

    @Override
    public App setExpiry(AppId id, Optional<Instant> expiresAt) {
        return delegate.setExpiry(id, expiresAt);
    }
}
