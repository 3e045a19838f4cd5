package org.lnteller.ports.lightning;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;

/**
 * The operator's Lightning wallet: issues invoices for cash-outs and pays customers' invoices for
 * cash-ins. Implementations: the simulated backend (embedded default), Blink/Galoy.
 *
 * <p>Units: amounts are exact; invoices this server issues are for whole satoshis.
 *
 * <p>Threading: implementations are safe for concurrent use. Calls block for at most the
 * implementation's configured timeout.
 *
 * <p>Failures: every method may throw {@link LightningBackendException} (one family; subclasses
 * name what failed). {@link #pay} never throws for a payment that may have started: it answers
 * {@link PaymentOutcome.Unknown} instead, so that the caller reconciles rather than pays again.
 */
public interface LightningBackend {

    /**
     * Issues a new invoice. Not idempotent: each call issues a new invoice with a new hash.
     *
     * @param amount      positive
     * @param expiry      how long it stays payable, at least one second
     * @param description free text put in the invoice
     * @throws UnableToCreateInvoice when no invoice was issued
     */
    CreatedInvoice createInvoice(Satoshi amount, Duration expiry, String description);

    /**
     * The state of an invoice this wallet issued. Idempotent read.
     *
     * @return {@link InvoiceStatus#NOT_FOUND} for a hash this wallet did not issue
     * @throws UnableToQueryBackend when the backend could not answer
     */
    InvoiceStatus invoiceStatus(PaymentHash paymentHash);

    /**
     * Pays an invoice. Not safe to repeat: call it at most once per payment hash, and reconcile
     * with {@link #paymentStatus} when the outcome is {@link PaymentOutcome.Pending} or
     * {@link PaymentOutcome.Unknown}. A backend that recognises a repeat answers
     * {@link PaymentOutcome.Succeeded} with {@code alreadyPaid} or a failure, never a second payment.
     */
    PaymentOutcome pay(PaymentRequest request);

    /**
     * What became of an outgoing payment. Idempotent read.
     *
     * @return {@link OutgoingStatus.NotFound} when this wallet never started that payment
     * @throws UnableToQueryBackend when the backend could not answer
     */
    OutgoingStatus paymentStatus(PaymentHash paymentHash);

    /**
     * Whether {@code bolt11} (for {@code amount} when the invoice has none) is routable and the
     * fee. Pays nothing.
     *
     * @throws UnableToQueryBackend when the backend could not answer
     */
    FeeProbe probeFee(String bolt11, Optional<MilliSatoshi> amount);

    /** @throws UnableToQueryBackend when the backend could not answer */
    Balance balance();

    /**
     * Subscribes to pushed invoice updates, where the backend offers push. Updates arrive on a
     * backend thread; the listener must not block. Polling {@link #invoiceStatus} stays correct
     * without it.
     *
     * @return a handle that stops the subscription, or empty when the backend has no push
     */
    default Optional<AutoCloseable> subscribeInvoiceUpdates(Consumer<InvoiceUpdate> listener) {
        return Optional.empty();
    }
}
