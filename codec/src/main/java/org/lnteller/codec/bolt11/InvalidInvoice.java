package org.lnteller.codec.bolt11;

import java.util.Objects;

/**
 * A text that is not a valid BOLT #11 invoice. The only exception {@link Bolt11#decode} throws;
 * {@link #reason()} says which rule failed, the message says it in words a person can act on.
 */
public final class InvalidInvoice extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which rule of BOLT #11 (or BIP-173 underneath it) the text breaks. */
    public enum Reason {
        /** Not bech32 at all, or bech32 with a prefix other than {@code ln}. */
        NOT_AN_INVOICE,
        /** Upper and lower case mixed (BIP-173 forbids it). */
        MIXED_CASE,
        /** The bech32 checksum does not match: the text was damaged or altered. */
        BAD_CHECKSUM,
        /** The prefix after {@code ln} names no network this server knows (bc, tb, tbs, bcrt). */
        UNKNOWN_NETWORK,
        /** The amount is not a positive decimal without leading zeros, or is out of range. */
        INVALID_AMOUNT,
        /** The amount is followed by something other than m, u, n or p. */
        INVALID_MULTIPLIER,
        /** A pico-bitcoin amount that is not a whole number of millisatoshis. */
        SUB_MILLISATOSHI,
        /** Too little data for a timestamp and a signature. */
        TOO_SHORT,
        /** A tagged field runs past the data, or holds a value that cannot be read. */
        MALFORMED_FIELD,
        /** No usable {@code p} field. */
        MISSING_PAYMENT_HASH,
        /** Neither a {@code d} nor an {@code h} field. */
        MISSING_DESCRIPTION,
        /** No usable {@code s} (payment secret) field: BOLT #11 says a payer must refuse it. */
        MISSING_PAYMENT_SECRET,
        /** An even (compulsory) feature bit this server does not understand. */
        UNKNOWN_REQUIRED_FEATURE,
        /** The signature cannot be recovered, or does not match the {@code n} field. */
        BAD_SIGNATURE,
        /**
         * An {@code n} field with a high-S signature: BOLT #11 requires low S when the payee is
         * named, so that the invoice text cannot be altered without the payee's key.
         */
        HIGH_S_SIGNATURE
    }

    private final Reason reason;

    InvalidInvoice(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
