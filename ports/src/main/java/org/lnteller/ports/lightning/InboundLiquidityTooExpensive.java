package org.lnteller.ports.lightning;

import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.Satoshi;

/**
 * The wallet cannot receive the invoice's amount through the channels it has, and opening or
 * enlarging one would cost more than the operator allows (or cannot be done at all): no invoice
 * was issued. A self-custodial node that buys inbound liquidity itself (phoenixd) takes that fee
 * out of the incoming payment, so an operator caps it. Retrying later may help (fees change,
 * liquidity arrives); retrying at once does not.
 */
public class InboundLiquidityTooExpensive extends UnableToCreateInvoice {
    private final Optional<Satoshi> fee;
    private final Satoshi cap;

    /**
     * @param fee what receiving the amount would cost in sats, empty when the node cannot say
     * @param cap the most the operator allows
     */
    public InboundLiquidityTooExpensive(String message, Optional<Satoshi> fee, Satoshi cap) {
        super(Kind.UNAVAILABLE, message);
        this.fee = Objects.requireNonNull(fee, "fee");
        this.cap = Objects.requireNonNull(cap, "cap");
    }

    public Optional<Satoshi> fee() {
        return fee;
    }

    public Satoshi cap() {
        return cap;
    }
}
