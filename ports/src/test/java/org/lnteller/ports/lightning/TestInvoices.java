package org.lnteller.ports.lightning;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;

/**
 * Real, signed regtest BOLT11 invoices for tests, written with the codec's encoder: what fakes
 * and stand-ins issue and what tests hand to {@link PaymentRequest} and {@link CreatedInvoice}.
 * The payment secret is derived from the hash, so equal arguments give equal invoices.
 */
public final class TestInvoices {
    /** The secp256k1 secret key invoices are signed with unless a test gives its own. */
    public static final byte[] DEFAULT_KEY = key(0x33);

    private TestInvoices() {}

    /** A 32-byte secp256k1 secret key with every byte {@code value} (valid for 1..0xfe). */
    public static byte[] key(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }

    /**
     * An invoice signed with {@code nodeKey}.
     *
     * @param amount    empty for an amount-less invoice
     * @param timestamp truncated to whole seconds, as the invoice carries it
     * @param expiry    truncated to whole seconds
     */
    public static Bolt11Invoice signed(
            byte[] nodeKey,
            PaymentHash hash,
            Optional<MilliSatoshi> amount,
            Instant timestamp,
            Duration expiry,
            String description) {
        byte[] secret = hash.bytes();
        secret[0] ^= 0x5a; // not the hash itself, but as repeatable
        InvoiceDraft draft = InvoiceDraft.builder(Network.REGTEST, ByteVector.of(hash.bytes()), timestamp)
                .amountMsat(amount.map(a -> OptionalLong.of(a.msat())).orElse(OptionalLong.empty()))
                .paymentSecret(ByteVector.of(secret))
                .description(description)
                .expiry(Duration.ofSeconds(expiry.toSeconds()))
                .build();
        return Bolt11.decode(Bolt11.encode(draft, nodeKey));
    }

    /** An invoice for {@code amount} signed with {@link #DEFAULT_KEY}. */
    public static Bolt11Invoice signed(PaymentHash hash, MilliSatoshi amount, Instant timestamp, Duration expiry) {
        return signed(DEFAULT_KEY, hash, Optional.of(amount), timestamp, expiry, "test");
    }

    /** What a backend answers when it issued an invoice for {@code amount}. */
    public static CreatedInvoice created(PaymentHash hash, MilliSatoshi amount, Instant timestamp, Duration expiry) {
        return new CreatedInvoice(signed(hash, amount, timestamp, expiry));
    }
}
