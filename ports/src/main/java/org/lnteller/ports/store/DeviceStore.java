package org.lnteller.ports.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.machine.PendingPairing;
import org.lnteller.ports.model.AppId;

/**
 * Keeps the pairings of Lamassu machines: pending pairings (their secrets hashed), the paired
 * devices (at most one per app, and a device belongs to one app), what they last reported, and
 * their uploaded log lines.
 *
 * <p>Threading: safe for concurrent use, also across server instances sharing a database; each
 * method is one atomic step. Failures: {@link StoreException} and its subclasses; nothing is
 * written on a failure. Times are kept to the microsecond.
 */
public interface DeviceStore {

    /**
     * Stores a new pending pairing.
     *
     * @throws AlreadyExists when a pairing has either secret hash already
     */
    void createPairing(PendingPairing pairing);

    /**
     * Uses up the {@code /ca} secret of a pairing: when a pairing has {@code caSecretHash}, its
     * {@code /ca} secret is unused and {@code now} is before its expiry, marks it used and returns
     * the pairing; otherwise changes nothing and returns empty. Of racing callers at most one gets
     * the pairing.
     */
    Optional<PendingPairing> useCaSecret(String caSecretHash, Instant now);

    /**
     * Completes a pairing: when a pairing has {@code pairSecretHash}, its {@code /pair} secret is
     * unused and {@code now} is before its expiry, marks it used, unpairs the device the pairing's
     * app had (re-pairing replaces it) and {@code device} wherever it was paired, and pairs
     * {@code device} to the app with the given model and counts, {@code pairedAt = now} and
     * nothing seen yet. Otherwise changes nothing and returns empty. Of racing callers at most one
     * pairs.
     *
     * @return the device as written
     */
    Optional<Device> pair(
            String pairSecretHash, Instant now, DeviceId device, String model, int cassettes, int recyclers);

    /** The paired device, or empty when that certificate is not (or no longer) paired. */
    Optional<Device> findDevice(DeviceId device);

    /** The devices paired to {@code app}: none or one. Empty for an unknown app. */
    List<Device> devices(AppId app);

    /**
     * Unpairs {@code device} from {@code app}; its log lines stay. Idempotent.
     *
     * @return whether it was paired to that app
     */
    boolean unpair(AppId app, DeviceId device);

    /**
     * Records that a paired device called at {@code at}, and its state when given (an empty
     * state leaves the last one). Does nothing for a device that is not paired.
     */
    void recordSeen(DeviceId device, Instant at, Optional<String> state);

    /**
     * Appends a paired device's log lines, then keeps only its newest {@code keep} lines (by the
     * machine's timestamp and serial), dropping the oldest. A line whose {@code lineId} the
     * device already sent is skipped, so a re-sent upload is harmless. Does nothing for a device
     * that is not paired.
     *
     * @param keep at least 1
     */
    void appendLogs(DeviceId device, List<MachineLog> lines, int keep);

    /** The device's newest kept log line (greatest timestamp, then serial), or empty. */
    Optional<MachineLog> newestLog(DeviceId device);

    /**
     * The newest log lines of the devices paired to {@code app} now or before, newest first (by
     * the machine's timestamp and serial).
     *
     * @param limit at most this many, at least 1
     */
    List<MachineLog> logs(AppId app, int limit);
}
