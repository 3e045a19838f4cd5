package org.lnteller.core.machine;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.core.cashin.CashInService;
import org.lnteller.core.dispense.NotePlanner;
import org.lnteller.core.pricing.PricePolicy.CashOutPriceCheck;
import org.lnteller.core.pricing.PriceService;
import org.lnteller.core.tx.CashInRules;
import org.lnteller.core.tx.CashOutRules;
import org.lnteller.core.tx.PostOutcome;
import org.lnteller.ports.lightning.CreatedInvoice;
import org.lnteller.ports.lightning.LightningBackend;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.App;
import org.lnteller.ports.store.AppStore;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutStatus;
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

    /** What the service needs besides its ports. */
    public record Settings(Duration invoiceExpiry, CashOutPriceCheck priceCheck) {
        public Settings {
            Objects.requireNonNull(invoiceExpiry);
            Objects.requireNonNull(priceCheck);
            if (invoiceExpiry.compareTo(Duration.ofMinutes(1)) < 0) throw new IllegalArgumentException("invoice expiry must be at least a minute");
        }
    }

    private final TransactionStore transactions;
    private final AppStore apps;
    private final LightningBackend lightning;
    private final PriceService prices;
    private final CashInService cashIns;
    private final Settings settings;
    private final Clock clock;

    public MachineService(TransactionStore transactions, AppStore apps, LightningBackend lightning, PriceService prices,
                          CashInService cashIns, Settings settings, Clock clock) {
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
        Optional<Transaction> existing = transactions.find(post.id());
        if (post.direction() == Direction.CASH_IN && isNewOrCashIn(existing, post)) {
            Optional<Satoshi> appLimit = apps.find(app).flatMap(App::maxPerTx);
            Optional<Rejection> refused = cashIns.check(post, existing.isEmpty(), appLimit);
            if (refused.isPresent()) return new PostResult.Refused(refused.get());
        }
        PostOutcome outcome;
        if (existing.isEmpty() && post.direction() == Direction.CASH_OUT) {
            outcome = openCashOut(app, post);
        } else {
            outcome = transactions.change(post.id(), current -> current.isPresent()
                    ? applyTo(current.get(), app, post).toDecision()
                    : CashInRules.open(post, app, clock.instant()).toDecision());
        }
        if (outcome instanceof PostOutcome.Refused refused) return new PostResult.Refused(refused.rejection());
        return afterward(app, stateAfter(outcome));
    }

    private static Transaction stateAfter(PostOutcome outcome) {
        if (outcome instanceof PostOutcome.Applied applied) return applied.next();
        if (outcome instanceof PostOutcome.Unchanged unchanged) return unchanged.current();
        throw new IllegalArgumentException("a refusal has no state: " + outcome);
    }

    private PostOutcome applyTo(Transaction current, AppId app, MachinePost post) {
        if (current instanceof CashOutTransaction out) return CashOutRules.onPost(out, app, post, clock.instant());
        return CashInRules.onPost((CashInTransaction) current, app, post, clock.instant());
    }

    /**
     * The first post of a cash-out: check it, price it, issue the invoice, then store. A re-sent
     * first post that races this one finds the stored tx in {@code change} and is answered with it;
     * its own invoice is never shown to anyone and simply expires.
     */
    private PostOutcome openCashOut(AppId app, MachinePost post) {
        Optional<Rejection> refused = CashOutRules.checkOpening(post);
        if (refused.isPresent()) return new PostOutcome.Refused(refused.get());
        boolean priceFlagged = false;
        Satoshi required = requiredAtoms(post);
        if (required != null && post.cryptoAtoms().compareTo(required) < 0) {
            if (settings.priceCheck() == CashOutPriceCheck.ENFORCE) {
                return new PostOutcome.Refused(new Rejection.PriceRefused("cash-out of " + post.fiat() + " needs at least "
                        + required + " at the server's price, the machine quoted " + post.cryptoAtoms()));
            }
            priceFlagged = true;
            LOG.log(Level.WARNING, "cash-out {0} of app {1}: {2} quoted for {3}, the server''s price needs {4}",
                    post.id(), app, post.cryptoAtoms(), post.fiat(), required);
        }
        CreatedInvoice invoice = lightning.createInvoice(post.cryptoAtoms(), settings.invoiceExpiry(),
                "lnteller cash-out " + post.id().value());
        boolean flagged = priceFlagged;
        return transactions.change(post.id(), current -> current.isPresent()
                ? applyTo(current.get(), app, post).toDecision()
                : CashOutRules.open(post, app, invoice, flagged, clock.instant()).toDecision());
    }

    /** The server's minimum for a cash-out, or null when no rate can be had and the check only warns. */
    private Satoshi requiredAtoms(MachinePost post) {
        try {
            return prices.cashOutAtomsFor(post.fiat());
        } catch (RuntimeException e) {
            if (settings.priceCheck() == CashOutPriceCheck.ENFORCE) throw e;
            LOG.log(Level.WARNING, "cash-out {0}: no rate to check its price against ({1})", post.id(), e.getMessage());
            return null;
        }
    }

    /** Amounts are checked on posts that would change a cash-in (an exact re-send changes nothing). */
    private static boolean isNewOrCashIn(Optional<Transaction> existing, MachinePost post) {
        return existing.map(tx -> tx instanceof CashInTransaction && !post.fingerprint().equals(tx.lastPost())).orElse(true);
    }

    /**
     * Work that follows a stored state: paying a cash-in whose send was committed, provisioning
     * the notes of a cash-out asked to dispense.
     */
    private PostResult afterward(AppId app, Transaction tx) {
        if (tx instanceof CashInTransaction in) {
            return CashInService.awaitsSend(in) ? cashIns.send(in) : cashIns.answer(in);
        }
        if (tx instanceof CashOutTransaction out && out.dispense() && out.notes().isEmpty()
                && out.status() == CashOutStatus.CONFIRMED) {
            return provisionNotes(app, out);
        }
        return new PostResult.Accepted(tx);
    }

    /**
     * Takes the notes out of the cassettes once per transaction (the store records the withdrawal
     * under the tx id, so a re-sent dispense gets the same notes), then records them on the tx.
     */
    private PostResult provisionNotes(AppId app, CashOutTransaction out) {
        Optional<List<DispenseLine>> lines = apps.withdrawNotes(app, out.id(), cassettes -> NotePlanner.plan(cassettes, out.fiat()));
        if (lines.isEmpty()) {
            LOG.log(Level.WARNING, "cash-out {0} of app {1}: the cassettes cannot make {2}", out.id(), app, out.fiat());
            return new PostResult.Refused(new Rejection.OutOfNotes("the cassettes cannot make " + out.fiat()));
        }
        PostOutcome provisioned = transactions.change(out.id(), current -> current
                .map(tx -> CashOutRules.provision((CashOutTransaction) tx, lines.get(), clock.instant()).toDecision())
                .orElseThrow(() -> new IllegalStateException("cash-out " + out.id() + " vanished")));
        if (provisioned instanceof PostOutcome.Refused refused) return new PostResult.Refused(refused.rejection());
        return new PostResult.Accepted(stateAfter(provisioned));
    }
}
