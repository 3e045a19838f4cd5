package org.lnteller.ports.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lnteller.ports.store.AppFixtures.appId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.machine.PendingPairing;

/**
 * What every {@link DeviceStore} must do. An implementation's test extends this class and
 * implements {@link #newStore()}; resources it opens are registered with
 * {@link #closeAfterEach(AutoCloseable)}.
 */
public abstract class DeviceStoreContract extends StoreContractSupport {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");
    static final Duration HOUR = Duration.ofHours(1);

    /** The store under test. */
    protected DeviceStore store;

    /** A fresh, empty store. Called before each test. */
    protected abstract DeviceStore newStore() throws Exception;

    @BeforeEach
    protected final void openStore() throws Exception {
        store = newStore();
        if (store instanceof AutoCloseable closeable) closeAfterEach(closeable);
    }

    static String hash(String seed) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static DeviceId device(int n) {
        return DeviceId.of(hash("certificate-" + n));
    }

    static PendingPairing pairing(int app, String seed) {
        return new PendingPairing(
                hash("ca-" + seed), hash("pair-" + seed), appId(app), "atm.example.com", T0, T0.plus(HOUR));
    }

    static MachineLog line(DeviceId device, String id, long secondsAfterT0, long serial, String message) {
        return new MachineLog(
                device,
                Optional.ofNullable(id),
                T0.plusSeconds(secondsAfterT0),
                serial,
                "info",
                message,
                T0.plusSeconds(3600));
    }

    private Device paired(int app, int device) {
        String seed = "a" + app + "d" + device + "-" + System.nanoTime();
        store.createPairing(pairing(app, seed));
        return store.pair(hash("pair-" + seed), T0.plusSeconds(1), device(device), "aveiro", 2, 0)
                .orElseThrow();
    }

    @Test
    void theCaSecretOfAFreshPairingGivesThePairingOnce() {
        store.createPairing(pairing(1, "s"));

        assertThat(store.useCaSecret(hash("ca-s"), T0.plusSeconds(5))).contains(pairing(1, "s"));
        assertThat(store.useCaSecret(hash("ca-s"), T0.plusSeconds(6))).isEmpty();
    }

    @Test
    void unknownOrExpiredSecretsGiveNothing() {
        store.createPairing(pairing(1, "s"));

        assertThat(store.useCaSecret(hash("ca-other"), T0)).isEmpty();
        assertThat(store.useCaSecret(hash("pair-s"), T0))
                .as("the pair secret is not the ca secret")
                .isEmpty();
        assertThat(store.useCaSecret(hash("ca-s"), T0.plus(HOUR)))
                .as("expired at its expiry")
                .isEmpty();
        assertThat(store.pair(hash("pair-s"), T0.plus(HOUR), device(1), "aveiro", 2, 0))
                .isEmpty();
        assertThat(store.pair(hash("ca-s"), T0, device(1), "aveiro", 2, 0)).isEmpty();
        assertThat(store.findDevice(device(1))).isEmpty();
    }

    @Test
    void pairingBindsTheCertificateToTheAppOnce() {
        store.createPairing(pairing(1, "s"));

        Optional<Device> device = store.pair(hash("pair-s"), T0.plusSeconds(10), device(7), "aveiro", 4, 1);

        Device expected =
                new Device(device(7), appId(1), "aveiro", 4, 1, T0.plusSeconds(10), Optional.empty(), Optional.empty());
        assertThat(device).contains(expected);
        assertThat(store.findDevice(device(7))).contains(expected);
        assertThat(store.devices(appId(1))).containsExactly(expected);
        assertThat(store.pair(hash("pair-s"), T0.plusSeconds(11), device(8), "aveiro", 4, 1))
                .as("single use")
                .isEmpty();
        assertThat(store.findDevice(device(8))).isEmpty();
    }

    @Test
    void theTwoSecretsAreUsedUpIndependently() {
        store.createPairing(pairing(1, "s"));

        assertThat(store.pair(hash("pair-s"), T0, device(1), "aveiro", 2, 0)).isPresent();
        assertThat(store.useCaSecret(hash("ca-s"), T0)).isPresent();
    }

    @Test
    void aSecondPairingOfAnAppUnpairsItsFormerDevice() {
        Device first = paired(1, 1);
        Device second = paired(1, 2);

        assertThat(store.findDevice(first.id())).isEmpty();
        assertThat(store.devices(appId(1))).containsExactly(second);
    }

    @Test
    void aCertificatePairedToAnotherAppMovesThere() {
        paired(1, 1);
        Device moved = paired(2, 1);

        assertThat(store.devices(appId(1))).isEmpty();
        assertThat(store.devices(appId(2))).containsExactly(moved);
        assertThat(store.findDevice(device(1)).orElseThrow().app()).isEqualTo(appId(2));
    }

    @Test
    void unpairingRemovesTheDeviceOfThatAppOnly() {
        Device one = paired(1, 1);
        Device two = paired(2, 2);

        assertThat(store.unpair(appId(2), one.id())).as("not that app's device").isFalse();
        assertThat(store.unpair(appId(1), one.id())).isTrue();
        assertThat(store.unpair(appId(1), one.id())).isFalse();

        assertThat(store.findDevice(one.id())).isEmpty();
        assertThat(store.findDevice(two.id())).contains(two);
    }

    @Test
    void aPairingWithAKnownSecretIsRefused() {
        store.createPairing(pairing(1, "s"));

        assertThatThrownBy(() -> store.createPairing(pairing(2, "s"))).isInstanceOf(AlreadyExists.class);
    }

    @Test
    void lastSeenAndStateAreRecordedForPairedDevicesOnly() {
        Device d = paired(1, 1);

        store.recordSeen(d.id(), T0.plusSeconds(60), Optional.of("idle"));
        store.recordSeen(d.id(), T0.plusSeconds(90), Optional.empty());
        store.recordSeen(device(9), T0.plusSeconds(90), Optional.of("idle"));

        Device seen = store.findDevice(d.id()).orElseThrow();
        assertThat(seen.lastSeenAt()).contains(T0.plusSeconds(90));
        assertThat(seen.lastState()).contains("idle");
        assertThat(store.findDevice(device(9))).isEmpty();
    }

    @Test
    void logLinesAreBoundedPerDeviceDroppingTheOldest() {
        Device d = paired(1, 1);
        Device other = paired(2, 2);
        store.appendLogs(other.id(), List.of(line(other.id(), "o1", 1, 0, "other machine")), 2);

        store.appendLogs(d.id(), List.of(line(d.id(), "l2", 20, 0, "second"), line(d.id(), "l1", 10, 0, "first")), 3);
        store.appendLogs(d.id(), List.of(line(d.id(), "l3", 20, 1, "third"), line(d.id(), "l4", 30, 0, "fourth")), 3);

        assertThat(store.logs(appId(1), 10))
                .extracting(MachineLog::message)
                .containsExactly("fourth", "third", "second");
        assertThat(store.logs(appId(1), 2)).extracting(MachineLog::message).containsExactly("fourth", "third");
        assertThat(store.logs(appId(2), 10)).extracting(MachineLog::message).containsExactly("other machine");
        assertThat(store.newestLog(d.id())).map(MachineLog::message).contains("fourth");
        assertThat(store.newestLog(d.id()).orElseThrow()).isEqualTo(line(d.id(), "l4", 30, 0, "fourth"));
    }

    @Test
    void aResentLineIsKeptOnceAndLinesWithoutIdAlways() {
        Device d = paired(1, 1);

        store.appendLogs(d.id(), List.of(line(d.id(), "l1", 10, 0, "first"), line(d.id(), null, 11, 0, "no id")), 100);
        store.appendLogs(d.id(), List.of(line(d.id(), "l1", 10, 0, "first"), line(d.id(), null, 11, 0, "no id")), 100);

        assertThat(store.logs(appId(1), 10)).extracting(MachineLog::message).containsExactly("no id", "no id", "first");
    }

    @Test
    void logsOfAnUnpairedDeviceAreIgnoredButOldOnesStay() {
        Device d = paired(1, 1);
        store.appendLogs(d.id(), List.of(line(d.id(), "l1", 10, 0, "before")), 10);
        store.unpair(appId(1), d.id());

        store.appendLogs(d.id(), List.of(line(d.id(), "l2", 20, 0, "after")), 10);

        assertThat(store.logs(appId(1), 10)).extracting(MachineLog::message).containsExactly("before");
        assertThat(store.newestLog(device(5))).isEmpty();
    }

    @Test
    void racingPairsWithOneSecretPairOneDevice() throws Exception {
        store.createPairing(pairing(1, "s"));
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            DeviceId id = device(i);
            tasks.add(() -> store.pair(hash("pair-s"), T0, id, "aveiro", 2, 0).isPresent());
        }

        List<Boolean> paired = Race.run(8, tasks);

        assertThat(paired).containsOnlyOnce(true);
        assertThat(store.devices(appId(1))).hasSize(1);
    }

    @Test
    void racingCaRequestsGetTheCaOnce() throws Exception {
        store.createPairing(pairing(1, "s"));
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++)
            tasks.add(() -> store.useCaSecret(hash("ca-s"), T0).isPresent());

        assertThat(Race.run(8, tasks)).containsOnlyOnce(true);
    }
}
