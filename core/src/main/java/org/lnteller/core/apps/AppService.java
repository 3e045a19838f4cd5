package org.lnteller.core.apps;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.store.App;
import org.lnteller.ports.store.AppStatus;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.Cassette;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.ProvisionedApp;

/**
 * Provisions ATMs and authenticates them. Tokens are random (from the {@link SecureRandom} passed
 * in), shown once, and stored only as their SHA-256; looking an app up by that hash means the
 * comparison never touches the token itself.
 */
public final class AppService implements Apps {
    private static final int MAX_CASSETTES = 8;

    private final AppStore store;
    private final SecureRandom random;
    private final Clock clock;
    private final Optional<Duration> validity;

    /** @param validity how long a new app is accepted; empty for ever */
    public AppService(AppStore store, SecureRandom random, Clock clock, Optional<Duration> validity) {
        this.store = store;
        this.random = random;
        this.clock = clock;
        this.validity = validity;
    }

    @Override
    public ProvisionedApp add(NewApp request) {
        String name = request.name().strip();
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name must be 1-100 printable characters");
        }
        Optional<String> pubkey = request.pubkey().map(PublicKeys::parseXOnly);
        List<Cassette> cassettes = checkCassettes(request.cassettes());
        String token = Tokens.newToken(random, "lnt_");
        Instant now = clock.instant();
        if (request.maxPerTx().isPresent() && request.maxPerTx().get().isZero()) {
            throw new IllegalArgumentException("max_per_tx_sats must be positive");
        }
        App app = new App(newAppId(), name, Tokens.hash(token), pubkey, AppStatus.ACTIVE, now,
                validity.map(now::plus), cassettes, request.maxPerTx());
        store.create(app);
        return new ProvisionedApp(app, token);
    }

    @Override
    public List<App> list() {
        return store.list();
    }

    @Override
    public App replaceCassettes(AppId id, List<Cassette> cassettes) {
        List<Cassette> checked = checkCassettes(cassettes);
        return store.updateCassettes(id, current -> checked);
    }

    @Override
    public Authentication authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 200) return new Authentication.Unknown();
        Optional<App> app = store.findByTokenHash(Tokens.hash(token));
        if (app.isEmpty()) return new Authentication.Unknown();
        App found = app.get();
        if (found.status() == AppStatus.DISABLED) {
            return new Authentication.Forbidden("app " + found.id() + " is disabled by the operator");
        }
        Instant now = clock.instant();
        if (found.expiresAt().isPresent() && !now.isBefore(found.expiresAt().get())) {
            return new Authentication.Forbidden("app " + found.id() + " expired at " + found.expiresAt().get()
                    + "; renew it with POST /api/atm/renew or ask the operator");
        }
        return new Authentication.Authenticated(found);
    }

    private AppId newAppId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return AppId.of("atm_" + HexFormat.of().formatHex(bytes));
    }

    private static List<Cassette> checkCassettes(List<Cassette> cassettes) {
        if (cassettes.size() > MAX_CASSETTES) throw new IllegalArgumentException("at most " + MAX_CASSETTES + " cassettes");
        if (cassettes.stream().map(Cassette::position).distinct().count() != cassettes.size()) {
            throw new IllegalArgumentException("cassette positions must be distinct");
        }
        return List.copyOf(cassettes);
    }
}
