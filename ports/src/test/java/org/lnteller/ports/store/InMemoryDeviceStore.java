package org.lnteller.ports.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.machine.PendingPairing;
import org.lnteller.ports.model.AppId;

/**
 * {@link DeviceStore} in memory, faithful to {@link DeviceStoreContract}. Thread-safe: every
 * method holds this object's monitor. Times are truncated to the microsecond, as the database does.
 */
public final class InMemoryDeviceStore implements DeviceStore {
    /** Newest first: by the machine's timestamp, then serial, then arrival. */
    static final Comparator<Logged> NEWEST_FIRST = Comparator.comparing(
                    (Logged l) -> l.line().timestamp())
            .thenComparingLong(l -> l.line().serial())
            .thenComparingLong(Logged::seq)
            .reversed();

    record Logged(long seq, AppId app, MachineLog line) {}

    private record Pending(PendingPairing pairing, boolean caUsed, boolean pairUsed) {}

    private final Map<String, Pending> byCaHash = new HashMap<>();
    private final Map<String, String> caHashByPairHash = new HashMap<>();
    private final Map<DeviceId, Device> devices = new LinkedHashMap<>();
    private final List<Logged> logs = new ArrayList<>();
    private long seq;

    @Override
    public synchronized void createPairing(PendingPairing pairing) {
        Set<String> hashes = new HashSet<>(byCaHash.keySet());
        hashes.addAll(caHashByPairHash.keySet());
        if (hashes.contains(pairing.caSecretHash()) || hashes.contains(pairing.pairSecretHash())) {
            throw new AlreadyExists("a pairing with that secret exists");
        }
        PendingPairing stored = new PendingPairing(
                pairing.caSecretHash(),
                pairing.pairSecretHash(),
                pairing.app(),
                pairing.host(),
                micros(pairing.createdAt()),
                micros(pairing.expiresAt()));
        byCaHash.put(pairing.caSecretHash(), new Pending(stored, false, false));
        caHashByPairHash.put(pairing.pairSecretHash(), pairing.caSecretHash());
    }

    @Override
    public synchronized Optional<PendingPairing> useCaSecret(String caSecretHash, Instant now) {
        Pending p = byCaHash.get(caSecretHash);
        if (p == null || p.caUsed() || !micros(now).isBefore(p.pairing().expiresAt())) return Optional.empty();
        byCaHash.put(caSecretHash, new Pending(p.pairing(), true, p.pairUsed()));
        return Optional.of(p.pairing());
    }

    @Override
    public synchronized Optional<Device> pair(
            String pairSecretHash, Instant now, DeviceId device, String model, int cassettes, int recyclers) {
        String caHash = caHashByPairHash.get(pairSecretHash);
        if (caHash == null) return Optional.empty();
        Pending p = byCaHash.get(caHash);
        if (p.pairUsed() || !micros(now).isBefore(p.pairing().expiresAt())) return Optional.empty();
        Device paired = new Device(
                device,
                p.pairing().app(),
                model,
                cassettes,
                recyclers,
                micros(now),
                Optional.empty(),
                Optional.empty());
        byCaHash.put(caHash, new Pending(p.pairing(), p.caUsed(), true));
        devices.values().removeIf(d -> d.app().equals(paired.app()));
        devices.remove(device);
        devices.put(device, paired);
        return Optional.of(paired);
    }

    @Override
    public synchronized Optional<Device> findDevice(DeviceId device) {
        return Optional.ofNullable(devices.get(device));
    }

    @Override
    public synchronized List<Device> devices(AppId app) {
        return devices.values().stream().filter(d -> d.app().equals(app)).toList();
    }

    @Override
    public synchronized boolean unpair(AppId app, DeviceId device) {
        Device d = devices.get(device);
        if (d == null || !d.app().equals(app)) return false;
        devices.remove(device);
        return true;
    }

    @Override
    public synchronized void recordSeen(DeviceId device, Instant at, Optional<String> state) {
        Device d = devices.get(device);
        if (d == null) return;
        devices.put(
                device,
                new Device(
                        d.id(),
                        d.app(),
                        d.model(),
                        d.cassettes(),
                        d.recyclers(),
                        d.pairedAt(),
                        Optional.of(micros(at)),
                        state.isPresent() ? state : d.lastState()));
    }

    @Override
    public synchronized void appendLogs(DeviceId device, List<MachineLog> lines, int keep) {
        if (keep < 1) throw new IllegalArgumentException("keep at least one line");
        Device d = devices.get(device);
        if (d == null) return;
        for (MachineLog line : lines) {
            if (!line.device().equals(device)) throw new IllegalArgumentException("a line of another device");
            boolean known = line.lineId().isPresent()
                    && logs.stream()
                            .anyMatch(l -> l.line().device().equals(device)
                                    && l.line().lineId().equals(line.lineId()));
            if (known) continue;
            logs.add(new Logged(
                    ++seq,
                    d.app(),
                    new MachineLog(
                            device,
                            line.lineId(),
                            micros(line.timestamp()),
                            line.serial(),
                            line.level(),
                            line.message(),
                            micros(line.receivedAt()))));
        }
        List<Logged> mine = logs.stream()
                .filter(l -> l.line().device().equals(device))
                .sorted(NEWEST_FIRST)
                .toList();
        if (mine.size() > keep) logs.removeAll(mine.subList(keep, mine.size()));
    }

    @Override
    public synchronized Optional<MachineLog> newestLog(DeviceId device) {
        return logs.stream()
                .filter(l -> l.line().device().equals(device))
                .sorted(NEWEST_FIRST)
                .map(Logged::line)
                .findFirst();
    }

    @Override
    public synchronized List<MachineLog> logs(AppId app, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit at least 1");
        return logs.stream()
                .filter(l -> l.app().equals(app))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .map(Logged::line)
                .toList();
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
