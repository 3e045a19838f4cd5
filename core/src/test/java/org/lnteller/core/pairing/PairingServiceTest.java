package org.lnteller.core.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lnteller.core.internal.pairing.Totem;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.AppStatus;
import org.lnteller.ports.store.AppFixtures;
import org.lnteller.ports.store.InMemoryAppStore;
import org.lnteller.ports.store.InMemoryDeviceStore;
import org.lnteller.ports.store.NotFound;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.NewPairing;

class PairingServiceTest {
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
    final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemoryAppStore apps = new InMemoryAppStore();
    final InMemoryDeviceStore store = new InMemoryDeviceStore();
    final PairingService service = new PairingService(
            store, apps, clock, new SecureRandom(), new PairingSettings(CA, "atm.example.com", Duration.ofHours(1), 3));
    final AppId app = AppFixtures.appId(1);
    final DeviceId machine = DeviceId.of("ab".repeat(32));

    PairingServiceTest() {
        apps.create(AppFixtures.app(1));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String sha256Hex(String text) throws Exception {
        return hex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The secrets a machine derives from the totem it scanned. */
    record Scanned(Totem totem, String caToken, String pairToken) {}

    static Scanned scan(NewPairing pairing) throws Exception {
        Totem totem = Totem.parse(pairing.totem());
        String pairToken = hex(totem.token());
        return new Scanned(totem, sha256Hex(pairToken), pairToken);
    }

    @Test
    void aMachineScanningTheTotemGetsTheCaItPinsAndPairs() throws Exception {
        NewPairing pairing = service.create(app, Optional.empty());
        Scanned scanned = scan(pairing);

        assertThat(scanned.totem().host()).isEqualTo("atm.example.com");
        assertThat(pairing.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        String ca = service.certificateAuthority(scanned.caToken()).orElseThrow();
        assertThat(hex(scanned.totem().caSha256())).isEqualTo(sha256Hex(ca));
        Device device =
                service.pair(scanned.pairToken(), machine, "aveiro", 2, 0).orElseThrow();

        assertThat(device.app()).isEqualTo(app);
        assertThat(service.authenticate(machine))
                .isEqualTo(new Authentication.Authenticated(apps.find(app).orElseThrow()));
    }

    @Test
    void eachSecretWorksOnce() throws Exception {
        Scanned scanned = scan(service.create(app, Optional.of("10.0.0.5")));
        assertThat(scanned.totem().host()).isEqualTo("10.0.0.5");

        assertThat(service.certificateAuthority(scanned.caToken())).isPresent();
        assertThat(service.certificateAuthority(scanned.caToken())).isEmpty();
        assertThat(service.pair(scanned.pairToken(), machine, "aveiro", 2, 0)).isPresent();
        assertThat(service.pair(scanned.pairToken(), DeviceId.of("cd".repeat(32)), "aveiro", 2, 0))
                .isEmpty();
    }

    @Test
    void theStoreKeepsNeitherSecretNorTheOneDerivableFromTheOther() throws Exception {
        Scanned scanned = scan(service.create(app, Optional.empty()));

        assertThat(store.useCaSecret(scanned.caToken(), clock.instant()))
                .as("the ca token itself is not the key")
                .isEmpty();
        assertThat(store.useCaSecret(sha256Hex(scanned.caToken()), clock.instant()))
                .isEmpty();
        assertThat(store.pair(sha256Hex(scanned.pairToken()), clock.instant(), machine, "x", 0, 0))
                .as("SHA-256 of the pair secret is the ca secret: not what is stored")
                .isEmpty();
        assertThat(service.certificateAuthority(scanned.caToken())).isPresent();
    }

    @Test
    void anExpiredPairingIsRefused() throws Exception {
        Scanned scanned = scan(service.create(app, Optional.empty()));
        clock.advance(Duration.ofHours(1));

        assertThat(service.certificateAuthority(scanned.caToken())).isEmpty();
        assertThat(service.pair(scanned.pairToken(), machine, "aveiro", 2, 0)).isEmpty();
    }

    @Test
    void malformedTokensAndUnknownAppsAreRefused() {
        assertThat(service.certificateAuthority("nothex")).isEmpty();
        assertThat(service.certificateAuthority(null)).isEmpty();
        assertThat(service.pair("0".repeat(63), machine, "aveiro", 2, 0)).isEmpty();
        assertThatThrownBy(() -> service.create(AppId.of("nope"), Optional.empty()))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> service.create(app, Optional.of("bad host/")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBadModelDoesNotUseUpTheSecret() throws Exception {
        Scanned scanned = scan(service.create(app, Optional.empty()));

        assertThatThrownBy(() -> service.pair(scanned.pairToken(), machine, "x".repeat(101), 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(service.pair(scanned.pairToken(), machine, "aveiro", 2, 0)).isPresent();
    }

    @Test
    void anUnpairedMachineIsUnknownAtOnce() throws Exception {
        Scanned scanned = scan(service.create(app, Optional.empty()));
        service.pair(scanned.pairToken(), machine, "aveiro", 2, 0);
        assertThat(service.authenticate(machine)).isInstanceOf(Authentication.Authenticated.class);

        assertThat(service.unpair(app, machine)).isTrue();

        assertThat(service.authenticate(machine)).isInstanceOf(Authentication.Unknown.class);
    }

    @Test
    void aMachineOfADisabledAppIsForbidden() throws Exception {
        Scanned scanned = scan(service.create(app, Optional.empty()));
        service.pair(scanned.pairToken(), machine, "aveiro", 2, 0);
        apps.setStatus(app, AppStatus.DISABLED);

        assertThat(service.authenticate(machine)).isInstanceOf(Authentication.Forbidden.class);
    }

    @Test
    void lastSeenIsWrittenOncePerMinuteUnlessTheStateChanges() throws Exception {
        Scanned scanned = scan(service.create(app, Optional.empty()));
        service.pair(scanned.pairToken(), machine, "aveiro", 2, 0);
        Instant first = clock.instant();

        service.seen(machine, Optional.of("idle"));
        clock.advance(Duration.ofSeconds(10));
        service.seen(machine, Optional.empty());
        assertThat(store.findDevice(machine).orElseThrow().lastSeenAt()).contains(first);
        service.seen(machine, Optional.of("dispensing"));
        assertThat(store.findDevice(machine).orElseThrow().lastState()).contains("dispensing");
        clock.advance(Duration.ofMinutes(1));
        service.seen(machine, Optional.of("dispensing"));

        assertThat(store.findDevice(machine).orElseThrow().lastSeenAt()).contains(clock.instant());
    }

    @Test
    void logLinesAreKeptUpToTheConfiguredBound() throws Exception {
        Scanned scanned = scan(service.create(app, Optional.empty()));
        service.pair(scanned.pairToken(), machine, "aveiro", 2, 0);
        Instant t = clock.instant();
        List<MachineLog> lines = List.of(1, 2, 3, 4, 5).stream()
                .map(i -> new MachineLog(machine, Optional.of("id" + i), t.plusSeconds(i), 0, "info", "line " + i, t))
                .toList();

        service.recordLogs(machine, lines);

        assertThat(service.logs(app, 10)).extracting(MachineLog::message).containsExactly("line 5", "line 4", "line 3");
        assertThat(service.newestLog(machine).orElseThrow().message()).isEqualTo("line 5");
    }
}
