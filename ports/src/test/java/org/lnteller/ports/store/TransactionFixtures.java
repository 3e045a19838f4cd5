package org.lnteller.ports.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInStatus;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutState;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.Pricing;
import org.lnteller.ports.tx.TxError;

/**
 * Builders of cash-in and cash-out transactions for tests, with plausible defaults.
 *
 * <p>Every instant here has microsecond precision at most, because that is what PostgreSQL (and
 * the JDBC store on H2) keeps; a store is allowed to drop finer parts.
 */
public final class TransactionFixtures {
    /** A fixed "now" for tests, at microsecond precision. */
    public static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");

    public static final AppId APP = AppId.of("atm-1");
    public static final String BOLT11 = "lnbc330u1pjexampleinvoiceqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4js";

    private TransactionFixtures() {}

    /**
     * A transaction id shaped like the UUIDs Lamassu machines send. Ids of one shape sort the same
     * in every database collation, so tests that rely on the id tie-break use these.
     */
    public static TxId txId(int n) {
        return TxId.of(String.format("00000000-0000-4000-8000-%012d", n));
    }

    /** A distinct payment hash per seed. */
    public static PaymentHash paymentHash(String seed) {
        return PaymentHash.of(sha256("hash:" + seed));
    }

    /** A distinct preimage per seed. */
    public static Preimage preimage(String seed) {
        return Preimage.of(sha256("preimage:" + seed));
    }

    /** {@link #T0} plus some seconds. */
    public static Instant at(long secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0);
    }

    public static FiatAmount usd(long cents) {
        return FiatAmount.ofMinor("USD", cents);
    }

    public static Action action(String kind) {
        return new Action(T0, Actor.MACHINE, kind, "");
    }

    /** Pricing with every part present and decimals whose scale must survive a round trip. */
    public static Pricing fullPricing() {
        return new Pricing(
                Optional.of(new BigDecimal("61234.50")),
                Optional.of(new BigDecimal("7.250")),
                Optional.of(usd(100)),
                Optional.of(FiatAmount.ofMinor("USD", 500)));
    }

    public static CashInBuilder cashIn(TxId id) {
        return new CashInBuilder(id);
    }

    public static CashOutBuilder cashOut(TxId id) {
        return new CashOutBuilder(id);
    }

    /** A paid cash-in with every optional part present and several bills. */
    public static CashInTransaction cashInWithEverything(TxId id) {
        return cashIn(id)
                .txVersion(7)
                .fiat(usd(6000))
                .cryptoAtoms(Satoshi.of(97_999))
                .pricing(fullPricing())
                .toAddress(
                        "lnurl1dp68gurn8ghj7um9wfmxjcm99e3k7mf0v9cxj0m385ekvcenxc6r2c35xvukxefcv5mkvv34x5ekzd3ev56nyd3hxqurzepexejxxepnxscrvwfnv9nxzcn9xq6xyefhvgcxxcmyxymnserxfq5fns")
                .bills(List.of(new Bill(usd(2000)), new Bill(usd(2000)), new Bill(usd(1000)), new Bill(usd(1000))))
                .payment(new CashInPayment.Paid(
                        paymentHash(id.value()), Optional.of(preimage(id.value())), Satoshi.of(3)))
                .createdAt(at(1))
                .updatedAt(at(95))
                .lastPost("0123456789abcdef0123456789abcdef")
                .build();
    }

    /** A cash-out with every optional part present, dispense lines with and without counts. */
    public static CashOutTransaction cashOutWithEverything(TxId id) {
        return cashOut(id)
                .txVersion(4)
                .fiat(usd(12000))
                .cryptoAtoms(Satoshi.of(190_000))
                .pricing(fullPricing())
                .invoice(new CashOutTransaction.Invoice(BOLT11, paymentHash(id.value()), at(900)))
                .state(new CashOutState.Dispensed(List.of(
                        new DispenseLine(1, usd(2000), 5, OptionalInt.of(4), OptionalInt.of(1)),
                        new DispenseLine(2, usd(1000), 2, OptionalInt.of(2), OptionalInt.of(0)),
                        new DispenseLine(4, usd(500), 0, OptionalInt.empty(), OptionalInt.empty()))))
                .priceFlagged(true)
                .error(new TxError("partial-dispense", "one note rejected"))
                .createdAt(at(2))
                .updatedAt(at(130))
                .lastPost("fedcba9876543210fedcba9876543210")
                .build();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Builds a {@link CashInTransaction}; defaults: a fresh cash-in of 20 USD with no bills, collecting. */
    public static final class CashInBuilder {
        private TxId id;
        private AppId appId = APP;
        private long txVersion = 1;
        private FiatAmount fiat = usd(2000);
        private Satoshi cryptoAtoms = Satoshi.of(32_000);
        private Pricing pricing = Pricing.NONE;
        private String toAddress = "customer@wallet.example";
        private List<Bill> bills = List.of();
        private CashInPayment payment = new CashInPayment.Collecting();
        private Instant createdAt = T0;
        private Instant updatedAt = T0;
        private String lastPost = "";

        private CashInBuilder(TxId id) {
            this.id = id;
        }

        /** A builder that starts from an existing state, to change a few fields. */
        public static CashInBuilder from(CashInTransaction t) {
            CashInBuilder b = new CashInBuilder(t.id());
            b.appId = t.appId();
            b.txVersion = t.txVersion();
            b.fiat = t.fiat();
            b.cryptoAtoms = t.cryptoAtoms();
            b.pricing = t.pricing();
            b.toAddress = t.toAddress();
            b.bills = t.bills();
            b.payment = t.payment();
            b.createdAt = t.createdAt();
            b.updatedAt = t.updatedAt();
            b.lastPost = t.lastPost();
            return b;
        }

        public CashInBuilder id(TxId v) {
            id = v;
            return this;
        }

        public CashInBuilder appId(AppId v) {
            appId = v;
            return this;
        }

        public CashInBuilder txVersion(long v) {
            txVersion = v;
            return this;
        }

        public CashInBuilder fiat(FiatAmount v) {
            fiat = v;
            return this;
        }

        public CashInBuilder cryptoAtoms(Satoshi v) {
            cryptoAtoms = v;
            return this;
        }

        public CashInBuilder pricing(Pricing v) {
            pricing = v;
            return this;
        }

        public CashInBuilder toAddress(String v) {
            toAddress = v;
            return this;
        }

        public CashInBuilder bills(List<Bill> v) {
            bills = List.copyOf(v);
            return this;
        }

        public CashInBuilder addBill(FiatAmount denomination) {
            List<Bill> more = new ArrayList<>(bills);
            more.add(new Bill(denomination));
            bills = List.copyOf(more);
            return this;
        }

        public CashInBuilder payment(CashInPayment v) {
            payment = v;
            return this;
        }

        /** A payment of the invoice with this hash, in flight. */
        public CashInBuilder paymentHash(PaymentHash v) {
            payment = new CashInPayment.InFlight(v);
            return this;
        }

        /**
         * A plausible payment in this status: collecting, in flight, paid (fee 0, with a preimage),
         * failed, refunded (after a failure) or cancelled (before a send); hashes are derived from the id.
         */
        public CashInBuilder status(CashInStatus v) {
            PaymentHash hash = TransactionFixtures.paymentHash(id.value());
            TxError error = new TxError("noRoute", "no route to the destination");
            payment = switch (v) {
                case PENDING -> new CashInPayment.Collecting();
                case AUTHORIZED -> new CashInPayment.InFlight(hash);
                case CONFIRMED -> new CashInPayment.Paid(hash, Optional.of(preimage(id.value())), Satoshi.ZERO);
                case FAILED -> new CashInPayment.Failed(Optional.of(hash), error);
                case REFUNDED -> new CashInPayment.Refunded(Optional.of(hash), error);
                case CANCELLED -> new CashInPayment.Cancelled(false);
            };
            return this;
        }

        public CashInBuilder createdAt(Instant v) {
            createdAt = v;
            return this;
        }

        public CashInBuilder updatedAt(Instant v) {
            updatedAt = v;
            return this;
        }
        /** Sets both created and updated time. */
        public CashInBuilder at(Instant v) {
            createdAt = v;
            updatedAt = v;
            return this;
        }

        public CashInBuilder lastPost(String v) {
            lastPost = v;
            return this;
        }

        public CashInTransaction build() {
            return new CashInTransaction(
                    id,
                    appId,
                    txVersion,
                    fiat,
                    cryptoAtoms,
                    pricing,
                    toAddress,
                    bills,
                    payment,
                    createdAt,
                    updatedAt,
                    lastPost);
        }
    }

    /**
     * Builds a {@link CashOutTransaction}; defaults: a fresh cash-out of 50 USD whose invoice (hash
     * derived from the id, so distinct per id) is not paid yet.
     */
    public static final class CashOutBuilder {
        private TxId id;
        private AppId appId = APP;
        private long txVersion = 1;
        private FiatAmount fiat = usd(5000);
        private Satoshi cryptoAtoms = Satoshi.of(80_000);
        private Pricing pricing = Pricing.NONE;
        private CashOutTransaction.Invoice invoice;
        private CashOutState state = new CashOutState.AwaitingPayment();
        private boolean priceFlagged;
        private Optional<TxError> error = Optional.empty();
        private Instant createdAt = T0;
        private Instant updatedAt = T0;
        private String lastPost = "";

        private CashOutBuilder(TxId id) {
            this.id = id;
            this.invoice = new CashOutTransaction.Invoice(
                    BOLT11, TransactionFixtures.paymentHash(id.value()), T0.plus(Duration.ofMinutes(15)));
        }

        /** A builder that starts from an existing state, to change a few fields. */
        public static CashOutBuilder from(CashOutTransaction t) {
            CashOutBuilder b = new CashOutBuilder(t.id());
            b.appId = t.appId();
            b.txVersion = t.txVersion();
            b.fiat = t.fiat();
            b.cryptoAtoms = t.cryptoAtoms();
            b.pricing = t.pricing();
            b.invoice = t.invoice();
            b.state = t.state();
            b.priceFlagged = t.priceFlagged();
            b.error = t.error();
            b.createdAt = t.createdAt();
            b.updatedAt = t.updatedAt();
            b.lastPost = t.lastPost();
            return b;
        }

        public CashOutBuilder appId(AppId v) {
            appId = v;
            return this;
        }

        public CashOutBuilder txVersion(long v) {
            txVersion = v;
            return this;
        }

        public CashOutBuilder fiat(FiatAmount v) {
            fiat = v;
            return this;
        }

        public CashOutBuilder cryptoAtoms(Satoshi v) {
            cryptoAtoms = v;
            return this;
        }

        public CashOutBuilder pricing(Pricing v) {
            pricing = v;
            return this;
        }

        public CashOutBuilder state(CashOutState v) {
            state = v;
            return this;
        }

        /** Awaiting payment, paid (nothing dispensed) or expired. */
        public CashOutBuilder status(CashOutStatus v) {
            state = switch (v) {
                case NOT_SEEN -> new CashOutState.AwaitingPayment();
                case CONFIRMED -> new CashOutState.Paid();
                case EXPIRED -> new CashOutState.Expired();
            };
            return this;
        }

        public CashOutBuilder invoice(CashOutTransaction.Invoice v) {
            invoice = v;
            return this;
        }

        /** Replaces only the invoice's payment hash. */
        public CashOutBuilder paymentHash(PaymentHash v) {
            invoice = new CashOutTransaction.Invoice(invoice.bolt11(), v, invoice.expiresAt());
            return this;
        }

        public CashOutBuilder priceFlagged(boolean v) {
            priceFlagged = v;
            return this;
        }

        public CashOutBuilder error(TxError v) {
            error = Optional.of(v);
            return this;
        }

        public CashOutBuilder noError() {
            error = Optional.empty();
            return this;
        }

        public CashOutBuilder createdAt(Instant v) {
            createdAt = v;
            return this;
        }

        public CashOutBuilder updatedAt(Instant v) {
            updatedAt = v;
            return this;
        }
        /** Sets both created and updated time. */
        public CashOutBuilder at(Instant v) {
            createdAt = v;
            updatedAt = v;
            return this;
        }

        public CashOutBuilder lastPost(String v) {
            lastPost = v;
            return this;
        }

        public CashOutTransaction build() {
            return new CashOutTransaction(
                    id,
                    appId,
                    txVersion,
                    fiat,
                    cryptoAtoms,
                    pricing,
                    invoice,
                    state,
                    priceFlagged,
                    error,
                    createdAt,
                    updatedAt,
                    lastPost);
        }
    }
}
