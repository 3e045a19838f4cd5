package org.lnteller.core.apps;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
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
 *
 * <p>Machines authenticate on every request (a poll a second each), so a found app is remembered
 * for {@link #REMEMBERED} while it is usable: an operator disabling an app takes effect within that
 * time; enabling or renewing one takes effect at once (unusable apps are not remembered). Expiry is
 * judged against the clock on every request. Unknown tokens are not remembered.
 */
public final class AppService implements Apps {
    private static final int MAX_CASSETTES = 8;
    /** How long a found app is remembered between requests. */
    public static final Duration REMEMBERED = Duration.ofSeconds(2);

    private final AppStore store;
    private final SecureRandom random;
    private final Clock clock;
    private final Optional<Duration> validity;
    private final Cache<String, App> byTokenHash;

    /** @param validity how long a new app is accepted; empty for ever */
    public AppService(AppStore store, SecureRandom random, Clock clock, Optional<Duration> validity) {
        this.store = store;
        this.random = random;
        this.clock = clock;
        this.validity = validity;
        // timed by the clock passed in, like everything else in core
        Ticker ticker = new Ticker() {
            @Override
            public long read() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
        };
        this.byTokenHash = CacheBuilder.newBuilder().ticker(ticker).expireAfterWrite(REMEMBERED).maximumSize(10_000).build();
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
        String hash = Tokens.hash(token);
        App found = byTokenHash.getIfPresent(hash);
        if (found == null) {
            Optional<App> app = store.findByTokenHash(hash);
            if (app.isEmpty()) return new Authentication.Unknown();
            found = app.get();
            // only apps in use are remembered: a disabled or expired one is read afresh every
            // time, so enabling or renewing it takes effect at once
            if (found.isUsableAt(clock.instant())) byTokenHash.put(hash, found);
        }
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
