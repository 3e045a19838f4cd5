package org.lnteller.ports.store;

import static org.lnteller.ports.store.TransactionFixtures.T0;
import static org.lnteller.ports.store.TransactionFixtures.usd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.Satoshi;

/** Apps for tests: {@code app(n)} has id "app-n", a token hash derived from n, created at T0+n s. */
public final class AppFixtures {
    public static final String PUBKEY = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    private AppFixtures() {}

    public static AppId appId(int n) {
        return AppId.of("app-" + n);
    }

    /** Hex SHA-256 of a made-up token, distinct per seed: what {@link App#tokenHash()} holds. */
    public static String tokenHash(String seed) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(("token:" + seed).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** An active app without pubkey, expiry or cassettes. */
    public static App app(int n) {
        return new App(
                appId(n),
                "ATM " + n,
                tokenHash("app-" + n),
                Optional.empty(),
                AppStatus.ACTIVE,
                T0.plusSeconds(n),
                Optional.empty(),
                List.of());
    }

    /** An app with every optional part present and three cassettes. */
    public static App appWithEverything(int n) {
        return new App(
                appId(n),
                "Corner shop ATM \u00e9\u00e8 #" + n,
                tokenHash("app-" + n),
                Optional.of(PUBKEY),
                AppStatus.DISABLED,
                T0.plusSeconds(n),
                Optional.of(Instant.parse("2026-03-01T00:00:00.000001Z")),
                List.of(new Cassette(1, usd(2000), 150), new Cassette(2, usd(1000), 0), new Cassette(3, usd(500), 42)),
                Optional.of(Satoshi.of(750_000)));
    }

    public static App withCassettes(App app, List<Cassette> cassettes) {
        return app.withCassettes(cassettes);
    }

    public static App withCreatedAt(App app, Instant createdAt) {
        return new App(
                app.id(),
                app.name(),
                app.tokenHash(),
                app.pubkey(),
                app.status(),
                createdAt,
                app.expiresAt(),
                app.cassettes(),
                app.maxPerTx());
    }

    public static App withTokenHash(App app, String tokenHash) {
        return new App(
                app.id(),
                app.name(),
                tokenHash,
                app.pubkey(),
                app.status(),
                app.createdAt(),
                app.expiresAt(),
                app.cassettes(),
                app.maxPerTx());
    }
}
