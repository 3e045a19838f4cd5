package org.lnteller.codec.bolt11;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The BOLT #11 {@code 9} field: a big-endian bit vector in 5-bit words, bit 0 last. */
final class Features {
    private Features() {}

    /**
     * Even (compulsory) bits of the BOLT #9 features offered in invoices: var_onion_optin (8),
     * payment_secret (14), basic_mpp (16), option_route_blinding (24), option_payment_metadata (48).
     * An invoice that sets any other even bit cannot be paid correctly, so BOLT #11 says to fail it.
     */
    static final Set<Integer> KNOWN_COMPULSORY = Set.of(8, 14, 16, 24, 48);

    static SortedSet<Integer> read(byte[] words, int offset, int length) {
        SortedSet<Integer> bits = new TreeSet<>();
        for (int i = 0; i < length; i++) {
            int w = words[offset + i];
            int base = (length - 1 - i) * 5;
            for (int b = 0; b < 5; b++) {
                if ((w & (1 << b)) != 0) bits.add(base + b);
            }
        }
        return bits;
    }

    /** The minimal words for {@code bits}; empty when there are none. */
    static byte[] write(SortedSet<Integer> bits) {
        if (bits.isEmpty()) return new byte[0];
        int length = bits.last() / 5 + 1;
        byte[] words = new byte[length];
        for (int bit : bits) {
            words[length - 1 - bit / 5] |= (byte) (1 << (bit % 5));
        }
        return words;
    }
}
