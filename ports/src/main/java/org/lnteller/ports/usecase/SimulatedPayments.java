package org.lnteller.ports.usecase;

import org.lnteller.ports.model.PaymentHash;

/**
 * Settles invoices of the simulated backend, standing in for a customer's wallet
 * ({@code POST /api/dev/invoices/{paymentHash}/pay}). Only present when the simulated backend runs.
 */
public interface SimulatedPayments {
    enum Result {
        PAID,
        ALREADY_PAID,
        EXPIRED,
        NOT_FOUND
    }

    Result payInvoice(PaymentHash paymentHash);
}
