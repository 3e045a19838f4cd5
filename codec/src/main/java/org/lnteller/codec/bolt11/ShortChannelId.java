package org.lnteller.codec.bolt11;

/**
 * A channel's position in the chain (BOLT #7): block height (3 bytes), transaction index within
 * the block (3 bytes) and funding output index (2 bytes), packed into 8 bytes.
 *
 * @param value the packed 64 bits, as written on the wire (an unsigned value held in a long)
 */
public record ShortChannelId(long value) {

    /** @throws IllegalArgumentException when a part exceeds its width */
    public static ShortChannelId of(int blockHeight, int txIndex, int outputIndex) {
        if (blockHeight < 0
                || blockHeight > 0xFFFFFF
                || txIndex < 0
                || txIndex > 0xFFFFFF
                || outputIndex < 0
                || outputIndex > 0xFFFF) {
            throw new IllegalArgumentException("short channel id parts out of range");
        }
        return new ShortChannelId(((long) blockHeight << 40) | ((long) txIndex << 16) | outputIndex);
    }

    public int blockHeight() {
        return (int) (value >>> 40);
    }

    public int txIndex() {
        return (int) ((value >>> 16) & 0xFFFFFF);
    }

    public int outputIndex() {
        return (int) (value & 0xFFFF);
    }

    /** The customary form {@code 589390x3312x1}. */
    @Override
    public String toString() {
        return blockHeight() + "x" + txIndex() + "x" + outputIndex();
    }
}
