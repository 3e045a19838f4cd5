package org.lnteller.app.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.lnteller.adapter.jdbc.JdbcStores;
import org.lnteller.app.config.Config;
import org.lnteller.core.provisioning.ProvisioningService;
import org.lnteller.core.provisioning.PurchaseMonitor;
import org.lnteller.core.provisioning.PurchaseSecrets;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.usecase.Provisioning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paid self-service provisioning as the server runs it: the service behind the HTTP routes and
 * its purchase monitor, run on the server's scheduler beside the invoice monitor and fed the
 * backend's pushed updates. Present only with {@code ATM_PURCHASE_ENABLED=true}.
 */
final class PaidProvisioning {
    private static final Logger LOG = LoggerFactory.getLogger(PaidProvisioning.class);

    private final ProvisioningService service;
    private final PurchaseMonitor monitor;

    private PaidProvisioning(ProvisioningService service, PurchaseMonitor monitor) {
        this.service = service;
        this.monitor = monitor;
    }

    /** @return empty unless the operator sells apps */
    static Optional<PaidProvisioning> wire(
            Config config, JdbcStores stores, LightningBackend lightning, Clock clock, SecureRandom random) {
        if (!config.purchaseEnabled()) return Optional.empty();
        PurchaseSecrets secrets = new PurchaseSecrets(
                PurchaseSecretFile.resolve(config.purchases().secret(), config.dataDir(), random));
        ProvisioningService service = new ProvisioningService(
                stores.purchases(),
                stores.apps(),
                lightning,
                secrets,
                new ProvisioningService.Settings(
                        config.purchasePrice(),
                        config.invoiceExpiry(),
                        config.appValidity(),
                        config.purchases().maxPending()),
                clock,
                random);
        return Optional.of(new PaidProvisioning(service, service.monitor(config.monitorBatch())));
    }

    Provisioning service() {
        return service;
    }

    /** One monitor pass, logged when it changed something; the LeasedJob that runs it logs a failure and keeps the schedule. */
    void runMonitor() {
        PurchaseMonitor.Pass pass = monitor.runOnce();
        if (pass.paid() + pass.expired() + pass.failed() > 0) {
            LOG.info(
                    "purchase monitor pass: checked={} paid={} expired={} failed={}",
                    pass.checked(),
                    pass.paid(),
                    pass.expired(),
                    pass.failed());
        }
    }

    /** A pushed invoice update; a failure is logged and left to the next monitor pass. */
    void onUpdate(InvoiceUpdate update) {
        try {
            monitor.onUpdate(update);
        } catch (RuntimeException e) {
            LOG.warn(
                    "pushed update of purchase invoice {} not applied; the next monitor pass will: {}",
                    update.paymentHash(),
                    e.getMessage());
        }
    }
}
