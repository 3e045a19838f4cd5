package org.lnteller.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.lnteller.ports.lightning.Balance;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.model.App;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.store.TransactionQuery;
import org.lnteller.ports.store.TransactionStore;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.usecase.Apps;
import org.lnteller.ports.usecase.Devices;
import org.lnteller.ports.usecase.Operator;

/**
 * The admin API's views for the operator console, each usable from a script as well: one
 * transaction with its history, the volume per day, the fleet at a glance, the problems that
 * want a person, and the console's settings.
 *
 * <p>Reads only. The history comes from the transaction store's action log (read through the
 * port, never written here); the figures are computed from pages of {@link Operator#transactions},
 * walking back at most {@link #MAX_SCAN} transactions per answer, and say {@code truncated} when
 * there were more.
 */
final class InsightsApi {
    static final int MAX_DAYS = 90;
    /** Transactions one answer walks through at most: 40 pages of 500. */
    static final int MAX_SCAN = 20_000;
    /** How far back the problems list looks for price-flagged and late-paid transactions. */
    static final Duration PROBLEM_WINDOW = Duration.ofDays(7);

    static final int PROBLEM_SCAN = 1000;
    private static final String CONFIRMED = "confirmed";

    private final Operator operator;
    private final Apps apps;
    private final Optional<Devices> devices;
    private final TransactionStore store;
    private final AdminToken token;
    private final ConsoleSettings settings;
    private final RecentErrors errors;
    private final Clock clock;
    private final boolean selling;

    InsightsApi(
            Operator operator,
            Apps apps,
            Optional<Devices> devices,
            TransactionStore store,
            AdminToken token,
            ConsoleSettings settings,
            RecentErrors errors,
            Clock clock,
            boolean selling) {
        this.selling = selling;
        this.operator = Objects.requireNonNull(operator, "operator");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.store = Objects.requireNonNull(store, "store");
        this.token = Objects.requireNonNull(token, "token");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code GET /api/admin/txs/{id}}: the transaction as the operator sees it, with {@code history}: every post and state change, oldest first. */
    void transaction(Context ctx) {
        token.require(ctx);
        TxId id;
        try {
            id = new TxId(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("id", e.getMessage());
        }
        ctx.attribute(HttpApi.TX_ATTRIBUTE, id.value());
        Transaction tx =
                store.find(id).orElseThrow(() -> ApiError.notFound("no transaction " + Fields.abbreviate(id.value())));
        ObjectNode json = TransactionJson.forOperator(tx);
        ArrayNode history = json.putArray("history");
        for (Action action : store.actions(id)) {
            ObjectNode entry = history.addObject();
            entry.put("at", action.at().toString());
            entry.put("actor", action.actor().name().toLowerCase(Locale.ROOT));
            entry.put("kind", action.kind());
            entry.put("detail", action.detail());
        }
        Json.respond(ctx, 200, json);
    }

    /**
     * {@code GET /api/admin/summary?days=30&app_id=}: confirmed transactions per UTC day and
     * direction over the last {@code days} days (1 to {@value #MAX_DAYS}, today included), oldest
     * day first, every day present: count, sats and fiat per currency (whole units, as text).
     */
    void summary(Context ctx) {
        token.require(ctx);
        int days = Optional.ofNullable(ctx.queryParam("days"))
                .filter(s -> !s.isEmpty())
                .map(InsightsApi::days)
                .orElse(30);
        Optional<AppId> app = Optional.ofNullable(ctx.queryParam("app_id"))
                .filter(s -> !s.isEmpty())
                .map(InsightsApi::appId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, Volume[]> perDay = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1))
            perDay.put(d, new Volume[] {new Volume(), new Volume()});
        boolean truncated = walk(app, first.atStartOfDay(ZoneOffset.UTC).toInstant(), MAX_SCAN, tx -> {
            if (!CONFIRMED.equals(tx.wireStatus())) return;
            Volume[] day = perDay.get(LocalDate.ofInstant(tx.createdAt(), ZoneOffset.UTC));
            if (day != null) day[tx.direction() == Direction.CASH_IN ? 0 : 1].add(tx);
        });
        ObjectNode body = Json.object();
        body.put("from", first.toString());
        body.put("to", today.toString());
        body.put("truncated", truncated);
        ArrayNode list = body.putArray("days");
        for (Map.Entry<LocalDate, Volume[]> day : perDay.entrySet()) {
            ObjectNode json = list.addObject();
            json.put("date", day.getKey().toString());
            json.set("cash_in", day.getValue()[0].json());
            json.set("cash_out", day.getValue()[1].json());
        }
        Json.respond(ctx, 200, body);
    }

    /**
     * {@code GET /api/admin/fleet}: every app with its paired machine (last seen, state, and
     * {@code offline} once not seen for the configured time), its cassettes against their capacity
     * ({@code refill} under a fifth), and today's confirmed volume.
     */
    void fleet(Context ctx) {
        token.require(ctx);
        Instant now = clock.instant();
        Map<String, Volume[]> today = new HashMap<>();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        boolean truncated = walk(Optional.empty(), midnight, MAX_SCAN, tx -> {
            if (CONFIRMED.equals(tx.wireStatus())) {
                today
                        .computeIfAbsent(tx.appId().value(), k -> new Volume[] {new Volume(), new Volume()})[
                        tx.direction() == Direction.CASH_IN ? 0 : 1]
                        .add(tx);
            }
        });
        ObjectNode body = Json.object();
        body.put("offline_after_minutes", settings.offlineAfter().toMinutes());
        body.put("cassette_capacity", settings.cassetteCapacity());
        body.put("refill_below_percent", ConsoleSettings.REFILL_BELOW_PERCENT);
        body.put("pairing_enabled", devices.isPresent());
        body.put("today_truncated", truncated);
        ArrayNode list = body.putArray("apps");
        for (App app : apps.list()) {
            ObjectNode json = AdminApi.appJson(app);
            ArrayNode cassettes = json.putArray("cassettes");
            for (Cassette cassette : app.cassettes()) {
                ObjectNode c = cassettes.addObject();
                c.put("position", cassette.position());
                c.put("denomination", TransactionJson.wholeUnits(cassette.denomination()));
                c.put("fiat_code", cassette.denomination().currency().getCurrencyCode());
                c.put("count", cassette.count());
                c.put("capacity", settings.cassetteCapacity());
                c.put(
                        "refill",
                        cassette.count() * 100L
                                < (long) settings.cassetteCapacity() * ConsoleSettings.REFILL_BELOW_PERCENT);
            }
            ArrayNode machines = json.putArray("devices");
            for (Device d : devices.map(known -> known.devices(app.id())).orElse(List.of())) {
                ObjectNode m = machines.addObject();
                m.put("fingerprint", d.id().value());
                m.put("model", d.model());
                m.put("paired_at", d.pairedAt().toString());
                m.put("last_seen_at", d.lastSeenAt().map(Object::toString).orElse(null));
                m.put("last_state", d.lastState().orElse(null));
                m.put(
                        "offline",
                        d.lastSeenAt()
                                .map(seen -> seen.plus(settings.offlineAfter()).isBefore(now))
                                .orElse(true));
            }
            Volume[] volume = today.getOrDefault(app.id().value(), new Volume[] {new Volume(), new Volume()});
            ObjectNode t = json.putObject("today");
            t.set("cash_in", volume[0].json());
            t.set("cash_out", volume[1].json());
            list.add(json);
        }
        Json.respond(ctx, 200, body);
    }

    /**
     * {@code GET /api/admin/problems}: what wants a person, most urgent first: the balance against
     * the low-balance alarm, stuck and failed cash-ins, payments that arrived late (a cash-out
     * invoice paid after it expired, a cash-in paid after the operator refunded or cancelled it),
     * price-flagged cash-outs of the last 7 days, and failures of the backend, store or rates in
     * the last hour.
     */
    void problems(Context ctx) {
        token.require(ctx);
        ObjectNode body = Json.object();
        ObjectNode balance = body.putObject("balance");
        balance.put("low_balance_sats", settings.lowBalanceSats());
        try {
            Balance b = operator.balance();
            long sats = b.available().truncateToSatoshi().sat();
            balance.put("available_sat", sats);
            balance.put("low", settings.lowBalanceSats() > 0 && sats < settings.lowBalanceSats());
            balance.putNull("error");
        } catch (LightningBackendException e) {
            errors.note("backendUnavailable", "/api/admin/problems");
            balance.putNull("available_sat");
            balance.put("low", false);
            balance.put("error", "the Lightning backend is unavailable");
        }
        ArrayNode stuck = body.putArray("stuck_cash_ins");
        for (CashInTransaction tx : operator.stuckCashIns(AdminApi.DEFAULT_LIMIT))
            stuck.add(TransactionJson.forOperator(tx));
        List<ObjectNode> late = new ArrayList<>();
        ArrayNode flagged = Json.NODES.arrayNode();
        boolean truncated = walk(Optional.empty(), clock.instant().minus(PROBLEM_WINDOW), PROBLEM_SCAN, tx -> {
            Optional<ObjectNode> paidLate = tx.fold(this::paidAfterResolution, out -> {
                if (out.priceFlagged()) flagged.add(TransactionJson.forOperator(out));
                return paidAfterExpiry(out);
            });
            paidLate.ifPresent(late::add);
        });
        body.putArray("paid_late").addAll(late);
        body.set("price_flagged", flagged);
        ArrayNode failures = body.putArray("backend_errors");
        for (RecentErrors.Failure f : errors.within(Duration.ofHours(1))) {
            ObjectNode json = failures.addObject();
            json.put("at", f.at().toString());
            json.put("code", f.code());
            json.put("route", f.route());
        }
        body.put("scan_truncated", truncated);
        Json.respond(ctx, 200, body);
    }

    /** A confirmed cash-out last changed after its invoice expired, and the payment that came late. */
    private Optional<ObjectNode> paidAfterExpiry(CashOutTransaction out) {
        if (!CONFIRMED.equals(out.wireStatus())
                || !out.updatedAt().isAfter(out.invoice().expiresAt())) {
            return Optional.empty();
        }
        return store.actions(out.id()).stream()
                .filter(a -> a.kind().equals("invoice-paid")
                        && a.at().isAfter(out.invoice().expiresAt()))
                .findFirst()
                .map(a -> late(out, a, "the invoice was paid after it expired"));
    }

    /** A refunded or cancelled cash-in whose payment went out all the same. */
    private Optional<ObjectNode> paidAfterResolution(CashInTransaction in) {
        if (!in.wireStatus().equals("refunded") && !in.wireStatus().equals("cancelled")) return Optional.empty();
        return store.actions(in.id()).stream()
                .filter(a -> a.kind().equals("paid-after-resolution"))
                .findFirst()
                .map(a -> late(in, a, "the payment went out after the cash-in was " + in.wireStatus()));
    }

    /** {@code GET /api/admin/console}: the settings the console measures against, and the sale's settings as read-only facts. */
    void settings(Context ctx) {
        token.require(ctx);
        ObjectNode body = Json.object();
        body.put("low_balance_sats", settings.lowBalanceSats());
        body.put("offline_after_minutes", settings.offlineAfter().toMinutes());
        body.put("cassette_capacity", settings.cassetteCapacity());
        body.put("refill_below_percent", ConsoleSettings.REFILL_BELOW_PERCENT);
        body.put("pairing_enabled", devices.isPresent());
        body.put("provisioning_enabled", selling);
        ObjectNode facts = body.putObject("provisioning");
        settings.provisioningFacts().forEach(facts::put);
        Json.respond(ctx, 200, body);
    }

    private static ObjectNode late(Transaction tx, Action paid, String why) {
        ObjectNode json = TransactionJson.forOperator(tx);
        json.put("paid_at", paid.at().toString());
        json.put("problem", why);
        return json;
    }

    /** Visits transactions created at or after {@code since}, newest first; @return whether it stopped at {@code max} with more left. */
    private boolean walk(Optional<AppId> app, Instant since, int max, Consumer<Transaction> visit) {
        int seen = 0;
        TransactionQuery query = new TransactionQuery(
                app, Optional.empty(), Optional.empty(), TransactionQuery.MAX_LIMIT, Optional.empty());
        while (true) {
            Page<Transaction> page = operator.transactions(query);
            for (Transaction tx : page.items()) {
                if (tx.createdAt().isBefore(since)) return false;
                if (seen++ == max) return true;
                visit.accept(tx);
            }
            if (page.nextCursor().isEmpty()) return false;
            query = query.after(page.nextCursor().get());
        }
    }

    private static int days(String text) {
        if (!text.matches("[0-9]{1,3}"))
            throw InvalidRequest.of("days", "must be a whole number from 1 to " + MAX_DAYS);
        int days = Integer.parseInt(text);
        if (days < 1 || days > MAX_DAYS) throw InvalidRequest.of("days", "must be from 1 to " + MAX_DAYS);
        return days;
    }

    private static AppId appId(String text) {
        try {
            return new AppId(text);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.withMessage("app_id", e.getMessage());
        }
    }

    /** Confirmed transactions of one day (or app) and direction. */
    private static final class Volume {
        private int count;
        private long sats;
        private final Map<String, BigDecimal> fiat = new LinkedHashMap<>();

        void add(Transaction tx) {
            count++;
            sats += tx.cryptoAtoms().sat();
            fiat.merge(tx.fiat().currency().getCurrencyCode(), TransactionJson.wholeUnits(tx.fiat()), BigDecimal::add);
        }

        ObjectNode json() {
            ObjectNode json = Json.object();
            json.put("count", count);
            json.put("sats", sats);
            ObjectNode amounts = json.putObject("fiat");
            fiat.forEach((code, amount) -> amounts.put(code, amount.toPlainString()));
            return json;
        }
    }
}
