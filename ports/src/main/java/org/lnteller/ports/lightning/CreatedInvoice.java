package org.lnteller.ports.lightning;

import java.time.Instant;
import java.util.Objects;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Satoshi;

/**
 * An invoice the backend issued, decoded (and its signature checked) by the adapter: its text,
 * hash, amount and expiry are all read from the invoice itself, so they cannot disagree with it.
 */
public record CreatedInvoice(Bolt11Invoice invoice) {
    /** @throws IllegalArgumentException when the invoice names no amount: a backend issues ours for one */
    public CreatedInvoice {
        Objects.requireNonNull(invoice, "invoice");
        if (invoice.amountMsat().isEmpty()) {
            throw new IllegalArgumentException("an invoice the backend issued for us names its amount");
        }
    }

    /**
     * What an adapter answers for the invoice text a backend issued when asked for {@code amount}:
     * the text decoded (its signature checked) and held to the payment hash the backend reported
     * beside it and to the amount asked for. Pure; thread-safe.
     *
     * @param backend          the backend's name, for the messages ("Blink", "phoenixd", "LND")
     * @param reportedHashHex  the payment hash the backend answered with the invoice, in hex (any case)
     * @throws UnableToCreateInvoice of kind {@link Kind#PROTOCOL} when the text is no valid invoice,
     *                               or names another hash or amount: the backend is not to be trusted with it
     */
    public static CreatedInvoice issued(String backend, String bolt11, String reportedHashHex, Satoshi amount) {
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11.decode(bolt11.strip());
        } catch (InvalidInvoice e) {
            throw new UnableToCreateInvoice(
                    Kind.PROTOCOL, backend + " issued an invoice that cannot be read: " + e.getMessage());
        }
        if (!invoice.paymentHash().hex().equalsIgnoreCase(reportedHashHex)) {
            throw new UnableToCreateInvoice(
                    Kind.PROTOCOL,
                    backend + "'s payment hash " + reportedHashHex + " is not the invoice's " + invoice.paymentHash());
        }
        MilliSatoshi asked = amount.toMilliSatoshi();
        if (invoice.amountMsat().isEmpty() || invoice.amountMsat().getAsLong() != asked.msat()) {
            throw new UnableToCreateInvoice(
                    Kind.PROTOCOL,
                    backend + " issued an invoice for "
                            + MilliSatoshi.ofOptional(invoice.amountMsat())
                                    .map(Object::toString)
                                    .orElse("no amount") + ", not " + asked);
        }
        return new CreatedInvoice(invoice);
    }

    /** The invoice text as the backend wrote it (surrounding blanks removed). */
    public String bolt11() {
        return invoice.original();
    }

    public PaymentHash paymentHash() {
        return PaymentHash.of(invoice.paymentHash().toArray());
    }

    /** The amount the invoice asks for, in millisatoshis. */
    public MilliSatoshi amount() {
        return MilliSatoshi.of(invoice.amountMsat().getAsLong());
    }

    /** The last instant the invoice may be paid: its timestamp plus its expiry. */
    public Instant expiresAt() {
        return invoice.expiresAt();
    }
}
