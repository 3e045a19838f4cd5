package org.lnteller.codec.bolt11;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import org.lnteller.codec.Network;

/**
 * A decoded, signature-checked BOLT #11 invoice. Obtain one from {@link Bolt11#decode}; the
 * constructor checks shapes only, not the signature.
 *
 * <p>Where the invoice repeats a field, the first usable one is kept (BOLT #11: writers put the
 * most preferred first); fallbacks and route hints keep every usable entry, in order.
 *
 * @param network                 the chain the invoice is for, from its prefix
 * @param amountMsat              the amount requested, in millisatoshis; empty for an "any amount" invoice
 * @param timestamp               creation time, whole seconds
 * @param paymentHash             the 32 bytes the payment's preimage hashes to (SHA-256)
 * @param paymentSecret           the 32-byte {@code s} field (BOLT #11 refuses an invoice without one)
 * @param description             the {@code d} field (UTF-8), when present
 * @param descriptionHash         the 32-byte {@code h} field, when present
 * @param expiry                  how long after {@code timestamp} the invoice may be paid (default 3600 s)
 * @param minFinalCltvExpiryField the {@code c} field as written, in blocks; empty when absent
 * @param payee                   the node that signed the invoice (recovered, or the verified {@code n} field)
 * @param features                the feature bits set in the {@code 9} field, ascending
 * @param fallbacks               the on-chain fallback addresses ({@code f}) this decoder understands
 * @param routes                  the private route hints ({@code r})
 * @param metadata                the {@code m} payment metadata, when present
 * @param original                the text that was decoded, exactly as given
 */
public record Bolt11Invoice(
        Network network,
        OptionalLong amountMsat,
        Instant timestamp,
        ByteVector paymentHash,
        ByteVector paymentSecret,
        Optional<String> description,
        Optional<ByteVector> descriptionHash,
        Duration expiry,
        OptionalInt minFinalCltvExpiryField,
        NodeId payee,
        SortedSet<Integer> features,
        List<FallbackAddress> fallbacks,
        List<RouteHint> routes,
        Optional<ByteVector> metadata,
        String original) {

    /** BOLT #11: expiry when there is no {@code x} field. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);
    /** BOLT #11: the final CLTV delta a payer uses when there is no {@code c} field, in blocks. */
    public static final int DEFAULT_MIN_FINAL_CLTV_EXPIRY = 18;

    public Bolt11Invoice {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(amountMsat, "amountMsat");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(paymentSecret, "paymentSecret");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(descriptionHash, "descriptionHash");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(minFinalCltvExpiryField, "minFinalCltvExpiryField");
        Objects.requireNonNull(payee, "payee");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(original, "original");
        if (amountMsat.isPresent() && amountMsat.getAsLong() <= 0) {
            throw new IllegalArgumentException("an invoice amount is positive; leave it empty for any amount");
        }
        if (timestamp.getNano() != 0 || timestamp.getEpochSecond() < 0) {
            throw new IllegalArgumentException("an invoice timestamp is whole seconds since 1970");
        }
        requireSize(paymentHash, 32, "payment hash");
        requireSize(paymentSecret, 32, "payment secret");
        descriptionHash.ifPresent(h -> requireSize(h, 32, "description hash"));
        if (description.isEmpty() && descriptionHash.isEmpty()) {
            throw new IllegalArgumentException("an invoice has a description or a description hash");
        }
        if (expiry.isNegative() || expiry.toNanosPart() != 0) {
            throw new IllegalArgumentException("expiry is a whole, non-negative number of seconds");
        }
        if (minFinalCltvExpiryField.isPresent() && minFinalCltvExpiryField.getAsInt() < 0) {
            throw new IllegalArgumentException("min final cltv expiry must not be negative");
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer bit : features) {
            if (bit == null || bit < 0) throw new IllegalArgumentException("feature bits are non-negative numbers");
            sorted.add(bit);
        }
        features = Collections.unmodifiableSortedSet(sorted);
        fallbacks = List.copyOf(fallbacks);
        routes = List.copyOf(routes);
    }

    private static void requireSize(ByteVector v, int size, String what) {
        if (v.size() != size) throw new IllegalArgumentException(what + " must be " + size + " bytes");
    }

    /** The last instant at which the invoice may still be paid: timestamp + expiry (saturating). */
    public Instant expiresAt() {
        long seconds = timestamp.getEpochSecond();
        long limit = Instant.MAX.getEpochSecond();
        long exp = expiry.toSeconds();
        return exp > limit - seconds ? Instant.MAX : Instant.ofEpochSecond(seconds + exp);
    }

    /**
     * True when {@code now} is past {@link #expiresAt()}. The caller supplies the clock: decoding
     * never reads it.
     */
    public boolean isExpiredAt(Instant now) {
        Objects.requireNonNull(now, "now");
        return now.isAfter(expiresAt());
    }

    /**
     * Whether the {@code h} field is the SHA-256 of {@code description}'s UTF-8 bytes (how an
     * invoice commits to a description kept elsewhere, e.g. LNURL-pay metadata). False without an
     * {@code h} field.
     */
    public boolean hashesDescription(String description) {
        return descriptionHash
                .map(h -> h.equals(ByteVector.of(Hashes.sha256(description.getBytes(StandardCharsets.UTF_8)))))
                .orElse(false);
    }

    /** The final CLTV delta to use, in blocks: the {@code c} field, or 18 when absent. */
    public int minFinalCltvExpiry() {
        return minFinalCltvExpiryField.orElse(DEFAULT_MIN_FINAL_CLTV_EXPIRY);
    }

    /** The invoice in lower case: the form to hand to a Lightning backend or store. */
    public String canonical() {
        return original.toLowerCase(Locale.ROOT);
    }
}
