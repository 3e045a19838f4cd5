package org.lnteller.adapter.simulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lnteller.adapter.simulated.Ledger.Change;
import org.lnteller.adapter.simulated.Ledger.IssuedInvoice;
import org.lnteller.adapter.simulated.Ledger.OutgoingPayment;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.Bolt11Invoice;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvalidInvoice;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.codec.bolt11.NodeId;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.FeeProbe;
import org.lnteller.ports.lightning.InvoiceStatus;
import org.lnteller.ports.lightning.InvoiceUpdate;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.OutgoingStatus;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.lightning.PaymentOutcome;
import org.lnteller.ports.lightning.PaymentRequest;
import org.lnteller.ports.lightning.UnableToCreateInvoice;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.usecase.SimulatedPayments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A custodial Lightning wallet without real funds: the server's embedded default backend. It
 * issues real, signed BOLT #11 invoices, keeps a balance, and pays invoices by the rules a real
 * wallet applies (network, expiry, amount, route, fee limit, balance), so that everything around
 * it runs as it would against Blink.
 *
 * <p>State lives in a data folder: the node key in {@value #KEY_FILE} (hex, owner-only, created on
 * first open) and the ledger in a database of its own, the H2 file {@value #LEDGER_FILE}
 * (owner-only; never the server's database, as a real wallet's books are not the server's), one
 * transaction per change. A restart keeps every invoice, payment and the balance. {@link #close()}
 * closes the database.
 *
 * <p>Money moves at once: an invoice is paid by {@link #payInvoice} (the operator standing in for
 * the customer's wallet), and an outgoing payment settles or fails within {@link #pay}, never
 * {@link PaymentOutcome.Pending} or {@link PaymentOutcome.Unknown}. An invoice this wallet issued
 * itself is settled internally; any other invoice is taken as paid to a node outside the
 * simulation, whose preimage this wallet cannot know.
 *
 * <p>Routing: amounts above the "largest routable" amount find no route; below it every node is
 * reachable at a fee of 1 sat + 0.1 % (rounded up to the millisatoshi).
 *
 * <p>Threading: safe for concurrent use. Changes are serialised by one lock, committed to the
 * database and then applied in place; reads take no lock and see only changes already on disk. Invoice updates are pushed on the thread that paid the invoice,
 * after the lock is released. {@link #toString()} and the logs show the node id, never the key.
 */
public final class SimulatedLightning implements LightningBackend, SimulatedPayments, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedLightning.class);

    /** The node key's file in the data folder. */
    public static final String KEY_FILE = "simulated-node.key";
    /** The ledger's file in the data folder: the wallet's own H2 database. */
    public static final String LEDGER_FILE = LedgerDatabase.FILE_NAME + ".mv.db";
    /** The ledger's files before it was kept in a database (a journal and its snapshot); no longer read. */
    private static final List<String> FORMER_LEDGER_FILES =
            List.of("simulated-ledger.journal", "simulated-ledger.json");
    /**
     * Invoices issued by {@link #issueOffline} (the {@code lnteller invoice} command, a process of
     * its own) wait here, one owner-only file each, until the wallet that owns the data folder
     * takes them into its ledger: at open, and whenever it is asked about a hash it does not know.
     * The running server stays the only writer of the ledger.
     */
    public static final String INBOX_DIR = "simulated-inbox";

    private static final String INBOX_SUFFIX = ".invoice";

    /** BOLT #9 var_onion_optin and payment_secret, as compulsory bits: what today's payers require. */
    private static final int FEATURE_VAR_ONION = 8;

    private static final int FEATURE_PAYMENT_SECRET = 14;

    private final Path dataDir;
    private final Network network;
    private final Clock clock;
    private final SecureRandom random;
    private final MilliSatoshi largestRoutable;
    private final byte[] nodeKey;
    private final NodeId nodeId;
    private final LedgerDatabase database;

    /** Serialises changes: check, commit to the database, apply. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Changed in place under {@link #lock}, each change only once the database has committed it. */
    private final Ledger ledger;

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    private SimulatedLightning(
            Path dataDir,
            Network network,
            Clock clock,
            SecureRandom random,
            MilliSatoshi largestRoutable,
            byte[] nodeKey,
            LedgerDatabase database,
            Ledger ledger) {
        this.dataDir = dataDir;
        this.network = network;
        this.clock = clock;
        this.random = random;
        this.largestRoutable = largestRoutable;
        this.nodeKey = nodeKey;
        this.nodeId = Bolt11.nodeIdOf(nodeKey);
        this.database = database;
        this.ledger = ledger;
    }

    /**
     * Opens the wallet kept in {@code dataDir}, creating the folder, the node key and the ledger
     * when they do not exist yet.
     *
     * @param dataDir         where the key and the ledger live
     * @param network         the chain its invoices are for, and the only one it pays
     * @param clock           what invoices are timestamped and expired by
     * @param random          draws the node key, preimages and payment secrets
     * @param startingBalance the balance of a new ledger; ignored when a ledger exists
     * @param largestRoutable the largest amount a payment or probe finds a route for
     * @throws UncheckedIOException  when the folder or its files cannot be read or written
     * @throws IllegalStateException when the folder holds a damaged key or ledger, or a ledger
     *                               of another network
     */
    public static SimulatedLightning open(
            Path dataDir,
            Network network,
            Clock clock,
            SecureRandom random,
            Satoshi startingBalance,
            Satoshi largestRoutable) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(startingBalance, "startingBalance");
        Objects.requireNonNull(largestRoutable, "largestRoutable");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the simulated wallet's data folder " + dataDir, e);
        }
        byte[] key = NodeKey.loadOrCreate(dataDir.resolve(KEY_FILE), random);
        for (String former : FORMER_LEDGER_FILES) {
            if (Files.exists(dataDir.resolve(former))) {
                log.warn(
                        "{} is the simulated wallet's ledger of an earlier version and is no longer read: the wallet "
                                + "keeps its ledger in {} now (a simulated balance; nothing real was lost)",
                        dataDir.resolve(former),
                        LEDGER_FILE);
            }
        }
        LedgerDatabase.Opened opened = LedgerDatabase.open(dataDir, network, startingBalance.toMilliSatoshi());
        Ledger ledger = opened.ledger();
        SimulatedLightning wallet = new SimulatedLightning(
                dataDir, network, clock, random, largestRoutable.toMilliSatoshi(), key, opened.database(), ledger);
        wallet.importInbox();
        log.info(
                "Simulated Lightning node {} on {}: balance {}, {} invoices, {} payments (data in {})",
                wallet.nodeId,
                name(network),
                ledger.balance(),
                ledger.invoiceCount(),
                ledger.paymentCount(),
                dataDir);
        return wallet;
    }

    /** The node's public key: the payee of every invoice it issues. */
    public NodeId nodeId() {
        return nodeId;
    }

    public Network network() {
        return network;
    }

    // ---------------------------------------------------------------- incoming

    /**
     * Issues and records a signed invoice for {@code amount}, timestamped by the clock in whole
     * seconds, payable for {@code expiry} (whole seconds; a fraction is dropped).
     *
     * @throws UnableToCreateInvoice INVALID_INPUT for a zero amount, an expiry under one second or
     *                               a description too long for an invoice; UNAVAILABLE when the
     *                               ledger could not be saved (no invoice exists then)
     */
    @Override
    public CreatedInvoice createInvoice(Satoshi amount, Duration expiry, String description) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(description, "description");
        if (amount.isZero()) {
            throw new UnableToCreateInvoice(Kind.INVALID_INPUT, "an invoice amount must be positive, not 0 sat");
        }
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UnableToCreateInvoice(
                    Kind.INVALID_INPUT, "an invoice must stay payable for at least one second, not " + expiry);
        }
        Preimage preimage = Preimage.of(randomBytes(32));
        PaymentHash hash = preimage.paymentHash();
        String bolt11;
        MilliSatoshi msat;
        try {
            msat = amount.toMilliSatoshi();
            InvoiceDraft draft = InvoiceDraft.builder(network, ByteVector.of(hash.bytes()), clock.instant())
                    .amountMsat(msat.msat())
                    .paymentSecret(ByteVector.of(randomBytes(32)))
                    .description(description)
                    .expiry(Duration.ofSeconds(expiry.toSeconds()))
                    .feature(FEATURE_VAR_ONION)
                    .feature(FEATURE_PAYMENT_SECRET)
                    // no n field, as LND and most wallets write them: the payee is recovered from the
                    // signature, and some machine-side decoders refuse an invoice that carries n
                    .build();
            bolt11 = Bolt11.encode(draft, nodeKey);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new UnableToCreateInvoice(Kind.INVALID_INPUT, "cannot issue that invoice: " + e.getMessage(), e);
        }
        // read back, so that what the port reports is what a payer will see
        Bolt11Invoice issued = Bolt11.decode(bolt11);
        IssuedInvoice entry = new IssuedInvoice(hash, bolt11, msat, issued.expiresAt(), preimage, Optional.empty());
        lock.lock();
        try {
            commit(new Change.InvoiceIssued(entry));
        } catch (UncheckedIOException e) {
            throw new UnableToCreateInvoice(
                    Kind.UNAVAILABLE, Objects.requireNonNullElse(e.getMessage(), e.toString()), e);
        } finally {
            lock.unlock();
        }
        log.debug("Issued invoice {} for {}", hash, msat);
        return new CreatedInvoice(issued);
    }

    /**
     * Issues an invoice of the wallet kept in {@code dataDir} without opening it: signed with its
     * node key (created as {@link #open} would when there is none yet) and left in
     * {@value #INBOX_DIR} for the wallet to take into its ledger, so that a running server settles
     * it when it is paid (by {@code lnteller pay} or by a cash-in of this server). Safe while the
     * server runs: only the server writes the ledger.
     *
     * @param amount empty for an amount-less invoice (settled by {@code pay} without crediting
     *               anything: no amount was named)
     * @return the invoice text
     * @throws UncheckedIOException when the folder, the key or the invoice file cannot be written
     */
    public static String issueOffline(
            Path dataDir,
            Network network,
            Clock clock,
            SecureRandom random,
            Optional<Satoshi> amount,
            Duration expiry,
            String description) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isPresent() && amount.get().isZero())
            throw new IllegalArgumentException("an invoice amount is positive");
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0)
            throw new IllegalArgumentException("an invoice lasts at least a second");
        Path inbox = dataDir.resolve(INBOX_DIR);
        try {
            Files.createDirectories(inbox);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + inbox, e);
        }
        byte[] key = NodeKey.loadOrCreate(dataDir.resolve(KEY_FILE), random);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Preimage preimage = Preimage.of(secret);
        byte[] paymentSecret = new byte[32];
        random.nextBytes(paymentSecret);
        String bolt11 = Bolt11.encode(
                InvoiceDraft.builder(
                                network, ByteVector.of(preimage.paymentHash().bytes()), clock.instant())
                        .amountMsat(amount.map(
                                        a -> OptionalLong.of(a.toMilliSatoshi().msat()))
                                .orElse(OptionalLong.empty()))
                        .paymentSecret(ByteVector.of(paymentSecret))
                        .description(description)
                        .expiry(Duration.ofSeconds(expiry.toSeconds()))
                        .feature(FEATURE_VAR_ONION)
                        .feature(FEATURE_PAYMENT_SECRET)
                        .build(),
                key);
        Path file = inbox.resolve(preimage.paymentHash().hex() + INBOX_SUFFIX);
        try {
            // the preimage is a secret: owner-only from creation, like the key and the ledger
            OwnerOnlyFiles.writeAtomically(
                    file, (bolt11 + "\n" + preimage.hex() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return bolt11;
    }

    /** Takes every invoice waiting in the inbox into the ledger. */
    private void importInbox() {
        Path inbox = dataDir.resolve(INBOX_DIR);
        if (!Files.isDirectory(inbox)) return;
        try (var files = Files.list(inbox)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(INBOX_SUFFIX))
                    .toList()) importInvoice(file);
        } catch (IOException e) {
            log.warn("Could not read the simulated wallet's inbox {}: {}", inbox, e.getMessage());
        }
    }

    /** The invoice from the ledger, or else from the inbox (taken into the ledger then). */
    private Optional<IssuedInvoice> invoice(PaymentHash hash) {
        Optional<IssuedInvoice> known = ledger.invoice(hash);
        if (known.isPresent()) return known;
        Path file = dataDir.resolve(INBOX_DIR).resolve(hash.hex() + INBOX_SUFFIX);
        if (!Files.exists(file)) return Optional.empty();
        importInvoice(file);
        return ledger.invoice(hash);
    }

    /**
     * Records one inbox file as an issued invoice, then deletes it. A file that is not an unpaid
     * invoice of this node and network, with its preimage, is left where it is and logged.
     */
    private void importInvoice(Path file) {
        lock.lock();
        try {
            if (!Files.exists(file)) return; // taken by another thread meanwhile
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            Bolt11Invoice invoice = Bolt11.decode(lines.get(0).strip());
            Preimage preimage = Preimage.fromHex(lines.get(1).strip());
            PaymentHash hash = PaymentHash.of(invoice.paymentHash().toArray());
            if (!invoice.payee().equals(nodeId)
                    || invoice.network() != network
                    || !preimage.paymentHash().equals(hash)
                    || !file.getFileName().toString().equals(hash.hex() + INBOX_SUFFIX)) {
                log.warn("Ignoring {}: not an invoice of node {} on {} with its preimage", file, nodeId, name(network));
                return;
            }
            if (ledger.invoice(hash).isEmpty()) {
                MilliSatoshi amount = MilliSatoshi.of(invoice.amountMsat().orElse(0));
                commit(new Change.InvoiceIssued(new IssuedInvoice(
                        hash, invoice.original(), amount, invoice.expiresAt(), preimage, Optional.empty())));
                log.info("Took invoice {} issued by 'lnteller invoice' into the ledger", hash);
            }
            Files.delete(file);
        } catch (IOException | RuntimeException e) {
            // a damaged file must not stop the wallet: it stays for the operator to look at
            log.warn("Could not take {} into the simulated wallet's ledger: {}", file, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** PENDING, PAID, EXPIRED (unpaid past its expiry by the clock) or NOT_FOUND. */
    @Override
    public InvoiceStatus invoiceStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        return invoice(paymentHash).map(i -> i.statusAt(clock.instant())).orElse(InvoiceStatus.NOT_FOUND);
    }

    /**
     * Settles an invoice this wallet issued, as the customer's wallet would: credits its amount and
     * pushes PAID to subscribers. Idempotent: a second call answers ALREADY_PAID.
     *
     * @throws UncheckedIOException when the ledger could not be saved; the invoice is then unpaid
     */
    @Override
    public Result payInvoice(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        lock.lock();
        try {
            Optional<IssuedInvoice> found = invoice(paymentHash);
            if (found.isEmpty()) return Result.NOT_FOUND;
            IssuedInvoice invoice = found.get();
            Instant now = clock.instant();
            if (invoice.isPaid()) return Result.ALREADY_PAID;
            if (invoice.isExpiredAt(now)) return Result.EXPIRED;
            commit(new Change.InvoicePaid(paymentHash, now, ledger.balance().plus(invoice.amount())));
        } finally {
            lock.unlock();
        }
        log.info("Simulated payment of invoice {}", paymentHash);
        push(new InvoiceUpdate(paymentHash, InvoiceStatus.PAID));
        return Result.PAID;
    }

    /** Supported: the handle's {@code close()} ends the subscription. */
    @Override
    public Optional<AutoCloseable> subscribeInvoiceUpdates(Consumer<InvoiceUpdate> listener) {
        Subscription subscription = new Subscription(Objects.requireNonNull(listener, "listener"));
        subscriptions.add(subscription);
        return Optional.of(() -> subscriptions.remove(subscription));
    }

    // ---------------------------------------------------------------- outgoing

    /**
     * Pays an invoice at once or refuses it with a {@link PaymentOutcome.Failed} that leaves the
     * balance as it was. A hash this wallet paid before answers {@code alreadyPaid} with the first
     * payment's fee and preimage, and debits nothing. Refusals after the invoice was read (expired,
     * amount, route, fee, balance) are recorded, so {@link #paymentStatus} reports them.
     */
    @Override
    public PaymentOutcome pay(PaymentRequest request) {
        Objects.requireNonNull(request, "request");
        Bolt11Invoice invoice = request.invoice();
        Optional<PaymentOutcome.Failed> wrongNetwork = wrongNetwork(invoice);
        if (wrongNetwork.isPresent()) return wrongNetwork.get();
        PaymentHash hash = request.paymentHash();

        PaymentOutcome outcome;
        Optional<InvoiceUpdate> update = Optional.empty();
        lock.lock();
        try {
            Optional<OutgoingPayment> before = ledger.payment(hash);
            Optional<PaymentOutcome> paidBefore = before.flatMap(payment -> payment.fold(
                    settled -> Optional.of(new PaymentOutcome.Succeeded(settled.preimage(), settled.fee(), true)),
                    refused -> Optional.empty()));
            if (paidBefore.isPresent()) return paidBefore.get();
            Instant now = clock.instant();
            Route route = route(invoice, request.amount(), now);
            Optional<Route.Refused> refusal = route.refusal();
            if (refusal.isPresent())
                return refuse(hash, refusal.get().reason(), refusal.get().message(), now);
            Route.Payable payable = route.payable().orElseThrow();
            MilliSatoshi amount = payable.amount();
            MilliSatoshi fee = payable.fee();
            if (fee.compareTo(request.maxFee()) > 0) {
                return refuse(
                        hash,
                        PaymentFailure.NO_ROUTE,
                        "no route within the fee limit: the fee is " + fee + ", the limit " + request.maxFee(),
                        now);
            }
            // settled internally when this node signed it and knows it; any other invoice leaves the simulation
            Optional<IssuedInvoice> own =
                    invoice(hash).filter(i -> invoice.payee().equals(nodeId));
            if (own.isPresent() && own.get().isPaid()) {
                return refuse(hash, PaymentFailure.REFUSED, "the invoice was already paid", now);
            }
            MilliSatoshi total = amount.plus(fee);
            if (total.compareTo(ledger.balance()) > 0) {
                return refuse(
                        hash,
                        PaymentFailure.INSUFFICIENT_BALANCE,
                        "the balance of " + ledger.balance() + " does not cover " + amount + " plus a fee of " + fee,
                        now);
            }
            MilliSatoshi balanceAfter = ledger.balance().minus(total);
            Optional<Preimage> preimage = Optional.empty();
            if (own.isPresent()) {
                // an amount-less invoice of its own is credited what was paid
                balanceAfter = balanceAfter.plus(
                        own.get().amount().msat() == 0 ? amount : own.get().amount());
                preimage = Optional.of(own.get().preimage());
                update = Optional.of(new InvoiceUpdate(hash, InvoiceStatus.PAID));
            }
            try {
                commit(new Change.PaymentSettled(
                        hash, new OutgoingPayment.Settled(amount, fee, preimage, now), balanceAfter));
            } catch (UncheckedIOException e) {
                // nothing was applied, so nothing moved: a true refusal, and safe to try again
                log.warn("Simulated payment of {} not made: {}", hash, e.getMessage());
                return new PaymentOutcome.Failed(
                        PaymentFailure.REFUSED, "the simulated wallet could not record the payment: " + e.getMessage());
            }
            outcome = new PaymentOutcome.Succeeded(preimage, fee, false);
        } finally {
            lock.unlock();
        }
        log.info("Simulated payment of {} to {} settled", hash, invoice.payee());
        update.ifPresent(this::push);
        return outcome;
    }

    /** Succeeded, Failed or NotFound, as recorded by {@link #pay}; never Pending. */
    @Override
    public OutgoingStatus paymentStatus(PaymentHash paymentHash) {
        Objects.requireNonNull(paymentHash, "paymentHash");
        Optional<OutgoingPayment> payment = ledger.payment(paymentHash);
        if (payment.isEmpty()) return new OutgoingStatus.NotFound();
        return payment.get()
                .fold(
                        settled -> new OutgoingStatus.Succeeded(settled.preimage(), settled.fee()),
                        refused -> new OutgoingStatus.Failed(refused.message()));
    }

    /**
     * Routable with the fee {@link #pay} would charge, or why not: the invoice checks of
     * {@link #pay} and the largest routable amount. The balance is not a routing question and is
     * not consulted.
     */
    @Override
    public FeeProbe probeFee(String bolt11, Optional<MilliSatoshi> amount) {
        Objects.requireNonNull(bolt11, "bolt11");
        Objects.requireNonNull(amount, "amount");
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11.decode(bolt11);
        } catch (InvalidInvoice e) {
            return new FeeProbe.Unroutable(PaymentFailure.INVALID_INVOICE, "not a payable invoice: " + e.getMessage());
        }
        Optional<PaymentOutcome.Failed> wrongNetwork = wrongNetwork(invoice);
        if (wrongNetwork.isPresent()) {
            return new FeeProbe.Unroutable(
                    wrongNetwork.get().reason(), wrongNetwork.get().message());
        }
        Route route = route(invoice, amount, clock.instant());
        return route.fold(
                payable -> new FeeProbe.Routable(payable.fee()),
                refused -> new FeeProbe.Unroutable(refused.reason(), refused.message()));
    }

    /** Everything is spendable at once; nothing is ever pending. */
    @Override
    public Balance balance() {
        return new Balance(ledger.balance(), MilliSatoshi.ZERO);
    }

    /**
     * The simulated routing fee: 1 sat base plus 0.1 % of the amount, rounded up to the next
     * millisatoshi.
     */
    static MilliSatoshi feeFor(MilliSatoshi amount) {
        long msat = amount.msat();
        long proportional = msat / 1000 + (msat % 1000 == 0 ? 0 : 1);
        return MilliSatoshi.of(Math.addExact(1000, proportional));
    }

    // ---------------------------------------------------------------- internals

    /** The outcome of the checks {@link #pay} and {@link #probeFee} share. */
    private sealed interface Route {
        /**
         * One function per case.
         * Exhaustive: a new case adds a parameter, so no caller compiles until it handles it.
         */
        <R> R fold(Function<? super Payable, ? extends R> payable, Function<? super Refused, ? extends R> refused);

        default Optional<Payable> payable() {
            return fold(Optional::of, refused -> Optional.empty());
        }

        default Optional<Refused> refusal() {
            return fold(payable -> Optional.empty(), Optional::of);
        }

        record Payable(MilliSatoshi amount, MilliSatoshi fee) implements Route {
            @Override
            public <R> R fold(
                    Function<? super Payable, ? extends R> payable, Function<? super Refused, ? extends R> refused) {
                return payable.apply(this);
            }
        }

        record Refused(PaymentFailure reason, String message) implements Route {
            @Override
            public <R> R fold(
                    Function<? super Payable, ? extends R> payable, Function<? super Refused, ? extends R> refused) {
                return refused.apply(this);
            }
        }
    }

    private Optional<PaymentOutcome.Failed> wrongNetwork(Bolt11Invoice invoice) {
        if (invoice.network() == network) return Optional.empty();
        return Optional.of(new PaymentOutcome.Failed(
                PaymentFailure.INVALID_INVOICE,
                "invoice is for " + name(invoice.network()) + ", this wallet is on " + name(network)));
    }

    /** Expiry, amount and route size, judged at {@code now}. */
    private Route route(Bolt11Invoice invoice, Optional<MilliSatoshi> requested, Instant now) {
        if (invoice.isExpiredAt(now)) {
            return new Route.Refused(PaymentFailure.INVOICE_EXPIRED, "the invoice expired at " + invoice.expiresAt());
        }
        MilliSatoshi amount;
        if (invoice.amountMsat().isPresent()) {
            amount = MilliSatoshi.of(invoice.amountMsat().getAsLong());
            if (requested.isPresent() && !requested.get().equals(amount)) {
                return new Route.Refused(
                        PaymentFailure.AMOUNT_INVALID, "the invoice is for " + amount + ", not " + requested.get());
            }
        } else if (requested.isEmpty()) {
            return new Route.Refused(PaymentFailure.AMOUNT_INVALID, "the invoice has no amount and none was given");
        } else if (requested.get().msat() == 0) {
            return new Route.Refused(PaymentFailure.AMOUNT_INVALID, "an amount of 0 msat cannot be paid");
        } else {
            amount = requested.get();
        }
        if (amount.compareTo(largestRoutable) > 0) {
            return new Route.Refused(
                    PaymentFailure.NO_ROUTE,
                    "no route for " + amount + ": the simulated network routes at most "
                            + largestRoutable.truncateToSatoshi());
        }
        return new Route.Payable(amount, feeFor(amount));
    }

    /** Records a refusal after the invoice was read, and answers it. Caller holds the lock. */
    private PaymentOutcome.Failed refuse(PaymentHash hash, PaymentFailure reason, String message, Instant now) {
        try {
            commit(new Change.PaymentRefused(hash, new OutgoingPayment.Refused(reason, message, now)));
        } catch (UncheckedIOException e) {
            // the refusal stands whether or not it could be written down
            log.warn("Could not record the refused payment {}: {}", hash, e.getMessage());
        }
        log.info("Simulated payment of {} refused ({}): {}", hash, reason, message);
        return new PaymentOutcome.Failed(reason, message);
    }

    /**
     * Commits the change to the database, then applies it: when the commit fails, memory is as it
     * was and the change did not happen. Caller holds the lock.
     *
     * @throws UncheckedIOException when the database could not take it
     */
    private void commit(Change change) {
        // checked before it is written, so that the database never holds a change the ledger would refuse
        ledger.check(change);
        database.record(change);
        ledger.apply(change);
    }

    /** Closes the ledger's database. Call it once nothing uses the wallet any more. */
    @Override
    public void close() {
        lock.lock();
        try {
            database.close();
        } finally {
            lock.unlock();
        }
    }

    private void push(InvoiceUpdate update) {
        for (Subscription s : subscriptions) {
            try {
                s.listener().accept(update);
            } catch (RuntimeException e) {
                // one faulty listener must not keep the others from hearing, nor undo the payment
                log.warn("An invoice update listener failed on {}", update, e);
            }
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String name(Network network) {
        return network.name().toLowerCase(Locale.ROOT);
    }

    /** One call to {@link #subscribeInvoiceUpdates}: an identity of its own, so closing it removes only it. */
    private static final class Subscription {
        private final Consumer<InvoiceUpdate> listener;

        Subscription(Consumer<InvoiceUpdate> listener) {
            this.listener = listener;
        }

        Consumer<InvoiceUpdate> listener() {
            return listener;
        }
    }

    /** Shows the node id and where the data is; never the key. */
    @Override
    public String toString() {
        return "SimulatedLightning[node=" + nodeId + ", network=" + name(network) + ", data=" + dataDir
                + ", largestRoutable=" + largestRoutable.truncateToSatoshi() + "]";
    }
}
