package org.lnteller.app.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.lnteller.adapter.http.MachinePort;
import org.lnteller.adapter.jdbc.JdbcStores;
import org.lnteller.app.config.Config;
import org.lnteller.app.machine.MachineCertificates;
import org.lnteller.core.pairing.PairingService;
import org.lnteller.core.pairing.PairingSettings;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.DestinationProbe;
import org.lnteller.ports.usecase.Devices;
import org.lnteller.ports.usecase.MachineConfigurations;
import org.lnteller.ports.usecase.MachineTransactions;
import org.lnteller.ports.usecase.Pairing;
import org.lnteller.ports.usecase.Quotes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lamassu machine port: its certificates, the pairing service and the HTTPS listener. Present
 * unless {@code MACHINE_PORT=off}.
 */
final class MachineWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MachineWiring.class);

    private final Config.Machine settings;
    private final java.nio.file.Path dataDir;
    private final Clock clock;
    private final SecureRandom random;
    private final PairingService pairing;
    private volatile MachineCertificates.Material material;
    private @Nullable MachinePort port;

    private MachineWiring(Config config, JdbcStores stores, Clock clock, SecureRandom random) {
        this.settings = config.machine();
        this.dataDir = config.dataDir();
        this.clock = clock;
        this.random = random;
        this.material = certificates();
        this.pairing = new PairingService(
                stores.devices(),
                stores.apps(),
                clock,
                random,
                new PairingSettings(
                        material.caPem(),
                        material.hosts().get(0),
                        settings.pairingValidity(),
                        settings.logLinesPerDevice()));
    }

    static Optional<MachineWiring> wire(Config config, JdbcStores stores, Clock clock, SecureRandom random) {
        if (config.machine().port().isEmpty()) return Optional.empty();
        return Optional.of(new MachineWiring(config, stores, clock, random));
    }

    Pairing pairing() {
        return pairing;
    }

    Devices devices() {
        return pairing;
    }

    /** Starts the listener; @return its port */
    int start(
            MachineTransactions machines,
            Quotes quotes,
            Apps apps,
            DestinationProbe probe,
            MachineConfigurations configurations,
            Config config,
            Clock clock) {
        port = MachinePort.builder()
                .machineTransactions(machines)
                .quotes(quotes)
                .apps(apps)
                .destinationProbe(probe)
                .configurations(configurations)
                .defaultCurrency(config.prices().currencies().get(0))
                .pairing(pairing)
                .devices(pairing)
                .clock(clock)
                .certificate(material.key(), material.chain())
                .bindHost(settings.bind())
                .pairingRateLimit(settings.pairingsPerHour(), settings.pairingBurst())
                .build();
        int bound = port.start(settings.port().orElseThrow());
        LOG.info(
                "machine port listening on {}:{} for {}; server certificate until {}",
                settings.bind(),
                bound,
                material.hosts(),
                material.serverNotAfter());
        return bound;
    }

    /** Re-issues the server's own certificate when it nears its end (never the operator's); the CA stays. */
    void renewCertificateIfDue() {
        if (settings.ownTls().isPresent()) return;
        try {
            MachineCertificates.Material next = certificates();
            if (!next.chain().get(0).equals(material.chain().get(0))) {
                Objects.requireNonNull(port, "started").replaceCertificate(next.key(), next.chain());
                material = next;
                LOG.info("machine port now serves a renewed certificate until {}", next.serverNotAfter());
            }
        } catch (Exception e) {
            LOG.warn(
                    "could not renew the machine port's certificate; the current one stays until {}",
                    material.serverNotAfter(),
                    e);
        }
    }

    private MachineCertificates.Material certificates() {
        List<String> hosts = settings.hosts().isEmpty() ? MachineCertificates.defaultHosts() : settings.hosts();
        if (settings.ownTls().isPresent()) {
            Config.Machine.OwnTls own = settings.ownTls().get();
            return MachineCertificates.own(
                    new MachineCertificates.OwnFiles(own.ca(), own.certificate(), own.key()), hosts);
        }
        return MachineCertificates.selfManaged(dataDir, hosts, clock, random);
    }

    @Override
    public void close() {
        if (port != null) port.close();
    }
}
