package org.lnteller.core.internal.cashin;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.codec.lnurl.InvalidDestination;
import org.lnteller.codec.lnurl.LightningAddress;
import org.lnteller.codec.lnurl.LnurlPay;
import org.lnteller.codec.lnurl.PaymentDestination;
import org.lnteller.codec.lnurl.PaymentDestinations;
import org.lnteller.core.cashin.CashInSettings;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.tx.Rejection;

/**
 * Turns what a customer scanned into the one BOLT11 invoice the server will pay, checked: the
 * network, the expiry with a margin, the amount, and for LNURL the description hash. LNURL and
 * Lightning addresses are resolved to an invoice first, so the payment hash is known (and
 * committed) before any money moves.
 */
public final class DestinationResolver {
    private static final Logger LOG = System.getLogger(DestinationResolver.class.getName());
    /** Longest operator log text taken from an LNURL failure, in characters. */
    private static final int MAX_LOGGED_CHARS = 300;
    /** What will be paid: the invoice, and the amount to send with it when it has none. */
    public record Payable(Bolt11Invoice invoice, Optional<MilliSatoshi> amountToSend) {
        /** The invoice's payment hash, what the payment is recorded by. */
        public PaymentHash paymentHash() {
            return PaymentHash.of(invoice.paymentHash().toArray());
        }
    }

    private final LnurlService lnurl;
    private final CashInSettings settings;

    public DestinationResolver(LnurlService lnurl, CashInSettings settings) {
        this.lnurl = lnurl;
        this.settings = settings;
    }

    /** Parses and, for an invoice, checks what can be checked before the amount is known. */
    public PaymentDestination parse(String scanned, Instant now) {
        PaymentDestination destination;
        try {
            destination = PaymentDestinations.parse(scanned);
        } catch (InvalidDestination e) {
            throw new RejectionException(new Rejection.InvalidDestination(e.getMessage()));
        }
        destination.directInvoice().ifPresent(invoice -> checkInvoice(invoice, now));
        return destination;
    }

    /** The invoice to pay {@code amount} to {@code scanned}, fully checked. May call the LNURL service. */
    public Payable resolve(String scanned, MilliSatoshi amount, Instant now) {
        PaymentDestination destination = parse(scanned, now);
        Optional<Bolt11Invoice> direct = destination.directInvoice();
        if (direct.isPresent()) {
            Bolt11Invoice invoice = direct.get();
            if (invoice.amountMsat().isEmpty()) return new Payable(invoice, Optional.of(amount));
            if (invoice.amountMsat().getAsLong() != amount.msat()) {
                throw new RejectionException(new Rejection.AmountMismatch(
                        amount, MilliSatoshi.of(invoice.amountMsat().getAsLong())));
            }
            return new Payable(invoice, Optional.empty());
        }
        PayRequest request = payRequest(destination);
        if (!request.accepts(amount)) {
            throw new RejectionException(new Rejection.InvalidDestination("the customer's wallet accepts "
                    + request.minSendable() + " to " + request.maxSendable() + ", not " + amount));
        }
        String text;
        try {
            text = lnurl.requestInvoice(request, amount);
        } catch (LnurlException e) {
            throw walletFailed("invoice request", e);
        }
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11.decode(text.strip());
        } catch (InvalidInvoice e) {
            throw new RejectionException(new Rejection.InvalidDestination(
                    "the customer's wallet answered with a bad invoice: " + e.getMessage()));
        }
        checkInvoice(invoice, now);
        // LUD-06: the invoice must be for exactly the amount asked, and commit to the metadata.
        if (invoice.amountMsat().isEmpty() || invoice.amountMsat().getAsLong() != amount.msat()) {
            throw new RejectionException(new Rejection.AmountMismatch(
                    amount, MilliSatoshi.of(invoice.amountMsat().orElse(0))));
        }
        if (invoice.descriptionHash().isPresent() && !invoice.hashesDescription(request.metadata())) {
            throw new RejectionException(
                    new Rejection.InvalidDestination("the invoice's description hash does not match the pay request"));
        }
        return new Payable(invoice, Optional.empty());
    }

    /** The pay request behind an LNURL or a Lightning address. */
    public PayRequest payRequest(PaymentDestination destination) {
        URI url = destination.fold(
                bolt11 -> {
                    throw new IllegalArgumentException("not an LNURL destination: " + destination);
                },
                LnurlPay::url,
                LightningAddress::payRequestUrl);
        try {
            return lnurl.payRequest(url);
        } catch (LnurlException e) {
            throw walletFailed("pay request", e);
        }
    }

    /**
     * The refusal a machine gets when the customer's wallet service failed: a fixed text and code
     * per kind. What the service said (in the exception's message) goes to the operator's log only.
     */
    public static RejectionException walletFailed(String step, LnurlException e) {
        LOG.log(
                Level.WARNING,
                "the wallet service of a customer failed at the {0} ({1}): {2}",
                step,
                e.kind(),
                forLog(e.getMessage()));
        return new RejectionException(new Rejection.WalletServiceFailed(e.kind()));
    }

    /** Remote text made safe for one log line: printable, one line, cut short. */
    static String forLog(@Nullable String text) {
        if (text == null) return "-";
        String line = text.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
        return line.length() <= MAX_LOGGED_CHARS ? line : line.substring(0, MAX_LOGGED_CHARS) + "...";
    }

    private void checkInvoice(Bolt11Invoice invoice, Instant now) {
        if (invoice.network() != settings.network())
            throw new RejectionException(new Rejection.WrongNetwork(settings.network(), invoice.network()));
        if (invoice.isExpiredAt(now.plus(settings.expiryMargin())))
            throw new RejectionException(new Rejection.InvoiceExpired(invoice.expiresAt()));
    }
}
