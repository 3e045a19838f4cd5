package org.lnteller.codec.bolt11;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import org.lnteller.codec.Network;

/**
 * What {@link Bolt11#encode} writes and signs. Build one with {@link #builder}.
 *
 * @param network               chain prefix
 * @param amountMsat            millisatoshis requested; empty for "any amount"
 * @param timestamp             creation time, whole seconds, at most 2^35 - 1 seconds after 1970
 * @param paymentHash           the 32-byte SHA-256 of the preimage released on payment
 * @param paymentSecret         the 32-byte {@code s} field; required, because BOLT #11 readers refuse an invoice without one
 * @param description           {@code d} text; exactly one of this and {@code descriptionHash}
 * @param descriptionHash       {@code h}: SHA-256 of a description kept elsewhere
 * @param expiry                whole seconds; the {@code x} field is written unless it is the default 3600 s
 * @param minFinalCltvExpiry    the {@code c} field in blocks, written when present
 * @param features              feature bits for the {@code 9} field; unknown even bits are refused
 * @param fallbacks             {@code f} fields, in preference order
 * @param routes                {@code r} fields, in preference order
 * @param metadata              the {@code m} field
 * @param includePayeeField     whether to write the signer's key in an {@code n} field
 */
public record InvoiceDraft(
        Network network,
        OptionalLong amountMsat,
        Instant timestamp,
        ByteVector paymentHash,
        ByteVector paymentSecret,
        Optional<String> description,
        Optional<ByteVector> descriptionHash,
        Duration expiry,
        OptionalInt minFinalCltvExpiry,
        SortedSet<Integer> features,
        List<FallbackAddress> fallbacks,
        List<RouteHint> routes,
        Optional<ByteVector> metadata,
        boolean includePayeeField) {

    /** 2^35 - 1: the largest timestamp the 35-bit field holds. */
    static final long MAX_TIMESTAMP = (1L << 35) - 1;
    /** 1023 words of 5 bits: the largest tagged field. */
    static final int MAX_FIELD_BYTES = 1023 * 5 / 8;

    public InvoiceDraft {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(amountMsat, "amountMsat");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(paymentHash, "paymentHash");
        Objects.requireNonNull(paymentSecret, "paymentSecret");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(descriptionHash, "descriptionHash");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(minFinalCltvExpiry, "minFinalCltvExpiry");
        Objects.requireNonNull(metadata, "metadata");
        amountMsat.ifPresent(msat -> {
            if (msat <= 0)
                throw new IllegalArgumentException("an invoice amount is positive; leave it empty for any amount");
            if (msat > Amounts.MAX_MSAT) throw new IllegalArgumentException("amount exceeds 21 million bitcoin");
        });
        if (timestamp.getNano() != 0 || timestamp.getEpochSecond() < 0 || timestamp.getEpochSecond() > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp must be whole seconds between 1970 and 2^35 s");
        }
        if (paymentHash.size() != 32) throw new IllegalArgumentException("payment hash must be 32 bytes");
        if (paymentSecret.size() != 32) throw new IllegalArgumentException("payment secret must be 32 bytes");
        descriptionHash.ifPresent(h -> {
            if (h.size() != 32) throw new IllegalArgumentException("description hash must be 32 bytes");
        });
        if (description.isPresent() == descriptionHash.isPresent()) {
            throw new IllegalArgumentException(
                    "an invoice carries exactly one of a description and a description hash");
        }
        description.ifPresent(d -> {
            if (d.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD_BYTES) {
                throw new IllegalArgumentException(
                        "description longer than " + MAX_FIELD_BYTES + " bytes; use a description hash");
            }
        });
        metadata.ifPresent(m -> {
            if (m.size() > MAX_FIELD_BYTES)
                throw new IllegalArgumentException("metadata longer than " + MAX_FIELD_BYTES + " bytes");
        });
        if (expiry.isNegative() || expiry.toNanosPart() != 0) {
            throw new IllegalArgumentException("expiry must be a whole, non-negative number of seconds");
        }
        if (minFinalCltvExpiry.isPresent() && minFinalCltvExpiry.getAsInt() < 0) {
            throw new IllegalArgumentException("min final cltv expiry must not be negative");
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer bit : features) {
            if (bit == null || bit < 0 || bit >= 1023 * 5) {
                throw new IllegalArgumentException("feature bits are 0.." + (1023 * 5 - 1));
            }
            if (bit % 2 == 0 && !Features.KNOWN_COMPULSORY.contains(bit)) {
                throw new IllegalArgumentException(
                        "unknown compulsory feature bit " + bit + " would make the invoice unpayable");
            }
            sorted.add(bit);
        }
        features = Collections.unmodifiableSortedSet(sorted);
        fallbacks = List.copyOf(fallbacks);
        routes = List.copyOf(routes);
        for (RouteHint r : routes) {
            if (r.hops().size() * RouteHop.SIZE_BYTES > MAX_FIELD_BYTES) {
                throw new IllegalArgumentException(
                        "a route hint has at most " + MAX_FIELD_BYTES / RouteHop.SIZE_BYTES + " hops");
            }
        }
    }

    /** Starts a draft with the three fields every invoice needs and BOLT #11's defaults for the rest. */
    public static Builder builder(Network network, ByteVector paymentHash, Instant timestamp) {
        return new Builder(network, paymentHash, timestamp);
    }

    /** Mutable, single-threaded helper that builds an {@link InvoiceDraft}. */
    public static final class Builder {
        private final Network network;
        private final ByteVector paymentHash;
        private final Instant timestamp;
        private OptionalLong amountMsat = OptionalLong.empty();
        private Optional<ByteVector> paymentSecret = Optional.empty();
        private Optional<String> description = Optional.empty();
        private Optional<ByteVector> descriptionHash = Optional.empty();
        private Duration expiry = Bolt11Invoice.DEFAULT_EXPIRY;
        private OptionalInt minFinalCltvExpiry = OptionalInt.empty();
        private final TreeSet<Integer> features = new TreeSet<>();
        private final List<FallbackAddress> fallbacks = new ArrayList<>();
        private final List<RouteHint> routes = new ArrayList<>();
        private Optional<ByteVector> metadata = Optional.empty();
        private boolean includePayeeField;

        private Builder(Network network, ByteVector paymentHash, Instant timestamp) {
            this.network = Objects.requireNonNull(network, "network");
            this.paymentHash = Objects.requireNonNull(paymentHash, "paymentHash");
            // the invoice carries whole seconds; callers pass clock.instant()
            this.timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.SECONDS);
        }

        /** Millisatoshis requested; not calling this (or passing empty) makes an "any amount" invoice. */
        public Builder amountMsat(OptionalLong msat) {
            this.amountMsat = Objects.requireNonNull(msat, "msat");
            return this;
        }

        /** Millisatoshis requested, positive. */
        public Builder amountMsat(long msat) {
            return amountMsat(OptionalLong.of(msat));
        }

        /** The 32-byte {@code s} field; {@link #build} refuses a draft without one. */
        public Builder paymentSecret(ByteVector secret) {
            this.paymentSecret = Optional.of(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /** Sets the {@code d} text and clears any description hash. */
        public Builder description(String description) {
            this.description = Optional.of(description);
            this.descriptionHash = Optional.empty();
            return this;
        }

        /** Sets the {@code h} hash and clears any description text. */
        public Builder descriptionHash(ByteVector hash) {
            this.descriptionHash = Optional.of(hash);
            this.description = Optional.empty();
            return this;
        }

        public Builder expiry(Duration expiry) {
            this.expiry = Objects.requireNonNull(expiry, "expiry");
            return this;
        }

        /** Final CLTV delta in blocks, written as the {@code c} field. */
        public Builder minFinalCltvExpiry(int blocks) {
            this.minFinalCltvExpiry = OptionalInt.of(blocks);
            return this;
        }

        public Builder feature(int bit) {
            features.add(bit);
            return this;
        }

        public Builder features(Iterable<Integer> bits) {
            bits.forEach(features::add);
            return this;
        }

        public Builder fallback(FallbackAddress fallback) {
            fallbacks.add(Objects.requireNonNull(fallback, "fallback"));
            return this;
        }

        public Builder route(RouteHint route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        public Builder metadata(ByteVector metadata) {
            this.metadata = Optional.of(metadata);
            return this;
        }

        /** Whether to write the signer's node id in an {@code n} field (payers then skip key recovery). */
        public Builder includePayeeField(boolean include) {
            this.includePayeeField = include;
            return this;
        }

        /** @throws IllegalArgumentException when the fields break a rule listed on {@link InvoiceDraft} */
        public InvoiceDraft build() {
            ByteVector secret = paymentSecret.orElseThrow(() -> new IllegalArgumentException(
                    "an invoice needs a payment secret: BOLT #11 readers refuse one without it"));
            return new InvoiceDraft(
                    network,
                    amountMsat,
                    timestamp,
                    paymentHash,
                    secret,
                    description,
                    descriptionHash,
                    expiry,
                    minFinalCltvExpiry,
                    features,
                    fallbacks,
                    routes,
                    metadata,
                    includePayeeField);
        }
    }
}
