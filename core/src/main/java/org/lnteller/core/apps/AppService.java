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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.lnteller.codec.nostr.PublicKeys;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.NewApp;
import org.lnteller.ports.usecase.ProvisionedApp;

/**
 * Provisions ATMs, authenticates them, and lets the operator disable, enable, delete them and
 * rotate their tokens. Tokens are random (from the {@link SecureRandom} passed in), shown once,
 * and stored only as their SHA-256; looking an app up by that hash means the comparison never
 * touches the token itself.
 *
 * <p>Machines authenticate on every request (a poll a second each), so a found app is remembered
 * for {@link #REMEMBERED} while it is usable; unusable and unknown ones are never remembered, so
 * enabling or renewing an app takes effect at once. Revocation (disable, delete, rotate) must not
 * wait for that: a revocation made here forgets everything remembered at once, and one made by
 * another instance sharing the store is noticed through {@link AppStore#revocations()}, read at
 * most every {@link #REVOCATION_CHECK} (one cheap query per instance, however many machines), so a
 * revoked token is refused everywhere within that bound. A shorter cache time alone would have
 * cost a database read per machine per poll for the same bound. Expiry is judged against the
 * clock on every request.
 */
public final class AppService implements Apps {
    private static final int MAX_CASSETTES = 8;
    /** How long a found app is remembered between requests. */
    public static final Duration REMEMBERED = Duration.ofSeconds(2);
    /**
     * How often, at most, the store's revocation count is read: the longest a revocation made by
     * another instance sharing the store goes unnoticed here.
     */
    public static final Duration REVOCATION_CHECK = Duration.ofMillis(500);

    private final AppStore store;
    private final SecureRandom random;
    private final Clock clock;
    private final Optional<Duration> validity;
    private final boolean selfRenewal;
    private final Cache<String, App> byTokenHash;
    /** Raised each time everything remembered is forgotten; a lookup that raced one must not remember what it read. */
    private final AtomicLong forgotten = new AtomicLong();

    private final Object revocationCheck = new Object();
    /** The store's revocation count when last read, and when; guarded by {@link #revocationCheck}. */
    private long knownRevocations;

    private volatile @Nullable Instant revocationsReadAt; // null until the first read

    /** An app service whose expired apps are told to ask the operator (no paid renewal on this server). */
    public AppService(AppStore store, SecureRandom random, Clock clock, Optional<Duration> validity) {
        this(store, random, clock, validity, false);
    }

    /**
     * @param validity    how long a new app is accepted; empty for ever
     * @param selfRenewal whether apps can renew themselves ({@code POST /api/atm/renew}, paid
     *                    provisioning on): only then does an expired app's refusal point there
     */
    public AppService(
            AppStore store, SecureRandom random, Clock clock, Optional<Duration> validity, boolean selfRenewal) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.selfRenewal = selfRenewal;
        // timed by the clock passed in, like everything else in core
        Ticker ticker = new Ticker() {
            @Override
            public long read() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
        };
        this.byTokenHash = CacheBuilder.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(REMEMBERED)
                .maximumSize(10_000)
                .build();
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
        App app = new App(
                newAppId(),
                name,
                Tokens.hash(token),
                pubkey,
                AppStatus.ACTIVE,
                now,
                validity.map(now::plus),
                cassettes,
                request.maxPerTx());
        store.create(app);
        return new ProvisionedApp(app, token);
    }

    @Override
    public List<App> list() {
        return store.list().stream()
                .filter(app -> app.status() != AppStatus.DELETED)
                .toList();
    }

    @Override
    public App replaceCassettes(AppId id, List<Cassette> cassettes) {
        List<Cassette> checked = checkCassettes(cassettes);
        existing(id);
        return store.updateCassettes(id, current -> checked);
    }

    @Override
    public App disable(AppId id) {
        existing(id);
        App app = store.setStatus(id, AppStatus.DISABLED);
        forgetAll();
        return app;
    }

    @Override
    public App enable(AppId id) {
        existing(id);
        App app = store.setStatus(id, AppStatus.ACTIVE);
        forgetAll();
        return app;
    }

    @Override
    public ProvisionedApp rotateToken(AppId id) {
        existing(id);
        String token = Tokens.newToken(random, "lnt_");
        App app = store.replaceTokenHash(id, Tokens.hash(token));
        forgetAll();
        return new ProvisionedApp(app, token);
    }

    @Override
    public void delete(AppId id) {
        existing(id);
        store.setStatus(id, AppStatus.DELETED);
        forgetAll();
    }

    @Override
    public Authentication authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 200) return new Authentication.Unknown();
        String hash = Tokens.hash(token);
        forgetIfRevokedElsewhere();
        App found = byTokenHash.getIfPresent(hash);
        if (found == null) {
            long before = forgotten.get();
            Optional<App> app = store.findByTokenHash(hash);
            if (app.isEmpty()) return new Authentication.Unknown();
            found = app.get();
            // only apps in use are remembered: a disabled or expired one is read afresh every
            // time, so enabling or renewing it takes effect at once
            if (found.isUsableAt(clock.instant())) {
                byTokenHash.put(hash, found);
                // a revocation that ran while this read the store must not be undone by remembering
                if (forgotten.get() != before) byTokenHash.invalidate(hash);
            }
        }
        if (found.status() == AppStatus.DELETED) {
            return new Authentication.Forbidden("app " + found.id() + " was deleted by the operator");
        }
        if (found.status() == AppStatus.DISABLED) {
            return new Authentication.Forbidden(
                    "app " + found.id() + " is disabled by the operator; ask the operator to enable it");
        }
        Instant now = clock.instant();
        if (found.expiresAt().isPresent() && !now.isBefore(found.expiresAt().get())) {
            return new Authentication.Forbidden("app " + found.id() + " expired at "
                    + found.expiresAt().get()
                    + (selfRenewal ? "; renew it with POST /api/atm/renew or ask the operator" : "; ask the operator"));
        }
        return new Authentication.Authenticated(found);
    }

    /** Reads the store's revocation count when the last read is {@link #REVOCATION_CHECK} old, and forgets all when it moved. */
    private void forgetIfRevokedElsewhere() {
        Instant now = clock.instant();
        Instant last = revocationsReadAt;
        if (last != null && now.isBefore(last.plus(REVOCATION_CHECK))) return;
        synchronized (revocationCheck) {
            last = revocationsReadAt;
            if (last != null && now.isBefore(last.plus(REVOCATION_CHECK))) return;
            long seen = store.revocations();
            if (last == null || seen != knownRevocations) forgetAll();
            knownRevocations = seen;
            revocationsReadAt = now;
        }
    }

    private void forgetAll() {
        forgotten.incrementAndGet();
        byTokenHash.invalidateAll();
    }

    /** The app unless it is unknown or deleted. @throws NotFound otherwise */
    private App existing(AppId id) {
        return store.find(id)
                .filter(app -> app.status() != AppStatus.DELETED)
                .orElseThrow(() -> new NotFound("no app with id " + id));
    }

    private AppId newAppId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return AppId.of("atm_" + HexFormat.of().formatHex(bytes));
    }

    private static List<Cassette> checkCassettes(List<Cassette> cassettes) {
        if (cassettes.size() > MAX_CASSETTES)
            throw new IllegalArgumentException("at most " + MAX_CASSETTES + " cassettes");
        if (cassettes.stream().map(Cassette::position).distinct().count() != cassettes.size()) {
            throw new IllegalArgumentException("cassette positions must be distinct");
        }
        return List.copyOf(cassettes);
    }
}
