package org.lnteller.core.machine;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.lnteller.core.cashin.CashInService;
import org.lnteller.core.internal.dispense.DispenseLines;
import org.lnteller.core.internal.dispense.NotePlanner;
import org.lnteller.core.internal.tx.CashInRules;
import org.lnteller.core.internal.tx.CashOutRules;
import org.lnteller.core.internal.tx.Ruling;
import org.lnteller.core.pricing.PricePolicy.CashOutPriceCheck;
import org.lnteller.core.pricing.PriceService;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.DispenseLine;
import org.lnteller.ports.tx.MachinePost;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.MachineTransactions;
import org.lnteller.ports.usecase.PostResult;

/**
 * The machine API's use case: applies machine posts through the transaction rules, issues cash-out
 * invoices and provisions notes. Every state change goes through {@link TransactionStore#change},
 * so concurrent and re-sent posts are serialised by the store.
 */
public final class MachineService implements MachineTransactions {
    private static final Logger LOG = System.getLogger(MachineService.class.getName());

    /**
     * What the service needs besides its ports.
     *
     * @param invoiceExpiry                how long a cash-out invoice stays payable
     * @param priceCheck                   what to do with a cash-out quoted below the server's price
     * @param cashOutPriceTolerancePercent how far below the server's cash-out price a machine's
     *                                     {@code cryptoAtoms} may be (rates move between the
     *                                     machine's quote and its post); one 100-sat rounding
     *                                     step is allowed on top, always
     * @param sendAnswerBound              how long after a cash-in payment started a machine
     *                                     asking about it is answered 204 (no answer yet) while
     *                                     it is in flight; after it, 200 with the payment in
     *                                     flight. Under Lamassu's 20 s give-up
     * @param inFlightWait                 how long a re-sent {@code send} waits for the payment's
     *                                     outcome before it is answered
     */
    public record Settings(
            Duration invoiceExpiry,
            CashOutPriceCheck priceCheck,
            BigDecimal cashOutPriceTolerancePercent,
            Duration sendAnswerBound,
            Duration inFlightWait) {
        /** Lamassu machines round {@code cryptoAtoms} to 6 BTC decimals, sometimes down: one step. */
        public static final Satoshi MACHINE_ROUNDING = Satoshi.of(100);

        public static final BigDecimal DEFAULT_CASH_OUT_PRICE_TOLERANCE_PERCENT = BigDecimal.ONE;
        public static final Duration DEFAULT_SEND_ANSWER_BOUND = Duration.ofSeconds(12);
        public static final Duration DEFAULT_IN_FLIGHT_WAIT = Duration.ofSeconds(3);

        public Settings {
            Objects.requireNonNull(invoiceExpiry);
            Objects.requireNonNull(priceCheck);
            Objects.requireNonNull(cashOutPriceTolerancePercent);
            Objects.requireNonNull(sendAnswerBound);
            Objects.requireNonNull(inFlightWait);
            if (invoiceExpiry.compareTo(Duration.ofMinutes(1)) < 0)
                throw new IllegalArgumentException("invoice expiry must be at least a minute");
            if (cashOutPriceTolerancePercent.signum() < 0
                    || cashOutPriceTolerancePercent.compareTo(BigDecimal.TEN) > 0) {
                throw new IllegalArgumentException("the cash-out price tolerance is between 0 and 10 percent");
            }
            if (sendAnswerBound.isNegative() || sendAnswerBound.compareTo(Duration.ofSeconds(18)) > 0) {
                throw new IllegalArgumentException(
                        "the send answer bound is between 0 and 18 s: Lamassu machines give up after 20 s");
            }
            if (inFlightWait.isNegative())
                throw new IllegalArgumentException("the in-flight wait must not be negative");
        }

        /** The defaults for everything but the invoice expiry and the price check. */
        public Settings(Duration invoiceExpiry, CashOutPriceCheck priceCheck) {
            this(
                    invoiceExpiry,
                    priceCheck,
                    DEFAULT_CASH_OUT_PRICE_TOLERANCE_PERCENT,
                    DEFAULT_SEND_ANSWER_BOUND,
                    DEFAULT_IN_FLIGHT_WAIT);
        }
    }

    /** How often a re-sent {@code send} looks at the stored tx while it waits for the payment. */
    private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(100);

    private final TransactionStore transactions;
    private final AppStore apps;
    private final LightningBackend lightning;
    private final PriceService prices;
    private final CashInService cashIns;
    private final Settings settings;
    private final Clock clock;

    public MachineService(
            TransactionStore transactions,
            AppStore apps,
            LightningBackend lightning,
            PriceService prices,
            CashInService cashIns,
            Settings settings,
            Clock clock) {
        this.transactions = transactions;
        this.apps = apps;
        this.lightning = lightning;
        this.prices = prices;
        this.cashIns = cashIns;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Optional<Transaction> find(AppId app, TxId id) {
        return transactions.find(id).filter(tx -> tx.appId().equals(app));
    }

    @Override
    public PostResult post(AppId app, MachinePost post) {
        Optional<Satoshi> appLimit =
                post.direction() == Direction.CASH_IN ? apps.find(app).flatMap(App::maxPerTx) : Optional.empty();
        return post(app, post, appLimit);
    }

    /** As {@link #post(AppId, MachinePost)}, with the app its caller just authenticated: its limit is not read again. */
    @Override
    public PostResult post(App app, MachinePost post) {
        return post(app.id(), post, app.maxPerTx());
    }

    /**
     * One locking read of the tx decides: a stored tx takes the post in that same change (read,
     * rule, write); an unknown one is opened after its checks (a cash-out's invoice is issued
     * outside any database transaction).
     */
    private PostResult post(AppId app, MachinePost post, Optional<Satoshi> appLimit) {
        // set by the one change that records the machine's dispense confirmation (the store may run it again on a
        // retry)
        AtomicBoolean confirmedNow = new AtomicBoolean();
        Optional<Ruling> known = transactions.change(post.id(), current -> {
            confirmedNow.set(false);
            // empty: no such tx yet, opened below
            if (current.isEmpty()) return Decision.noChange(Optional.empty());
            if (post.direction() == Direction.CASH_IN && isNewOrCashIn(current, post)) {
                Optional<Rejection> refused = cashIns.check(post, false, appLimit);
                if (refused.isPresent()) return Decision.noChange(Optional.of(new Ruling.Refused(refused.get())));
            }
            Ruling next = applyTo(current.get(), app, post);
            boolean reportedBefore =
                    current.get().fold(in -> false, out -> out.state().dispenseReported());
            confirmedNow.set(!reportedBefore
                    && next.fold(
                            applied -> applied.next()
                                    .fold(in -> false, out -> out.state().dispenseReported()),
                            unchanged -> false,
                            refused -> false));
            Decision<Ruling> decided = next.toDecision();
            return new Decision<>(decided.write(), decided.log(), Optional.of(decided.result()));
        });
        Ruling outcome = known.isPresent() ? known.get() : open(app, post, appLimit);
        return outcome.fold(
                applied -> {
                    // confirmedNow is only ever set for a cash-out
                    if (confirmedNow.get()) returnUndispensedNotes(app, (CashOutTransaction) applied.next());
                    return afterward(app, applied.next());
                },
                unchanged -> afterward(app, unchanged.current()),
                refused -> new PostResult.Refused(refused.rejection()));
    }

    /**
     * The first post of a transaction. A re-sent first post that raced this one finds the stored
     * tx in the change and is decided on it.
     */
    private Ruling open(AppId app, MachinePost post, Optional<Satoshi> appLimit) {
        if (post.direction() == Direction.CASH_OUT) return openCashOut(app, post);
        Optional<Rejection> refused = cashIns.check(post, true, appLimit);
        if (refused.isPresent()) return new Ruling.Refused(refused.get());
        return transactions.change(
                post.id(),
                current -> current.isPresent()
                        ? applyTo(current.get(), app, post).toDecision()
                        : CashInRules.open(post, app, clock.instant()).toDecision());
    }

    /**
     * The notes were taken out of the cassettes at dispense as provisioned; the machine's counts
     * say what really left them ({@code dispensed + rejected}), so the rest goes back. Runs once:
     * only after the change that recorded the confirmation (a re-sent confirmation is unchanged).
     * A crash between that change and this one leaves the cassettes counting fewer notes than
     * they hold, never more: the server then refuses a cash-out rather than promise notes it lacks.
     */
    private void returnUndispensedNotes(AppId app, CashOutTransaction out) {
        FiatAmount dispensed = CashOutRules.dispensedFiat(out.notes(), out.fiat());
        if (!dispensed.equals(out.fiat())) {
            LOG.log(
                    Level.WARNING,
                    "cash-out {0} of app {1}: the machine reports {2} dispensed of {3}: {4}",
                    out.id(),
                    app,
                    dispensed,
                    out.fiat(),
                    out.notes());
        }
        try {
            apps.updateCassettes(app, cassettes -> DispenseLines.afterConfirmation(cassettes, out.notes()));
        } catch (RuntimeException e) {
            // the machine's report is recorded on the tx; the counts are the operator's to fix
            LOG.log(
                    Level.ERROR,
                    "cash-out " + out.id() + " of app " + app
                            + ": the cassettes could not be corrected by the dispense report " + out.notes(),
                    e);
        }
    }

    private Ruling applyTo(Transaction current, AppId app, MachinePost post) {
        return current.fold(
                in -> CashInRules.onPost(in, app, post, clock.instant()),
                out -> CashOutRules.onPost(out, app, post, clock.instant()));
    }

    /**
     * The first post of a cash-out: check it, price it, issue the invoice, then store. A re-sent
     * first post that races this one finds the stored tx in {@code change} and is answered with it;
     * its own invoice is never shown to anyone and simply expires.
     */
    private Ruling openCashOut(AppId app, MachinePost post) {
        Optional<Rejection> refused = CashOutRules.checkOpening(post);
        if (refused.isPresent()) return new Ruling.Refused(refused.get());
        boolean priceFlagged = false;
        Optional<Satoshi> checked = requiredAtoms(post);
        if (checked.isPresent() && post.cryptoAtoms().compareTo(leastAccepted(checked.get())) < 0) {
            Satoshi required = checked.get();
            if (settings.priceCheck() == CashOutPriceCheck.ENFORCE) {
                return new Ruling.Refused(new Rejection.PriceRefused("cash-out of " + post.fiat() + " needs at least "
                        + required + " at the server's price, the machine quoted " + post.cryptoAtoms()));
            }
            priceFlagged = true;
            LOG.log(
                    Level.WARNING,
                    "cash-out {0} of app {1}: {2} quoted for {3}, the server''s price needs {4}",
                    post.id(),
                    app,
                    post.cryptoAtoms(),
                    post.fiat(),
                    required);
        }
        CreatedInvoice invoice = lightning.createInvoice(
                post.cryptoAtoms(),
                settings.invoiceExpiry(),
                "lnteller cash-out " + post.id().value());
        boolean flagged = priceFlagged;
        return transactions.change(
                post.id(),
                current -> current.isPresent()
                        ? applyTo(current.get(), app, post).toDecision()
                        : CashOutRules.open(post, app, invoice, flagged, clock.instant())
                                .toDecision());
    }

    /**
     * The fewest sats a machine may quote for a cash-out whose price at the server's rate is
     * {@code required}: less the tolerance (rounded down), less one 100-sat step of the machine's
     * rounding (Lamassu rounds {@code cryptoAtoms} to 6 BTC decimals, sometimes down).
     */
    Satoshi leastAccepted(Satoshi required) {
        BigDecimal factor =
                BigDecimal.ONE.subtract(settings.cashOutPriceTolerancePercent().movePointLeft(2));
        long tolerated = new BigDecimal(required.sat())
                .multiply(factor)
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        return Satoshi.of(Math.max(0, tolerated - Settings.MACHINE_ROUNDING.sat()));
    }

    /** The server's minimum for a cash-out; empty when no rate can be had and the check only warns. */
    private Optional<Satoshi> requiredAtoms(MachinePost post) {
        try {
            return Optional.of(prices.cashOutAtomsFor(post.fiat()));
        } catch (RuntimeException e) {
            if (settings.priceCheck() == CashOutPriceCheck.ENFORCE) throw e;
            LOG.log(Level.WARNING, "cash-out {0}: no rate to check its price against ({1})", post.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Amounts are checked on posts that would change a cash-in (an exact re-send changes nothing). */
    private static boolean isNewOrCashIn(Optional<Transaction> existing, MachinePost post) {
        return existing.map(tx -> tx.fold(in -> !post.isRepeatOf(in.lastPost()), out -> false))
                .orElse(true);
    }

    /**
     * Work that follows a stored state: paying a cash-in whose send was committed, provisioning
     * the notes of a cash-out asked to dispense.
     */
    private PostResult afterward(AppId app, Transaction tx) {
        return tx.fold(
                in -> {
                    boolean starts = CashInService.awaitsSend(in);
                    PostResult result = starts ? cashIns.send(in) : cashIns.answer(in);
                    // the first send already waited for the outcome inside send(); a re-sent one waits here
                    return whileInFlight(result, starts ? Duration.ZERO : settings.inFlightWait());
                },
                out -> CashOutRules.awaitsNotes(out) ? provisionNotes(app, out) : new PostResult.Accepted(out));
    }

    /**
     * A Lamassu machine takes any 200 to {@code send} as sent and shows the customer "complete";
     * an empty 204 means "no answer yet", and it re-posts 5 s later (giving up after 20 s). So
     * while the payment is in flight the answer is {@link PostResult.InFlight} (204), until
     * {@link Settings#sendAnswerBound()} after the payment started (the tx's last change), then the
     * tx in flight (200, {@code authorized}): the machine must hear something before it gives up,
     * and the reconciler settles the payment either way.
     *
     * @param wait how long to wait for the payment's outcome first (polling the store)
     */
    private PostResult whileInFlight(PostResult result, Duration wait) {
        Optional<CashInTransaction> flying = result.fold(
                accepted -> inFlight(accepted.transaction()),
                inFlight -> Optional.empty(),
                refused -> Optional.empty());
        if (flying.isEmpty()) return result;
        CashInTransaction in = flying.get();
        Instant bound = in.updatedAt().plus(settings.sendAnswerBound());
        long polls = wait.toMillis() / IN_FLIGHT_POLL.toMillis();
        // counted in polls, not by the clock: the bound is domain time, the wait is this request's
        for (long i = 0; i < polls && clock.instant().isBefore(bound); i++) {
            try {
                Thread.sleep(IN_FLIGHT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Optional<Transaction> now = transactions.find(in.id());
            if (now.isPresent() && inFlight(now.get()).isEmpty()) return cashIns.answer((CashInTransaction) now.get());
        }
        if (clock.instant().isBefore(bound)) return new PostResult.InFlight(in);
        LOG.log(
                Level.WARNING,
                "cash-in {0}: payment still in flight {1} after it started; answering it in flight",
                in.id(),
                settings.sendAnswerBound());
        return result;
    }

    /** The cash-in, when it is one whose payment is in flight. */
    private static Optional<CashInTransaction> inFlight(Transaction tx) {
        return tx.fold(
                in -> in.payment()
                        .fold(CashInPayment.Cases.of(
                                c -> Optional.<CashInTransaction>empty(),
                                c -> Optional.empty(),
                                c -> Optional.of(in),
                                c -> Optional.empty(),
                                c -> Optional.empty(),
                                c -> Optional.empty(),
                                c -> Optional.empty())),
                out -> Optional.empty());
    }

    /**
     * Takes the notes out of the cassettes once per transaction (the store records the withdrawal
     * under the tx id, so a re-sent dispense gets the same notes), then records them on the tx as
     * one line per cassette of the app, in its order, zeros included.
     */
    private PostResult provisionNotes(AppId app, CashOutTransaction out) {
        // the cassettes the plan was made from; a re-sent dispense gets the notes recorded before, unplanned
        AtomicReference<List<Cassette>> planned = new AtomicReference<>();
        Optional<List<DispenseLine>> lines = apps.withdrawNotes(app, out.id(), cassettes -> {
            planned.set(cassettes);
            return NotePlanner.plan(cassettes, out.fiat());
        });
        if (lines.isEmpty()) {
            LOG.log(Level.WARNING, "cash-out {0} of app {1}: the cassettes cannot make {2}", out.id(), app, out.fiat());
            return new PostResult.Refused(new Rejection.OutOfNotes("the cassettes cannot make " + out.fiat()));
        }
        List<Cassette> cassettes = planned.get() != null
                ? planned.get()
                : apps.find(app).map(App::cassettes).orElse(List.of());
        List<DispenseLine> everyCassette = DispenseLines.everyCassette(cassettes, lines.get());
        Ruling provisioned = transactions.change(
                out.id(),
                current -> current.map(
                                tx -> CashOutRules.provision((CashOutTransaction) tx, everyCassette, clock.instant())
                                        .toDecision())
                        .orElseThrow(() -> new IllegalStateException("cash-out " + out.id() + " vanished")));
        return provisioned.fold(
                applied -> new PostResult.Accepted(applied.next()),
                unchanged -> new PostResult.Accepted(unchanged.current()),
                refused -> new PostResult.Refused(refused.rejection()));
    }
}
