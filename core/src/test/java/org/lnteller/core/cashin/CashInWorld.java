package org.lnteller.core.cashin;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.core.machine.MachineService;
import org.lnteller.core.pricing.PricePolicy;
import org.lnteller.core.pricing.PriceService;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.FeeProbe;
import org.lnteller.ports.lightning.InMemoryLightningBackend;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.lnurl.LnurlException;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.lnurl.PayRequest;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.rates.FixedExchangeRates;
import org.lnteller.ports.store.InMemoryAppStore;
import org.lnteller.ports.store.InMemoryTransactionStore;
import org.lnteller.ports.tx.Bill;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.MachineRequest;
import org.lnteller.ports.tx.Pricing;

/**
 * A server's cash-in side on fakes: the store, a Lightning wallet that counts every pay call by
 * payment hash, and customers whose wallets write real BOLT11 invoices.
 */
final class CashInWorld implements AutoCloseable {
    static final AppId ATM = AppId.of("atm-1");
    /** $1 buys 2,000 sats here: 50,000 USD/BTC with no commission. */
    static final long SATS_PER_DOLLAR = 2_000;

    final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T12:00:00Z"));
    final InMemoryLightningBackend wallet = new InMemoryLightningBackend(clock, new Random(11));
    final CountingBackend lightning = new CountingBackend(wallet);
    final InMemoryTransactionStore transactions = new InMemoryTransactionStore();
    final InMemoryAppStore apps = new InMemoryAppStore();
    final ExecutorService payments = Executors.newCachedThreadPool();
    final CashInSettings settings;
    final CashInService cashIns;
    final MachineService machines;
    final SendReconciler reconciler;
    private final Random random = new Random(5);
    private final byte[] customerKey =
            HexFormat.of().parseHex("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734");

    CashInWorld() {
        this(CashInSettings.defaults(Network.REGTEST), NO_LNURL);
    }

    CashInWorld(CashInSettings settings, LnurlService lnurl) {
        this(settings, lnurl, Satoshi.of(2_000_000));
    }

    CashInWorld(CashInSettings settings, LnurlService lnurl, Satoshi maxPerTx) {
        this.settings = settings;
        wallet.fund(Satoshi.of(10_000_000));
        PricePolicy policy = new PricePolicy(
                List.of(Currency.getInstance("USD")),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                FiatAmount.ofMajor("USD", "0"),
                maxPerTx,
                PricePolicy.CashOutPriceCheck.WARN);
        PriceService prices = new PriceService(FixedExchangeRates.of(clock, "USD", "50000"), policy, clock);
        cashIns = new CashInService(transactions, lightning, lnurl, prices, settings, clock, payments);
        machines = new MachineService(
                transactions,
                apps,
                lightning,
                prices,
                cashIns,
                // a re-sent send waits briefly for its payment: these tests settle payments by hand
                new MachineService.Settings(
                        Duration.ofMinutes(30),
                        PricePolicy.CashOutPriceCheck.WARN,
                        MachineService.Settings.DEFAULT_CASH_OUT_PRICE_TOLERANCE_PERCENT,
                        MachineService.Settings.DEFAULT_SEND_ANSWER_BOUND,
                        Duration.ofMillis(200)),
                clock);
        reconciler = new SendReconciler(transactions, lightning, settings, clock, 100);
    }

    static final LnurlService NO_LNURL = new LnurlService() {
        @Override
        public PayRequest payRequest(java.net.URI url) {
            throw new LnurlException(LnurlException.Kind.UNREACHABLE, "no LNURL here");
        }

        @Override
        public String requestInvoice(PayRequest request, MilliSatoshi amount) {
            throw new LnurlException(LnurlException.Kind.UNREACHABLE, "no LNURL here");
        }
    };

    /** A customer's invoice: real BOLT11 on {@code network}, payable by the wallet when on regtest. */
    CustomerInvoice invoice(Optional<Satoshi> amount, Network network, Duration expiry) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Preimage preimage = Preimage.of(secret);
        byte[] paymentSecret = new byte[32];
        random.nextBytes(paymentSecret);
        InvoiceDraft draft = InvoiceDraft.builder(
                        network, ByteVector.of(preimage.paymentHash().bytes()), clock.instant())
                .amountMsat(amount.map(a -> OptionalLong.of(a.toMilliSatoshi().msat()))
                        .orElse(OptionalLong.empty()))
                .description("customer")
                .expiry(expiry)
                .paymentSecret(ByteVector.of(paymentSecret))
                .feature(8)
                .feature(14)
                .build();
        String text = Bolt11.encode(draft, customerKey);
        wallet.acceptExternal(text, preimage);
        return new CustomerInvoice(text, preimage.paymentHash());
    }

    CustomerInvoice invoice(long sats) {
        return invoice(Optional.of(Satoshi.of(sats)), Network.REGTEST, Duration.ofHours(1));
    }

    record CustomerInvoice(String text, PaymentHash hash) {}

    /** A machine's post: {@code dollars} in $-bills stacked so far, priced at the world's rate. */
    static MachinePost post(String id, long version, String toAddress, List<Integer> dollars, boolean send) {
        List<Bill> bills = new ArrayList<>();
        long total = 0;
        for (int d : dollars) {
            bills.add(new Bill(FiatAmount.ofMajor("USD", Integer.toString(d))));
            total += d;
        }
        return new MachinePost(
                TxId.of(id),
                Direction.CASH_IN,
                version,
                FiatAmount.ofMajor("USD", Long.toString(total)),
                Satoshi.of(total * SATS_PER_DOLLAR),
                Optional.of(toAddress),
                bills,
                send ? new MachineRequest.Send() : new MachineRequest.Nothing(),
                Pricing.NONE);
    }

    @Override
    public void close() {
        payments.shutdownNow();
    }

    /** Counts pay calls per payment hash: a second call for one hash is the bug these tests hunt. */
    static final class CountingBackend implements LightningBackend {
        final LightningBackend delegate;
        final Map<PaymentHash, AtomicInteger> pays = new ConcurrentHashMap<>();
        volatile Consumer<PaymentRequest> beforePay = request -> {};

        CountingBackend(LightningBackend delegate) {
            this.delegate = delegate;
        }

        int paysOf(PaymentHash hash) {
            return pays.getOrDefault(hash, new AtomicInteger()).get();
        }

        @Override
        public PaymentOutcome pay(PaymentRequest request) {
            pays.computeIfAbsent(request.paymentHash(), h -> new AtomicInteger())
                    .incrementAndGet();
            beforePay.accept(request);
            return delegate.pay(request);
        }

        @Override
        public CreatedInvoice createInvoice(Satoshi amount, Duration expiry, String description) {
            return delegate.createInvoice(amount, expiry, description);
        }

        @Override
        public InvoiceStatus invoiceStatus(PaymentHash paymentHash) {
            return delegate.invoiceStatus(paymentHash);
        }

        @Override
        public OutgoingStatus paymentStatus(PaymentHash paymentHash) {
            return delegate.paymentStatus(paymentHash);
        }

        @Override
        public FeeProbe probeFee(String bolt11, Optional<MilliSatoshi> amount) {
            return delegate.probeFee(bolt11, amount);
        }

        @Override
        public Balance balance() {
            return delegate.balance();
        }

        @Override
        public Optional<AutoCloseable> subscribeInvoiceUpdates(Consumer<InvoiceUpdate> listener) {
            return delegate.subscribeInvoiceUpdates(listener);
        }
    }
}
