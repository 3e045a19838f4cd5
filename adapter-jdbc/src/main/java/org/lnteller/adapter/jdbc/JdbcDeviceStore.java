package org.lnteller.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.machine.PendingPairing;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.store.DeviceStore;

/**
 * {@link DeviceStore} on {@code machine_pairings}, {@code machine_devices} and {@code machine_logs}
 * (migration V6). Every write is one SERIALIZABLE transaction; two pairs racing for one secret
 * conflict on its row, and the loser, retried, finds it used.
 */
final class JdbcDeviceStore implements DeviceStore {
    private static final String DEVICE_COLUMNS =
            "device_id, app_id, model, cassettes, recyclers, paired_at, last_seen_at, last_state";
    private static final String LOG_COLUMNS = "device_id, line_id, logged_at, serial, level, message, received_at";
    private static final String NEWEST_FIRST = " ORDER BY logged_at DESC, serial DESC, seq DESC";

    private final Database db;

    JdbcDeviceStore(Database db) {
        this.db = db;
    }

    @Override
    public void createPairing(PendingPairing p) {
        db.write("create a machine pairing for app " + p.app(), handle -> {
            // one secret's hash must not be the other kind's of another pairing either
            boolean clash =
                    handle.createQuery("SELECT COUNT(*) FROM machine_pairings WHERE ca_secret_hash IN (:ca, :pair) "
                                            + "OR pair_secret_hash IN (:ca, :pair)")
                                    .bind("ca", p.caSecretHash())
                                    .bind("pair", p.pairSecretHash())
                                    .mapTo(Long.class)
                                    .one()
                            > 0;
            if (clash) throw new org.lnteller.ports.store.AlreadyExists("a pairing with that secret exists");
            return handle.createUpdate(
                            "INSERT INTO machine_pairings (ca_secret_hash, pair_secret_hash, app_id, host, created_at, "
                                    + "expires_at) VALUES (:ca, :pair, :app, :host, :created, :expires)")
                    .bind("ca", p.caSecretHash())
                    .bind("pair", p.pairSecretHash())
                    .bind("app", p.app().value())
                    .bind("host", p.host())
                    .bind("created", Sql.timestamp(p.createdAt()))
                    .bind("expires", Sql.timestamp(p.expiresAt()))
                    .execute();
        });
    }

    @Override
    public Optional<PendingPairing> useCaSecret(String caSecretHash, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.write("use a pairing's ca secret", handle -> {
            int used = handle.createUpdate("UPDATE machine_pairings SET ca_used_at = :now WHERE ca_secret_hash = :hash "
                            + "AND ca_used_at IS NULL AND expires_at > :now")
                    .bind("now", Sql.timestamp(now))
                    .bind("hash", caSecretHash)
                    .execute();
            if (used == 0) return Optional.<PendingPairing>empty();
            return handle.createQuery("SELECT * FROM machine_pairings WHERE ca_secret_hash = :hash")
                    .bind("hash", caSecretHash)
                    .map((rs, ctx) -> pairing(rs))
                    .findOne();
        });
    }

    @Override
    public Optional<Device> pair(
            String pairSecretHash, Instant now, DeviceId device, String model, int cassettes, int recyclers) {
        Objects.requireNonNull(device, "device");
        return db.write(
                "pair machine " + device,
                handle -> {
                    Optional<PendingPairing> pairing = handle.createQuery(
                                    "SELECT * FROM machine_pairings WHERE pair_secret_hash = :hash "
                                            + "AND paired_at IS NULL AND expires_at > :now FOR UPDATE")
                            .bind("hash", pairSecretHash)
                            .bind("now", Sql.timestamp(now))
                            .map((rs, ctx) -> pairing(rs))
                            .findOne();
                    if (pairing.isEmpty()) return Optional.<Device>empty();
                    AppId app = pairing.get().app();
                    Device paired = new Device(
                            device,
                            app,
                            model,
                            cassettes,
                            recyclers,
                            Sql.stored(now),
                            Optional.empty(),
                            Optional.empty());
                    handle.createUpdate("UPDATE machine_pairings SET paired_at = :now WHERE pair_secret_hash = :hash")
                            .bind("now", Sql.timestamp(now))
                            .bind("hash", pairSecretHash)
                            .execute();
                    handle.createUpdate("DELETE FROM machine_devices WHERE app_id = :app OR device_id = :device")
                            .bind("app", app.value())
                            .bind("device", device.value())
                            .execute();
                    handle.createUpdate("INSERT INTO machine_devices (" + DEVICE_COLUMNS
                                    + ") VALUES (:device, :app, :model, :cassettes, "
                                    + ":recyclers, :paired, NULL, NULL)")
                            .bind("device", device.value())
                            .bind("app", app.value())
                            .bind("model", model)
                            .bind("cassettes", cassettes)
                            .bind("recyclers", recyclers)
                            .bind("paired", Sql.timestamp(now))
                            .execute();
                    return Optional.of(paired);
                },
                SqlErrors::isUniqueViolation);
    }

    @Override
    public Optional<Device> findDevice(DeviceId device) {
        return db.read(
                "find machine " + device,
                handle -> handle.createQuery(
                                "SELECT " + DEVICE_COLUMNS + " FROM machine_devices WHERE device_id = :device")
                        .bind("device", device.value())
                        .map((rs, ctx) -> device(rs))
                        .findOne());
    }

    @Override
    public List<Device> devices(AppId app) {
        return db.read(
                "list the machines of app " + app,
                handle -> handle.createQuery("SELECT " + DEVICE_COLUMNS
                                + " FROM machine_devices WHERE app_id = :app ORDER BY paired_at, device_id")
                        .bind("app", app.value())
                        .map((rs, ctx) -> device(rs))
                        .list());
    }

    @Override
    public boolean unpair(AppId app, DeviceId device) {
        return db.write(
                "unpair machine " + device,
                handle -> handle.createUpdate("DELETE FROM machine_devices WHERE app_id = :app AND device_id = :device")
                                .bind("app", app.value())
                                .bind("device", device.value())
                                .execute()
                        > 0);
    }

    @Override
    public void recordSeen(DeviceId device, Instant at, Optional<String> state) {
        db.write(
                "record machine " + device + " seen",
                handle -> handle.createUpdate(
                                "UPDATE machine_devices SET last_seen_at = :at, last_state = COALESCE(:state, last_state) "
                                        + "WHERE device_id = :device")
                        .bind("at", Sql.timestamp(at))
                        .bind("state", state.orElse(null))
                        .bind("device", device.value())
                        .execute());
    }

    @Override
    public void appendLogs(DeviceId device, List<MachineLog> lines, int keep) {
        if (keep < 1) throw new IllegalArgumentException("keep at least one line");
        for (MachineLog line : lines) {
            if (!line.device().equals(device)) throw new IllegalArgumentException("a line of another device");
        }
        db.write(
                "keep the log lines of machine " + device,
                handle -> {
                    Optional<String> app = handle.createQuery(
                                    "SELECT app_id FROM machine_devices WHERE device_id = :device")
                            .bind("device", device.value())
                            .mapTo(String.class)
                            .findOne();
                    if (app.isEmpty()) return 0;
                    for (MachineLog line : lines) {
                        if (line.lineId().isPresent()
                                && known(handle, device, line.lineId().get())) continue;
                        handle.createUpdate("INSERT INTO machine_logs (app_id, " + LOG_COLUMNS
                                        + ") VALUES (:app, :device, :line_id, "
                                        + ":logged_at, :serial, :level, :message, :received_at)")
                                .bind("app", app.get())
                                .bind("device", device.value())
                                .bind("line_id", line.lineId().orElse(null))
                                .bind("logged_at", Sql.timestamp(line.timestamp()))
                                .bind("serial", line.serial())
                                .bind("level", line.level())
                                .bind("message", line.message())
                                .bind("received_at", Sql.timestamp(line.receivedAt()))
                                .execute();
                    }
                    long count = handle.createQuery("SELECT COUNT(*) FROM machine_logs WHERE device_id = :device")
                            .bind("device", device.value())
                            .mapTo(Long.class)
                            .one();
                    if (count <= keep) return 0;
                    List<Long> drop = handle.createQuery("SELECT seq FROM machine_logs WHERE device_id = :device"
                                    + NEWEST_FIRST + " OFFSET :keep ROWS")
                            .bind("device", device.value())
                            .bind("keep", keep)
                            .mapTo(Long.class)
                            .list();
                    return handle.createUpdate("DELETE FROM machine_logs WHERE seq IN (<seqs>)")
                            .bindList("seqs", drop)
                            .execute();
                },
                SqlErrors::isUniqueViolation);
    }

    private static boolean known(Handle handle, DeviceId device, String lineId) {
        return handle.createQuery("SELECT COUNT(*) FROM machine_logs WHERE device_id = :device AND line_id = :line")
                        .bind("device", device.value())
                        .bind("line", lineId)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    @Override
    public Optional<MachineLog> newestLog(DeviceId device) {
        return db.read(
                "read the newest log line of machine " + device,
                handle -> handle.createQuery("SELECT " + LOG_COLUMNS + " FROM machine_logs WHERE device_id = :device"
                                + NEWEST_FIRST + " LIMIT 1")
                        .bind("device", device.value())
                        .map((rs, ctx) -> logLine(rs))
                        .findOne());
    }

    @Override
    public List<MachineLog> logs(AppId app, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit at least 1");
        return db.read(
                "list the log lines of app " + app,
                handle -> handle.createQuery("SELECT " + LOG_COLUMNS + " FROM machine_logs WHERE app_id = :app"
                                + NEWEST_FIRST + " LIMIT :limit")
                        .bind("app", app.value())
                        .bind("limit", limit)
                        .map((rs, ctx) -> logLine(rs))
                        .list());
    }

    private static PendingPairing pairing(ResultSet rs) throws SQLException {
        return new PendingPairing(
                rs.getString("ca_secret_hash"),
                rs.getString("pair_secret_hash"),
                AppId.of(rs.getString("app_id")),
                rs.getString("host"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "expires_at"));
    }

    private static Device device(ResultSet rs) throws SQLException {
        return new Device(
                DeviceId.of(rs.getString("device_id")),
                AppId.of(rs.getString("app_id")),
                rs.getString("model"),
                rs.getInt("cassettes"),
                rs.getInt("recyclers"),
                Sql.instant(rs, "paired_at"),
                Sql.optionalInstant(rs, "last_seen_at"),
                Sql.optionalString(rs, "last_state"));
    }

    private static MachineLog logLine(ResultSet rs) throws SQLException {
        return new MachineLog(
                DeviceId.of(rs.getString("device_id")),
                Sql.optionalString(rs, "line_id"),
                Sql.instant(rs, "logged_at"),
                rs.getLong("serial"),
                rs.getString("level"),
                rs.getString("message"),
                Sql.instant(rs, "received_at"));
    }
}
