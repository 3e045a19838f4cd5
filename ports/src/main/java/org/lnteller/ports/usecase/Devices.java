package org.lnteller.ports.usecase;

import java.util.List;
import java.util.Optional;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.model.AppId;

/**
 * Driving port: the paired Lamassu machines, as the machine port authenticates them and the
 * operator lists and unpairs them. Implemented by the core. Thread-safe.
 */
public interface Devices {

    /**
     * Who a client certificate is: {@link Authentication.Authenticated} with the app it is paired
     * to, {@link Authentication.Unknown} when it is not paired, {@link Authentication.Forbidden}
     * when its app is disabled or expired. A lookup may be remembered for a couple of seconds;
     * {@link #unpair} on this instance takes effect at once.
     */
    Authentication authenticate(DeviceId device);

    /** The devices paired to {@code app} (none or one); empty for an unknown app. */
    List<Device> devices(AppId app);

    /** Unpairs a device: its next call is refused. @return whether it was paired to {@code app} */
    boolean unpair(AppId app, DeviceId device);

    /**
     * Notes that a paired device called, with the state it reported if any. Writes are thinned
     * out (a machine polls every few seconds): the last-seen time is kept to within a minute, a
     * changed state at once. Does nothing for an unpaired device.
     */
    void seen(DeviceId device, Optional<String> state);

    /**
     * Keeps a paired device's uploaded log lines, bounded per device (oldest dropped); re-sent
     * lines are kept once.
     */
    void recordLogs(DeviceId device, List<MachineLog> lines);

    /** The newest kept log line of the device, or empty. */
    Optional<MachineLog> newestLog(DeviceId device);

    /** The newest log lines of {@code app}'s machines, newest first, at most {@code limit} (1 to 1000). */
    List<MachineLog> logs(AppId app, int limit);
}
