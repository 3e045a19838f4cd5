package org.lnteller.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.store.Withdrawals;
import org.lnteller.ports.tx.DispenseLine;

/** {@link AppStore} on the {@code apps} and {@code app_cassettes} tables; cassettes come in position order. */
final class JdbcAppStore implements AppStore {
    private static final String SELECT =
            "SELECT id, name, token_hash, pubkey, status, created_at, expires_at, max_per_tx_sat FROM apps";

    private final Database db;

    JdbcAppStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(App app) {
        Objects.requireNonNull(app, "app");
        db.write("create app " + app.id(), handle -> {
            handle.createUpdate(
                            "INSERT INTO apps (id, name, token_hash, pubkey, status, created_at, expires_at, max_per_tx_sat)"
                                    + " VALUES (:id, :name, :token_hash, :pubkey, :status, :created_at, :expires_at, :max_per_tx_sat)")
                    .bind("id", app.id().value())
                    .bind("name", app.name())
                    .bind("token_hash", app.tokenHash())
                    .bind("pubkey", app.pubkey().orElse(null))
                    .bind("status", app.status().name())
                    .bind("created_at", Sql.timestamp(app.createdAt()))
                    .bind("expires_at", Sql.timestamp(app.expiresAt()))
                    .bind("max_per_tx_sat", app.maxPerTx().map(Satoshi::sat).orElse(null))
                    .execute();
            insertCassettes(handle, app.id(), app.cassettes());
            return null;
        });
    }

    @Override
    public Optional<App> find(AppId id) {
        return db.read(
                "find app " + id,
                handle -> withCassettes(
                                handle,
                                handle.createQuery(SELECT + " WHERE id = :id")
                                        .bind("id", id.value())
                                        .map((rs, ctx) -> read(rs))
                                        .list())
                        .stream()
                        .findFirst());
    }

    @Override
    public Optional<App> findByTokenHash(String tokenHash) {
        return db.read(
                "find app by token hash",
                handle -> withCassettes(
                                handle,
                                handle.createQuery(SELECT + " WHERE token_hash = :token_hash")
                                        .bind("token_hash", tokenHash)
                                        .map((rs, ctx) -> read(rs))
                                        .list())
                        .stream()
                        .findFirst());
    }

    @Override
    public List<App> list() {
        return db.read(
                "list apps",
                handle -> withCassettes(
                        handle,
                        handle.createQuery(SELECT + " ORDER BY created_at, id")
                                .map((rs, ctx) -> read(rs))
                                .list()));
    }

    @Override
    public App updateCassettes(AppId id, UnaryOperator<List<Cassette>> change) {
        Objects.requireNonNull(change, "change");
        return db.write("update cassettes of app " + id, handle -> {
            App app = withCassettes(
                            handle,
                            handle.createQuery(SELECT + " WHERE id = :id FOR UPDATE")
                                    .bind("id", id.value())
                                    .map((rs, ctx) -> read(rs))
                                    .list())
                    .stream()
                    .findFirst()
                    .orElseThrow(() -> new NotFound("no app with id " + id));
            App next = app.withCassettes(byPosition(change.apply(app.cassettes())));
            if (sameCassettes(app.cassettes(), next.cassettes())) {
                updateCounts(handle, id, app.cassettes(), next.cassettes());
            } else if (!next.cassettes().equals(app.cassettes())) {
                handle.createUpdate("DELETE FROM app_cassettes WHERE app_id = :id")
                        .bind("id", id.value())
                        .execute();
                insertCassettes(handle, id, next.cassettes());
            }
            return next;
        });
    }

    @Override
    public Optional<List<DispenseLine>> withdrawNotes(
            AppId app, TxId tx, Function<List<Cassette>, Optional<List<DispenseLine>>> plan) {
        Objects.requireNonNull(plan, "plan");
        return db.write("withdraw notes of app " + app + " for tx " + tx, handle -> {
            // Locking the app row serialises withdrawals from one app's cassettes.
            App current = withCassettes(
                            handle,
                            handle.createQuery(SELECT + " WHERE id = :id FOR UPDATE")
                                    .bind("id", app.value())
                                    .map((rs, ctx) -> read(rs))
                                    .list())
                    .stream()
                    .findFirst()
                    .orElseThrow(() -> new NotFound("no app with id " + app));
            List<DispenseLine> done = handle.createQuery("SELECT cassette, denomination_minor, currency, note_count"
                            + " FROM cassette_withdrawals WHERE app_id = :app_id AND tx_id = :tx_id ORDER BY cassette")
                    .bind("app_id", app.value())
                    .bind("tx_id", tx.value())
                    .map((rs, ctx) -> new DispenseLine(
                            rs.getInt("cassette"),
                            FiatAmount.ofMinor(rs.getString("currency"), rs.getLong("denomination_minor")),
                            rs.getInt("note_count"),
                            OptionalInt.empty(),
                            OptionalInt.empty()))
                    .list();
            if (!done.isEmpty()) return Optional.of(done);
            Optional<List<DispenseLine>> lines = plan.apply(current.cassettes());
            if (lines.isEmpty() || lines.get().isEmpty()) return Optional.<List<DispenseLine>>empty();
            updateCounts(handle, app, current.cassettes(), Withdrawals.apply(current.cassettes(), lines.get()));
            PreparedBatch batch = handle.prepareBatch("INSERT INTO cassette_withdrawals (app_id, tx_id, cassette,"
                    + " denomination_minor, currency, note_count) VALUES (:app_id, :tx_id, :cassette, :denomination_minor,"
                    + " :currency, :note_count)");
            for (DispenseLine line : lines.get()) {
                batch.bind("app_id", app.value())
                        .bind("tx_id", tx.value())
                        .bind("cassette", line.cassette())
                        .bind("denomination_minor", line.denomination().minor())
                        .bind("currency", line.denomination().currency().getCurrencyCode())
                        .bind("note_count", line.provisioned())
                        .add();
            }
            batch.execute();
            return Optional.of(List.copyOf(lines.get()));
        });
    }

    /** Whether two lists are of the same cassettes (positions and notes), whatever their counts. */
    private static boolean sameCassettes(List<Cassette> before, List<Cassette> after) {
        if (before.size() != after.size()) return false;
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).position() != after.get(i).position()
                    || !before.get(i).denomination().equals(after.get(i).denomination())) return false;
        }
        return true;
    }

    /** The counts of the cassettes that changed, as one batch (none when nothing changed). */
    private static void updateCounts(Handle handle, AppId app, List<Cassette> before, List<Cassette> after) {
        PreparedBatch batch = null;
        for (int i = 0; i < after.size(); i++) {
            Cassette c = after.get(i);
            if (i < before.size() && before.get(i).equals(c)) continue;
            if (batch == null)
                batch = handle.prepareBatch(
                        "UPDATE app_cassettes SET note_count = :n WHERE app_id = :app_id AND cassette = :cassette");
            batch.bind("n", c.count())
                    .bind("app_id", app.value())
                    .bind("cassette", c.position())
                    .add();
        }
        if (batch != null) batch.execute();
    }

    @Override
    public App setStatus(AppId id, AppStatus status) {
        Objects.requireNonNull(status, "status");
        return update("set status of app " + id, id, "status = :value", Sql.text(status.name()), true);
    }

    @Override
    public App replaceTokenHash(AppId id, String tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        // a clash with another app's hash breaks apps_token_hash_unique: AlreadyExists, nothing written
        return update("replace token of app " + id, id, "token_hash = :value", Sql.text(tokenHash), true);
    }

    @Override
    public long revocations() {
        return db.read(
                "read app revocations",
                handle -> handle.createQuery("SELECT version FROM app_revocations WHERE id = 1")
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public App setExpiry(AppId id, Optional<Instant> expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        return update("set expiry of app " + id, id, "expires_at = :value", Sql.timestamp(expiresAt), false);
    }

    /** @param revokes whether the change may take access away: then the revocation count rises in the same transaction */
    private App update(String operation, AppId id, String assignment, Argument value, boolean revokes) {
        return db.write(operation, handle -> {
            int updated = handle.createUpdate("UPDATE apps SET " + assignment + " WHERE id = :id")
                    .bind("id", id.value())
                    .bind("value", value)
                    .execute();
            if (updated == 0) throw new NotFound("no app with id " + id);
            if (revokes)
                handle.createUpdate("UPDATE app_revocations SET version = version + 1 WHERE id = 1")
                        .execute();
            return withCassettes(
                            handle,
                            handle.createQuery(SELECT + " WHERE id = :id")
                                    .bind("id", id.value())
                                    .map((rs, ctx) -> read(rs))
                                    .list())
                    .get(0);
        });
    }

    /** Cassettes are kept, and read back, in position order. */
    private static List<Cassette> byPosition(List<Cassette> cassettes) {
        return cassettes.stream()
                .sorted(Comparator.comparingInt(Cassette::position))
                .toList();
    }

    private static void insertCassettes(Handle handle, AppId id, List<Cassette> cassettes) {
        if (cassettes.isEmpty()) return;
        PreparedBatch batch = handle.prepareBatch("INSERT INTO app_cassettes (app_id, cassette, denomination_minor,"
                + " currency, note_count) VALUES (:app_id, :cassette, :denomination_minor, :currency, :note_count)");
        for (Cassette c : cassettes) {
            batch.bind("app_id", id.value())
                    .bind("cassette", c.position())
                    .bind("denomination_minor", c.denomination().minor())
                    .bind("currency", c.denomination().currency().getCurrencyCode())
                    .bind("note_count", c.count())
                    .add();
        }
        batch.execute();
    }

    /** The apps with their cassettes, ordered by position, read in one more query. */
    private static List<App> withCassettes(Handle handle, List<App> heads) {
        if (heads.isEmpty()) return heads;
        Map<String, List<Cassette>> cassettes = handle.createQuery("SELECT app_id, cassette, denomination_minor,"
                        + " currency, note_count FROM app_cassettes WHERE app_id IN (<ids>) ORDER BY app_id, cassette")
                .bindList("ids", heads.stream().map(a -> a.id().value()).toList())
                .map((rs, ctx) -> Map.entry(
                        rs.getString("app_id"),
                        new Cassette(
                                rs.getInt("cassette"),
                                FiatAmount.ofMinor(rs.getString("currency"), rs.getLong("denomination_minor")),
                                rs.getInt("note_count"))))
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        List<App> apps = new ArrayList<>(heads.size());
        for (App a : heads) {
            apps.add(a.withCassettes(cassettes.getOrDefault(a.id().value(), List.of())));
        }
        return apps;
    }

    private static App read(ResultSet rs) throws SQLException {
        return new App(
                AppId.of(rs.getString("id")),
                rs.getString("name"),
                rs.getString("token_hash"),
                Sql.optionalString(rs, "pubkey"),
                AppStatus.valueOf(rs.getString("status")),
                Sql.instant(rs, "created_at"),
                Sql.optionalInstant(rs, "expires_at"),
                List.of(),
                Sql.optionalLong(rs, "max_per_tx_sat").map(Satoshi::of));
    }
}
