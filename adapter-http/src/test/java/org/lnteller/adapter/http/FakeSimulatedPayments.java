package org.lnteller.adapter.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.usecase.SimulatedPayments;

/** Records every payment and answers {@link #result}. */
final class FakeSimulatedPayments implements SimulatedPayments {
    final List<PaymentHash> paid = new CopyOnWriteArrayList<>();
    volatile Result result = Result.PAID;

    void reset() {
        paid.clear();
        result = Result.PAID;
    }

    @Override
    public Result payInvoice(PaymentHash paymentHash) {
        paid.add(paymentHash);
        return result;
    }
}
