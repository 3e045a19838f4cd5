package org.lnteller.adapter.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.ProvisionedApp;

/**
 * Two machines: {@link #ATM} with {@link #ATM_TOKEN}, and a disabled one whose token is
 * forbidden. Adds get a fixed token; a public key must be 64 hex, as the core demands.
 */
final class FakeApps implements Apps {
    static final String ATM_TOKEN = "atm-token-0123456789abcdef";
    static final String OTHER_TOKEN = "other-token-0123456789abcdef";
    static final String DISABLED_TOKEN = "disabled-token-0123456789abcdef";
    static final String NEW_TOKEN = "fresh-token-fedcba9876543210";
    static final String DISABLED_REASON = "this ATM is disabled: ask the operator to enable it";
    static final AppId ATM = AppId.of("atm-1");
    static final AppId OTHER = AppId.of("atm-2");

    final List<NewApp> added = new CopyOnWriteArrayList<>();
    final List<AppId> replaced = new CopyOnWriteArrayList<>();
    final List<String> presentedTokens = new CopyOnWriteArrayList<>();
    /** Disable, enable, rotate and delete calls, as "disable atm-1". */
    final List<String> revocations = new CopyOnWriteArrayList<>();

    private final Map<AppId, App> apps = new ConcurrentHashMap<>();
    /** The working token of each app; a rotation replaces it. */
    private final Map<String, AppId> tokens = new ConcurrentHashMap<>();

    private int rotations;

    FakeApps() {
        reset();
    }

    static App app(AppId id, String name, List<Cassette> cassettes) {
        return new App(
                id,
                name,
                "ab".repeat(32),
                Optional.empty(),
                AppStatus.ACTIVE,
                Txs.CREATED,
                Optional.empty(),
                cassettes);
    }

    void reset() {
        added.clear();
        replaced.clear();
        presentedTokens.clear();
        revocations.clear();
        apps.clear();
        apps.put(ATM, app(ATM, "Lobby ATM", List.of()));
        apps.put(OTHER, app(OTHER, "Station ATM", List.of()));
        tokens.clear();
        tokens.put(ATM_TOKEN, ATM);
        tokens.put(OTHER_TOKEN, OTHER);
    }

    /** Adds an active app with its own token, e.g. one of many machines. */
    void addMachine(AppId id, String token) {
        apps.put(id, app(id, "Machine " + id.value(), List.of()));
        tokens.put(token, id);
    }

    int writes() {
        return added.size() + replaced.size() + revocations.size();
    }

    @Override
    public ProvisionedApp add(NewApp request) {
        added.add(request);
        if (request.pubkey().isPresent() && !request.pubkey().get().matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("pubkey must be 64 hex characters or an npub");
        }
        App app = new App(
                AppId.of("atm-new"),
                request.name(),
                "cd".repeat(32),
                request.pubkey(),
                AppStatus.ACTIVE,
                Txs.CREATED,
                Optional.of(Instant.parse("2027-03-01T10:00:00Z")),
                request.cassettes());
        apps.put(app.id(), app);
        return new ProvisionedApp(app, NEW_TOKEN);
    }

    @Override
    public synchronized App disable(AppId id) {
        revocations.add("disable " + id.value());
        return apps.compute(id, (key, app) -> live(id, app).withStatus(AppStatus.DISABLED));
    }

    @Override
    public synchronized App enable(AppId id) {
        revocations.add("enable " + id.value());
        return apps.compute(id, (key, app) -> live(id, app).withStatus(AppStatus.ACTIVE));
    }

    @Override
    public synchronized ProvisionedApp rotateToken(AppId id) {
        revocations.add("rotate " + id.value());
        App app = live(id, apps.get(id));
        tokens.values().removeIf(id::equals);
        String token = "rotated-token-" + (++rotations) + "-0123456789abcdef";
        tokens.put(token, id);
        return new ProvisionedApp(app, token);
    }

    @Override
    public synchronized void delete(AppId id) {
        revocations.add("delete " + id.value());
        apps.put(id, live(id, apps.get(id)).withStatus(AppStatus.DELETED));
    }

    private static App live(AppId id, App app) {
        if (app == null || app.status() == AppStatus.DELETED) throw new NotFound("no app " + id);
        return app;
    }

    @Override
    public List<App> list() {
        return apps.values().stream()
                .filter(app -> app.status() != AppStatus.DELETED)
                .sorted((a, b) -> a.id().value().compareTo(b.id().value()))
                .toList();
    }

    @Override
    public App replaceCassettes(AppId id, List<Cassette> cassettes) {
        replaced.add(id);
        App old = apps.get(id);
        if (old == null) throw new NotFound("no app " + id);
        App app = app(id, old.name(), cassettes);
        apps.put(id, app);
        return app;
    }

    @Override
    public Authentication authenticate(String token) {
        presentedTokens.add(token);
        if (DISABLED_TOKEN.equals(token)) return new Authentication.Forbidden(DISABLED_REASON);
        AppId id = tokens.get(token);
        if (id == null) return new Authentication.Unknown();
        App app = apps.get(id);
        return switch (app.status()) {
            case ACTIVE -> new Authentication.Authenticated(app);
            case DISABLED -> new Authentication.Forbidden(DISABLED_REASON);
            case DELETED -> new Authentication.Forbidden("app " + id.value() + " was deleted by the operator");
        };
    }
}
