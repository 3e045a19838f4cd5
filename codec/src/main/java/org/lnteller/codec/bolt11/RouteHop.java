package org.lnteller.codec.bolt11;

import java.util.Objects;

/**
 * One entry of a BOLT #11 {@code r} field: a private channel the payer may route through.
 *
 * @param nodeId                    the node at the start of the channel
 * @param shortChannelId            the channel
 * @param feeBaseMsat               fixed fee charged by {@code nodeId}, in millisatoshis (32-bit on the wire)
 * @param feeProportionalMillionths proportional fee in millionths of the forwarded amount (32-bit unsigned)
 * @param cltvExpiryDelta           blocks {@code nodeId} adds to the HTLC timeout (16-bit unsigned)
 */
public record RouteHop(
        NodeId nodeId,
        ShortChannelId shortChannelId,
        long feeBaseMsat,
        long feeProportionalMillionths,
        int cltvExpiryDelta) {

    static final int SIZE_BYTES = 33 + 8 + 4 + 4 + 2;

    public RouteHop {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(shortChannelId, "shortChannelId");
        if (feeBaseMsat < 0 || feeBaseMsat > 0xFFFFFFFFL)
            throw new IllegalArgumentException("fee base must fit 32 bits");
        if (feeProportionalMillionths < 0 || feeProportionalMillionths > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("proportional fee must fit 32 bits");
        }
        if (cltvExpiryDelta < 0 || cltvExpiryDelta > 0xFFFF) {
            throw new IllegalArgumentException("cltv expiry delta must fit 16 bits");
        }
    }
}
