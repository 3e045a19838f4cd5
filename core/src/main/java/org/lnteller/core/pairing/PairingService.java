package org.lnteller.core.pairing;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.lnteller.core.internal.pairing.Totem;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.machine.PendingPairing;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.DeviceStore;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.Devices;
import org.lnteller.ports.usecase.NewPairing;
import org.lnteller.ports.usecase.Pairing;

/**
 * Pairs Lamassu machines to apps and knows them afterwards by their certificate.
 *
 * <p>A pairing has two single-use secrets, as the machine's protocol has them: {@code hex(token)}
 * for {@code POST /pair} and {@code hex(SHA-256(hex(token)))} for {@code GET /ca}. The store keeps
 * each only as {@code SHA-256("lnteller-pairing:" + secret)}: the plain SHA-256 of the pair secret
 * would be the ca secret itself, so a database dump would hand it out.
 *
 * <p>Authentication of a certificate is remembered for {@link #REMEMBERED} (a machine polls every
 * few seconds); an unpair on this instance forgets it at once.
 */
public final class PairingService implements Pairing, Devices {
    private static final System.Logger LOG = System.getLogger(PairingService.class.getName());
    public static final Duration REMEMBERED = Duration.ofSeconds(2);
    /** How stale a recorded last-seen time may get before a call writes it again. */
    static final Duration SEEN_RESOLUTION = Duration.ofMinutes(1);

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:]{2,39}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_LOG_LIMIT = 1000;

    private record Seen(Instant writtenAt, Optional<String> state) {}

    private final DeviceStore store;
    private final AppStore apps;
    private final Clock clock;
    private final SecureRandom random;
    private final PairingSettings settings;
    private final byte[] caSha256;
    private final Cache<DeviceId, App> byCertificate;
    private final Map<DeviceId, Seen> seen = new ConcurrentHashMap<>();

    public PairingService(
            DeviceStore store, AppStore apps, Clock clock, SecureRandom random, PairingSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.caSha256 = sha256(settings.caPem().getBytes(StandardCharsets.UTF_8));
        Ticker ticker = new Ticker() {
            @Override
            public long read() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
        };
        this.byCertificate = CacheBuilder.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(REMEMBERED)
                .maximumSize(10_000)
                .build();
    }

    @Override
    public NewPairing create(AppId app, Optional<String> host) {
        String totemHost =
                host.map(String::strip).map(PairingService::checkHost).orElse(settings.defaultHost());
        if (apps.find(app).isEmpty()) throw new NotFound("no app " + app);
        byte[] token = new byte[Totem.TOKEN_BYTES];
        random.nextBytes(token);
        String pairSecret = HexFormat.of().formatHex(token);
        String caSecret = caSecretOf(pairSecret);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.pairingValidity());
        store.createPairing(new PendingPairing(stored(caSecret), stored(pairSecret), app, totemHost, now, expiresAt));
        LOG.log(
                System.Logger.Level.INFO,
                "pairing created for app {0}, host {1}, until {2}",
                app,
                totemHost,
                expiresAt);
        return new NewPairing(app, new Totem(caSha256, token, totemHost).text(), totemHost, expiresAt);
    }

    @Override
    public Optional<String> certificateAuthority(String caToken) {
        if (caToken == null || !HEX64.matcher(caToken).matches()) return Optional.empty();
        return store.useCaSecret(stored(caToken), clock.instant()).map(p -> settings.caPem());
    }

    @Override
    public Optional<Device> pair(String pairToken, DeviceId device, String model, int cassettes, int recyclers) {
        Objects.requireNonNull(device, "device");
        // checked before the secret is used up: a refusal leaves the pairing usable
        new Device(
                device,
                AppId.of("check"),
                model,
                cassettes,
                recyclers,
                Instant.EPOCH,
                Optional.empty(),
                Optional.empty());
        if (pairToken == null || !HEX64.matcher(pairToken).matches()) return Optional.empty();
        Optional<Device> paired = store.pair(stored(pairToken), clock.instant(), device, model, cassettes, recyclers);
        paired.ifPresent(d -> {
            byCertificate.invalidateAll();
            seen.remove(device);
            LOG.log(
                    System.Logger.Level.INFO,
                    "machine {0} paired to app {1} ({2}, {3} cassettes)",
                    device,
                    d.app(),
                    model,
                    cassettes);
        });
        return paired;
    }

    @Override
    public Authentication authenticate(DeviceId device) {
        Instant now = clock.instant();
        App remembered = byCertificate.getIfPresent(device);
        if (remembered != null && remembered.isUsableAt(now)) return new Authentication.Authenticated(remembered);
        Optional<Device> stored = store.findDevice(device);
        if (stored.isEmpty()) return new Authentication.Unknown();
        Optional<App> app = apps.find(stored.get().app());
        if (app.isEmpty()) return new Authentication.Unknown();
        if (app.get().status() == AppStatus.DISABLED) {
            return new Authentication.Forbidden("app " + app.get().id() + " is disabled by the operator");
        }
        if (!app.get().isUsableAt(now))
            return new Authentication.Forbidden("app " + app.get().id() + " expired");
        // only usable apps are remembered: enabling or renewing one takes effect at once
        byCertificate.put(device, app.get());
        return new Authentication.Authenticated(app.get());
    }

    @Override
    public List<Device> devices(AppId app) {
        return store.devices(app);
    }

    @Override
    public boolean unpair(AppId app, DeviceId device) {
        boolean removed = store.unpair(app, device);
        byCertificate.invalidate(device);
        seen.remove(device);
        if (removed) LOG.log(System.Logger.Level.INFO, "machine {0} unpaired from app {1}", device, app);
        return removed;
    }

    @Override
    public void seen(DeviceId device, Optional<String> state) {
        Instant now = clock.instant();
        Optional<String> bounded = state.map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> s.length() > Device.MAX_TEXT ? s.substring(0, Device.MAX_TEXT) : s);
        Seen last = seen.get(device);
        boolean stateChanged = bounded.isPresent() && (last == null || !bounded.equals(last.state()));
        boolean stale = last == null || !now.isBefore(last.writtenAt().plus(SEEN_RESOLUTION));
        if (!stateChanged && !stale) return;
        store.recordSeen(device, now, bounded);
        seen.put(device, new Seen(now, bounded.isPresent() ? bounded : last == null ? Optional.empty() : last.state()));
    }

    @Override
    public void recordLogs(DeviceId device, List<MachineLog> lines) {
        if (lines.isEmpty()) return;
        store.appendLogs(device, lines, settings.logLinesPerDevice());
    }

    @Override
    public Optional<MachineLog> newestLog(DeviceId device) {
        return store.newestLog(device);
    }

    @Override
    public List<MachineLog> logs(AppId app, int limit) {
        if (limit < 1 || limit > MAX_LOG_LIMIT)
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LOG_LIMIT);
        return store.logs(app, limit);
    }

    /** The {@code /ca} secret of a pairing: the hex SHA-256 of its {@code /pair} secret's text. */
    static String caSecretOf(String pairSecret) {
        return HexFormat.of().formatHex(sha256(pairSecret.getBytes(StandardCharsets.US_ASCII)));
    }

    /** What the store keeps of a secret. */
    static String stored(String secret) {
        return HexFormat.of().formatHex(sha256(("lnteller-pairing:" + secret).getBytes(StandardCharsets.US_ASCII)));
    }

    static String checkHost(String host) {
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host must be a host name or an IP address, not '" + host + "'");
        }
        return host;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
