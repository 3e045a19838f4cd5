package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.ports.lightning.LightningBackendException;
import org.lnteller.ports.lightning.SettableClock;
import org.lnteller.ports.machine.Device;
import org.lnteller.ports.machine.DeviceId;
import org.lnteller.ports.machine.MachineLog;
import org.lnteller.ports.model.AppId;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.store.Decision;
import org.lnteller.ports.store.Page;
import org.lnteller.ports.tx.Action;
import org.lnteller.ports.tx.Actor;
import org.lnteller.ports.tx.CashInPayment;
import org.lnteller.ports.tx.CashInTransaction;
import org.lnteller.ports.tx.CashOutStatus;
import org.lnteller.ports.tx.CashOutTransaction;
import org.lnteller.ports.tx.Transaction;
import org.lnteller.ports.tx.TxError;
import org.lnteller.ports.usecase.Authentication;
import org.lnteller.ports.usecase.Devices;
import org.lnteller.ports.usecase.NewPairing;
import org.lnteller.ports.usecase.Pairing;

/** The admin API's views for the console: a transaction's history, the daily volume, the fleet and the problems. */
class InsightsApiTest {
    /** Txs.CREATED is 2026-03-01T10:00Z: "now" is two hours later, the same UTC day. */
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));

    private final List<Device> devices = new ArrayList<>();

    @RegisterExtension
    final ApiHarness api = ApiHarness.startedByEachTest();

    private ApiHarness server(ConsoleSettings settings) {
        Devices known = new Devices() {
            @Override
            public Authentication authenticate(DeviceId device) {
                return new Authentication.Unknown();
            }

            @Override
            public List<Device> devices(AppId app) {
                return devices.stream().filter(d -> d.app().equals(app)).toList();
            }

            @Override
            public boolean unpair(AppId app, DeviceId device) {
                return false;
            }

            @Override
            public void seen(DeviceId device, Optional<String> state) {}

            @Override
            public void recordLogs(DeviceId device, List<MachineLog> lines) {}

            @Override
            public Optional<MachineLog> newestLog(DeviceId device) {
                return Optional.empty();
            }

            @Override
            public List<MachineLog> logs(AppId app, int limit) {
                return List.of();
            }
        };
        Pairing pairing = new Pairing() {
            @Override
            public NewPairing create(AppId app, Optional<String> host) {
                throw new AssertionError("not in these tests");
            }

            @Override
            public Optional<String> certificateAuthority(String caToken) {
                return Optional.empty();
            }

            @Override
            public Optional<Device> pair(
                    String pairToken, DeviceId device, String model, int cassettes, int recyclers) {
                return Optional.empty();
            }
        };
        return api.start(b -> b.clockAndRandom(clock, new SecureRandom())
                .console(settings, Optional::empty)
                .machinePairing(Optional.of(pairing), Optional.of(known)));
    }

    private void store(Transaction tx, Action... actions) {
        api.store.change(tx.id(), current -> Decision.write(tx, List.of(actions), null));
    }

    private static Action action(String at, Actor actor, String kind, String detail) {
        return new Action(Instant.parse(at), actor, kind, detail);
    }

    @Test
    void aTransactionIsShownWithEveryPostAndStateChangeAndItsLightningDetails() {
        server(ConsoleSettings.defaults());
        CashInTransaction tx = Txs.cashIn(FakeApps.ATM, "7c0d3e4f-1a2b-4c5d-8e9f-0a1b2c3d4e5f");
        store(
                tx,
                action("2026-03-01T10:00:00Z", Actor.MACHINE, "created", "cash-in USD 10.00"),
                action("2026-03-01T10:00:03Z", Actor.MACHINE, "send-started", "paying"),
                action("2026-03-01T10:00:04Z", Actor.RECONCILER, "send-confirmed", "fee 3 sat"));

        ApiHarness.Reply reply = api.admin("GET", "/api/admin/txs/" + tx.id().value(), null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.path("paymentHash").asText()).isEqualTo(Txs.HASH.hex());
        assertThat(json.path("preimage").asText()).isEqualTo(Txs.PREIMAGE.hex());
        assertThat(json.path("fee").asLong()).isEqualTo(3);
        assertThat(json.path("history"))
                .extracting(h -> h.path("kind").asText())
                .containsExactly("created", "send-started", "send-confirmed");
        assertThat(json.path("history").get(2).path("actor").asText()).isEqualTo("reconciler");
        assertThat(json.path("history").get(2).path("at").asText()).isEqualTo("2026-03-01T10:00:04Z");
        assertThat(api.admin("GET", "/api/admin/txs/0f0f0f0f-1a2b-4c5d-8e9f-0a1b2c3d4e5f", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.send("GET", "/api/admin/txs/" + tx.id().value(), null, null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void theSummaryCountsConfirmedTransactionsPerDayAndDirectionWithEveryDayPresent() {
        server(ConsoleSettings.defaults());
        CashOutTransaction paidOut = Txs.cashOut(FakeApps.ATM, "a1", CashOutStatus.CONFIRMED);
        CashOutTransaction unpaidOut = Txs.cashOut(FakeApps.ATM, "a2", CashOutStatus.NOT_SEEN);
        CashInTransaction paidIn = Txs.cashIn(FakeApps.ATM, "a3");
        CashInTransaction yesterday =
                withCreated(Txs.cashIn(FakeApps.OTHER, "a4"), Instant.parse("2026-02-28T23:59:59Z"));
        CashInTransaction longAgo =
                withCreated(Txs.cashIn(FakeApps.OTHER, "a5"), Instant.parse("2026-01-01T00:00:00Z"));
        api.operator.page = new Page<>(List.of(paidOut, unpaidOut, paidIn, yesterday, longAgo), Optional.empty());

        JsonNode summary = api.admin("GET", "/api/admin/summary?days=30", null).json();

        assertThat(summary.path("from").asText()).isEqualTo("2026-01-31");
        assertThat(summary.path("to").asText()).isEqualTo("2026-03-01");
        assertThat(summary.path("days")).hasSize(30);
        JsonNode today = summary.path("days").get(29);
        assertThat(today.path("cash_out").path("count").asInt())
                .as("the unpaid one does not count")
                .isEqualTo(1);
        assertThat(today.path("cash_out").path("sats").asLong()).isEqualTo(546_448);
        assertThat(today.path("cash_out").path("fiat").path("USD").asText()).isEqualTo("100");
        assertThat(today.path("cash_in").path("count").asInt()).isEqualTo(1);
        assertThat(new BigDecimal(today.path("cash_in").path("fiat").path("USD").asText()))
                .isEqualByComparingTo("12.50");
        assertThat(summary.path("days").get(28).path("cash_in").path("count").asInt())
                .isEqualTo(1);
        assertThat(summary.path("days").get(0).path("cash_in").path("count").asInt())
                .isZero();
        assertThat(api.admin("GET", "/api/admin/summary?days=0", null).status()).isEqualTo(400);
        assertThat(api.admin("GET", "/api/admin/summary?days=91", null).status())
                .isEqualTo(400);
    }

    @Test
    void theFleetShowsMachinesOfflineAfterTheConfiguredTimeAndCassettesAgainstTheirCapacity() {
        server(new ConsoleSettings(0, Duration.ofMinutes(10), 500, Map.of()));
        api.apps.replaceCassettes(
                FakeApps.ATM,
                List.of(
                        new Cassette(1, FiatAmount.ofMajor("USD", "20"), 99),
                        new Cassette(2, FiatAmount.ofMajor("USD", "50"), 100)));
        devices.add(new Device(
                DeviceId.of("aa".repeat(32)),
                FakeApps.ATM,
                "aveiro",
                2,
                0,
                Txs.CREATED,
                Optional.of(clock.instant().minus(Duration.ofMinutes(9))),
                Optional.of("idle")));
        devices.add(new Device(
                DeviceId.of("bb".repeat(32)),
                FakeApps.OTHER,
                "tejo",
                4,
                0,
                Txs.CREATED,
                Optional.of(clock.instant().minus(Duration.ofMinutes(11))),
                Optional.empty()));
        api.operator.page =
                new Page<>(List.of(Txs.cashOut(FakeApps.ATM, "b1", CashOutStatus.CONFIRMED)), Optional.empty());

        JsonNode fleet = api.admin("GET", "/api/admin/fleet", null).json();

        JsonNode lobby = fleet.path("apps").get(0);
        assertThat(lobby.path("app_id").asText()).isEqualTo("atm-1");
        assertThat(lobby.path("devices").get(0).path("offline").asBoolean()).isFalse();
        assertThat(fleet.path("apps")
                        .get(1)
                        .path("devices")
                        .get(0)
                        .path("offline")
                        .asBoolean())
                .isTrue();
        assertThat(lobby.path("cassettes"))
                .extracting(c -> c.path("capacity").asInt())
                .containsExactly(500, 500);
        assertThat(lobby.path("cassettes"))
                .extracting(c -> c.path("refill").asBoolean())
                .as("under a fifth of 500 wants a refill")
                .containsExactly(true, false);
        assertThat(lobby.path("today").path("cash_out").path("count").asInt()).isEqualTo(1);
        assertThat(fleet.path("offline_after_minutes").asInt()).isEqualTo(10);
    }

    @Test
    void theProblemsListTheLowBalanceStuckLatePriceFlaggedAndBackendFailures() {
        server(new ConsoleSettings(2_000, Duration.ofMinutes(10), 2000, Map.of()));
        CashInTransaction stuck = Txs.cashIn(FakeApps.ATM, "c1");
        api.operator.stuck = List.of(stuck);
        CashOutTransaction flagged = Txs.dispensed(FakeApps.ATM, "c2");
        CashOutTransaction late = withUpdated(
                Txs.cashOut(FakeApps.ATM, "c3", CashOutStatus.CONFIRMED), Txs.EXPIRES.plusSeconds(30), "33");
        CashOutTransaction onTime = withUpdated(
                Txs.cashOut(FakeApps.ATM, "c4", CashOutStatus.CONFIRMED), Txs.EXPIRES.plusSeconds(60), "44");
        CashInTransaction paidAfterRefund = refunded(Txs.cashIn(FakeApps.ATM, "c5"));
        store(late, action("2026-03-01T10:10:20Z", Actor.MONITOR, "invoice-paid", "paid"));
        store(
                onTime,
                action("2026-03-01T10:05:00Z", Actor.MONITOR, "invoice-paid", "paid"),
                action("2026-03-01T10:11:00Z", Actor.MACHINE, "dispense-confirmed", "reported"));
        store(
                paidAfterRefund,
                action("2026-03-01T10:30:00Z", Actor.RECONCILER, "paid-after-resolution", "after refunded"));
        api.operator.page = new Page<>(List.of(flagged, late, onTime, paidAfterRefund), Optional.empty());

        JsonNode problems = api.admin("GET", "/api/admin/problems", null).json();

        assertThat(problems.path("balance").path("available_sat").asLong()).isEqualTo(1_234);
        assertThat(problems.path("balance").path("low").asBoolean())
                .as("1,234 sats is under the alarm of 2,000")
                .isTrue();
        assertThat(problems.path("stuck_cash_ins"))
                .extracting(t -> t.path("id").asText())
                .containsExactly("c1");
        assertThat(problems.path("price_flagged"))
                .extracting(t -> t.path("id").asText())
                .containsExactly("c2");
        assertThat(problems.path("paid_late"))
                .extracting(t -> t.path("id").asText())
                .containsExactly("c3", "c5");
        assertThat(problems.path("backend_errors")).isEmpty();

        api.operator.failure = new LightningBackendException(LightningBackendException.Kind.UNAVAILABLE, "down");
        ApiHarness.Reply failed = api.admin("GET", "/api/admin/balance", null);
        assertThat(failed.status()).isEqualTo(502);
        JsonNode after = api.admin("GET", "/api/admin/problems", null).json();
        assertThat(after.path("balance").path("error").asText()).contains("unavailable");
        assertThat(after.path("backend_errors"))
                .extracting(e -> e.path("route").asText())
                .containsExactly("/api/admin/problems", "/api/admin/balance");
        clock.advance(Duration.ofMinutes(61));
        api.operator.failure = null;
        assertThat(api.admin("GET", "/api/admin/problems", null).json().path("backend_errors"))
                .as("only the last hour")
                .isEmpty();
    }

    @Test
    void theConsoleSettingsShowTheSalesSettingsReadOnly() {
        server(new ConsoleSettings(5_000, Duration.ofMinutes(15), 1000, Map.of("Price", "50,000 sats")));
        JsonNode settings = api.admin("GET", "/api/admin/console", null).json();
        assertThat(settings.path("low_balance_sats").asLong()).isEqualTo(5_000);
        assertThat(settings.path("offline_after_minutes").asInt()).isEqualTo(15);
        assertThat(settings.path("provisioning").path("Price").asText()).isEqualTo("50,000 sats");
        assertThat(settings.path("provisioning_enabled").asBoolean())
                .as("the harness sells nothing")
                .isFalse();
    }

    private static CashInTransaction withCreated(CashInTransaction t, Instant created) {
        return new CashInTransaction(
                t.id(),
                t.appId(),
                t.txVersion(),
                t.fiat(),
                t.cryptoAtoms(),
                t.pricing(),
                t.toAddress(),
                t.bills(),
                t.payment(),
                created,
                created,
                t.lastPost());
    }

    private static CashInTransaction refunded(CashInTransaction t) {
        return t.withPayment(
                new CashInPayment.Refunded(Optional.empty(), new TxError("refunded", "the operator refunded it")),
                t.updatedAt());
    }

    /** A payment hash belongs to one transaction only: {@code hashByte} repeated makes each its own. */
    private static CashOutTransaction withUpdated(CashOutTransaction t, Instant updated, String hashByte) {
        CashOutTransaction.Invoice invoice = new CashOutTransaction.Invoice(
                t.invoice().bolt11(),
                PaymentHash.fromHex(hashByte.repeat(32)),
                t.invoice().expiresAt());
        return new CashOutTransaction(
                t.id(),
                t.appId(),
                t.txVersion(),
                t.fiat(),
                t.cryptoAtoms(),
                t.pricing(),
                invoice,
                t.state(),
                t.priceFlagged(),
                t.error(),
                t.createdAt(),
                updated,
                t.lastPost());
    }
}
