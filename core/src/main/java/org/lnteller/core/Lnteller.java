package org.lnteller.core;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.lnteller.codec.Network;
import org.lnteller.core.apps.AppService;
import org.lnteller.core.cashin.CashInService;
import org.lnteller.core.cashin.CashInSettings;
import org.lnteller.core.cashin.SendReconciler;
import org.lnteller.core.machine.MachineService;
import org.lnteller.core.monitor.InvoiceMonitor;
import org.lnteller.core.operator.OperatorService;
import org.lnteller.core.pricing.PricePolicy;
import org.lnteller.core.pricing.PriceService;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lnurl.LnurlService;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.rates.ExchangeRates;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.DestinationProbe;
import org.lnteller.ports.usecase.MachineTransactions;
import org.lnteller.ports.usecase.Operator;
import org.lnteller.ports.usecase.Quotes;

/**
 * The core, built in one call: given the driven ports (stores, Lightning backend, exchange rates,
 * LNURL service) and the clock and randomness, it builds the use cases and hands out the driving
 * ports. The single entry point for an embedder, in the style of {@code Jdbi.create}:
 *
 * <pre>{@code
 * Lnteller lnteller = Lnteller.builder()
 *         .transactions(txs).apps(apps).lightning(lightning).exchangeRates(rates).lnurl(lnurl)
 *         .network(Network.MAINNET).clock(Clock.systemUTC()).random(new SecureRandom())
 *         .build();
 * lnteller.machineTransactions().post(app, post);
 * }</pre>
 *
 * <p>The background jobs ({@link #invoiceMonitor()}, {@link #sendReconciler()}) are not scheduled
 * here: the embedder runs their {@code runOnce()} on its own scheduler (the bundled server runs
 * them every {@code MONITOR_INTERVAL_MS}, on one instance at a time). {@link #close()} stops the
 * payment threads this object started, if it started them; it closes none of the ports.
 * Thread-safe once built.
 */
public final class Lnteller implements AutoCloseable {
    /** How long {@link #close()} waits for payments in flight to record their outcome. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final MachineService machines;
    private final AppService apps;
    private final OperatorService operator;
    private final PriceService prices;
    private final CashInService cashIns;
    private final InvoiceMonitor invoiceMonitor;
    private final SendReconciler sendReconciler;
    private final Optional<ExecutorService> ownPayments;

    private Lnteller(Builder b) {
        List<String> missing = new ArrayList<>();
        if (b.transactions == null) missing.add("transactions(TransactionStore)");
        if (b.apps == null) missing.add("apps(AppStore)");
        if (b.lightning == null) missing.add("lightning(LightningBackend)");
        if (b.exchangeRates == null) missing.add("exchangeRates(ExchangeRates)");
        if (b.lnurl == null) missing.add("lnurl(LnurlService)");
        if (b.clock == null) missing.add("clock(Clock)");
        if (b.random == null) missing.add("random(SecureRandom)");
        if (b.network == null && b.cashIn == null) missing.add("network(Network) or cashIn(CashInSettings)");
        if (!missing.isEmpty())
            throw new IllegalStateException("Lnteller.builder() needs " + String.join(", ", missing));
        // none of these is null past the check above
        TransactionStore transactions = Objects.requireNonNull(b.transactions);
        AppStore appStore = Objects.requireNonNull(b.apps);
        LightningBackend lightning = Objects.requireNonNull(b.lightning);
        Clock clock = Objects.requireNonNull(b.clock);

        PricePolicy policy = b.prices != null ? b.prices : defaultPrices("USD");
        CashInSettings cashInSettings =
                b.cashIn != null ? b.cashIn : CashInSettings.defaults(Objects.requireNonNull(b.network));
        if (b.network != null && cashInSettings.network() != b.network) {
            throw new IllegalStateException("network(" + b.network + ") and cashIn(...) name different networks");
        }
        MachineService.Settings machineSettings = b.machine != null
                ? b.machine
                : new MachineService.Settings(DEFAULT_INVOICE_EXPIRY, policy.cashOutPriceCheck());

        ExecutorService payments;
        if (b.payments != null) {
            payments = b.payments;
            ownPayments = Optional.empty();
        } else {
            payments = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "lnteller-cash-in-payment");
                thread.setDaemon(true);
                return thread;
            });
            ownPayments = Optional.of(payments);
        }
        prices = new PriceService(Objects.requireNonNull(b.exchangeRates), policy, clock);
        cashIns = new CashInService(
                transactions, lightning, Objects.requireNonNull(b.lnurl), prices, cashInSettings, clock, payments);
        machines = new MachineService(transactions, appStore, lightning, prices, cashIns, machineSettings, clock);
        apps = new AppService(appStore, Objects.requireNonNull(b.random), clock, b.appValidity, false);
        operator = new OperatorService(transactions, lightning, clock);
        invoiceMonitor = new InvoiceMonitor(transactions, lightning, clock, b.batchSize);
        sendReconciler = new SendReconciler(transactions, lightning, cashInSettings, clock, b.batchSize);
    }

    /** How long a cash-out's invoice is payable unless {@link Builder#machine} says otherwise (as {@code INVOICE_EXPIRY_MINUTES}). */
    public static final Duration DEFAULT_INVOICE_EXPIRY = Duration.ofMinutes(30);
    /** How many transactions a background pass looks at, at most (as {@code MONITOR_BATCH}). */
    public static final int DEFAULT_BATCH_SIZE = 200;

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The bundled server's default prices in the given currencies (the first is the main one): 5 %
     * commission each way, no minimum, at most 2,000,000 sat a transaction, a cash-out quoted
     * below the server's price flagged, not refused.
     */
    public static PricePolicy defaultPrices(String... currencyCodes) {
        if (currencyCodes.length == 0) throw new IllegalArgumentException("at least one fiat currency");
        List<Currency> currencies = new ArrayList<>();
        for (String code : currencyCodes) currencies.add(Currency.getInstance(code));
        return new PricePolicy(
                currencies,
                new BigDecimal("5"),
                new BigDecimal("5"),
                FiatAmount.ofMajor(currencies.get(0).getCurrencyCode(), "0"),
                Satoshi.of(2_000_000),
                PricePolicy.CashOutPriceCheck.WARN);
    }

    /** Machines' posts and reads of their transactions (the machine API). */
    public MachineTransactions machineTransactions() {
        return machines;
    }

    /** The operator's apps (ATMs): add, list, disable, rotate tokens, authenticate a machine's token. */
    public Apps apps() {
        return apps;
    }

    /** The operator's listings, balance and resolution of stuck cash-ins. */
    public Operator operator() {
        return operator;
    }

    /** Prices for the configured fiat currencies. */
    public Quotes quotes() {
        return prices;
    }

    /** Checks a scanned destination before any bill goes in. */
    public DestinationProbe destinationProbe() {
        return cashIns;
    }

    /** Settles cash-outs whose invoices were paid or expired; run {@code runOnce()} on a schedule. */
    public InvoiceMonitor invoiceMonitor() {
        return invoiceMonitor;
    }

    /** Finds the outcome of cash-in payments left in flight; run {@code runOnce()} on a schedule. */
    public SendReconciler sendReconciler() {
        return sendReconciler;
    }

    /**
     * Stops the payment threads this object started (none when {@link Builder#payments} gave an
     * executor): no new payment starts, and those in flight get {@link #CLOSE_WAIT} to record their
     * outcome. Closes no port. Idempotent.
     */
    @Override
    public void close() {
        ownPayments.ifPresent(payments -> {
            payments.shutdown();
            try {
                if (!payments.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) payments.shutdownNow();
            } catch (InterruptedException e) {
                payments.shutdownNow();
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * What {@link Lnteller} is built from. The ports, the clock, the randomness and the network are
     * required ({@link #build()} names each one missing); every setting has the bundled server's
     * default. Not thread-safe; build once.
     */
    public static final class Builder {
        // null until set: the constructor of Lnteller names every required one still missing
        private @Nullable TransactionStore transactions;
        private @Nullable AppStore apps;
        private @Nullable LightningBackend lightning;
        private @Nullable ExchangeRates exchangeRates;
        private @Nullable LnurlService lnurl;
        private @Nullable Clock clock;
        private @Nullable SecureRandom random;
        private @Nullable Network network;
        private @Nullable PricePolicy prices;
        private @Nullable CashInSettings cashIn;
        private MachineService.@Nullable Settings machine;
        private Optional<Duration> appValidity = Optional.empty();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private @Nullable ExecutorService payments;

        private Builder() {}

        /** Required: where transactions are kept (e.g. {@code JdbcStores.open(url).transactions()}). */
        public Builder transactions(TransactionStore transactions) {
            this.transactions = Objects.requireNonNull(transactions, "transactions");
            return this;
        }

        /** Required: where apps (ATMs) and their cassettes are kept. */
        public Builder apps(AppStore apps) {
            this.apps = Objects.requireNonNull(apps, "apps");
            return this;
        }

        /** Required: the operator's Lightning wallet, which pays cash-ins and issues cash-out invoices. */
        public Builder lightning(LightningBackend lightning) {
            this.lightning = Objects.requireNonNull(lightning, "lightning");
            return this;
        }

        /** Required: where BTC prices in fiat come from. */
        public Builder exchangeRates(ExchangeRates exchangeRates) {
            this.exchangeRates = Objects.requireNonNull(exchangeRates, "exchangeRates");
            return this;
        }

        /** Required: resolves LNURL-pay and Lightning addresses a customer scans (e.g. adapter-lnurl's {@code HttpLnurlService}). */
        public Builder lnurl(LnurlService lnurl) {
            this.lnurl = Objects.requireNonNull(lnurl, "lnurl");
            return this;
        }

        /** Required: the only source of "now" in the core. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Required: the only source of randomness in the core (app tokens). */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Required unless {@link #cashIn} is given: the chain whose invoices are paid; the cash-in settings' defaults for it. */
        public Builder network(Network network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** Currencies, commissions, limits. Default: {@link Lnteller#defaultPrices defaultPrices("USD")}. */
        public Builder prices(PricePolicy prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /** Cash-in margins and waits. Default: {@link CashInSettings#defaults} for {@link #network}. */
        public Builder cashIn(CashInSettings cashIn) {
            this.cashIn = Objects.requireNonNull(cashIn, "cashIn");
            return this;
        }

        /** Invoice expiry and cash-out price check. Default: {@link #DEFAULT_INVOICE_EXPIRY}, the prices' check. */
        public Builder machine(MachineService.Settings machine) {
            this.machine = Objects.requireNonNull(machine, "machine");
            return this;
        }

        /** How long a new app's token is valid. Default: empty, never expires. */
        public Builder appValidity(Optional<Duration> appValidity) {
            this.appValidity = Objects.requireNonNull(appValidity, "appValidity");
            return this;
        }

        /** Transactions per background pass, at least 1. Default {@link #DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) throw new IllegalArgumentException("the batch size is at least 1");
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Runs cash-in payments (and probes), so an answer to a machine can stop waiting while the
         * payment goes on; the caller shuts it down. Default: daemon threads of {@link Lnteller}'s
         * own, stopped by {@link Lnteller#close()}.
         */
        public Builder payments(ExecutorService payments) {
            this.payments = Objects.requireNonNull(payments, "payments");
            return this;
        }

        /** @throws IllegalStateException naming every required port or setting not given */
        public Lnteller build() {
            return new Lnteller(this);
        }
    }
}
