package org.lnteller.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.FeeProbe;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;

/**
 * Times every backend call ({@code lightning_backend_calls_seconds} by operation and outcome) and
 * logs slow or failed ones with their latency, so an operator sees what the backend costs.
 */
public final class TimedLightningBackend implements LightningBackend {
    private static final Logger LOG = System.getLogger(TimedLightningBackend.class.getName());
    private static final Duration SLOW = Duration.ofSeconds(2);

    private final LightningBackend delegate;
    private final MeterRegistry registry;

    public TimedLightningBackend(LightningBackend delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return call.get();
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            long nanos = System.nanoTime() - start;
            Timer.builder("lightning.backend.calls")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(registry)
                    .record(Duration.ofNanos(nanos));
            if (!"ok".equals(outcome) || nanos > SLOW.toNanos()) {
                LOG.log(Level.WARNING, "lightning {0}: {1} after {2} ms", operation, outcome, nanos / 1_000_000);
            }
        }
    }

    @Override
    public CreatedInvoice createInvoice(Satoshi amount, Duration expiry, String description) {
        return timed("createInvoice", () -> delegate.createInvoice(amount, expiry, description));
    }

    @Override
    public InvoiceStatus invoiceStatus(PaymentHash paymentHash) {
        return timed("invoiceStatus", () -> delegate.invoiceStatus(paymentHash));
    }

    @Override
    public PaymentOutcome pay(PaymentRequest request) {
        return timed("pay", () -> delegate.pay(request));
    }

    @Override
    public OutgoingStatus paymentStatus(PaymentHash paymentHash) {
        return timed("paymentStatus", () -> delegate.paymentStatus(paymentHash));
    }

    @Override
    public FeeProbe probeFee(String bolt11, Optional<MilliSatoshi> amount) {
        return timed("probeFee", () -> delegate.probeFee(bolt11, amount));
    }

    @Override
    public Balance balance() {
        return timed("balance", delegate::balance);
    }

    @Override
    public Optional<AutoCloseable> subscribeInvoiceUpdates(Consumer<InvoiceUpdate> listener) {
        return delegate.subscribeInvoiceUpdates(listener);
    }
}
