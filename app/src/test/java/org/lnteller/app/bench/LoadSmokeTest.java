package org.lnteller.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnteller.adapter.jdbc.JdbcStores;
import org.lnteller.app.bench.LoadDriver.CapacityResult;
import org.lnteller.app.bench.LoadDriver.LifecycleResult;
import org.lnteller.app.bench.Machine.Prices;
import org.lnteller.app.config.Config;
import org.lnteller.app.config.Settings;
import org.lnteller.app.server.LntellerServer;

/**
 * The load benchmark, small: ten machines run cash-outs and cash-ins against the real server (in
 * this JVM, on H2 and the simulated backend) over real HTTP for a few seconds, then the POST /tx
 * capacity of the server and of the floor is taken briefly. It checks correctness only (no errors,
 * every lifecycle complete) and prints the figures, which on a shared CI machine mean little.
 * The full benchmark is {@code bench/run}.
 */
class LoadSmokeTest {
    private static final String ADMIN_TOKEN = "adm_bench_smoke_0123456789";

    @TempDir
    Path data;

    @TempDir
    Path driverData;

    @TempDir
    Path floorData;

    @Test
    void tenMachinesCompleteEveryCashOutAndCashInWithoutASingleErrorAnswer() {
        Plan plan = new Plan(
                10,
                Duration.ofSeconds(6),
                250,
                0.5,
                500,
                250,
                Duration.ofSeconds(20),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                9);
        Map<String, String> env = Map.of(
                "LNTELLER_DATA_DIR",
                data.toString(),
                "HTTP_PORT",
                "0",
                "ADMIN_TOKEN",
                ADMIN_TOKEN,
                "SIMULATED_BALANCE_SATS",
                "10000000000000",
                "MACHINE_PORT",
                "off");
        Errors errors = new Errors();
        Errors capacityErrors = new Errors();
        LifecycleResult lifecycles;
        CapacityResult serverCapacity;
        CapacityResult floorCapacity;
        Map<String, StatementProfile.Counts> profile;
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        try (LntellerServer server = LntellerServer.start(
                Config.from(Settings.of(env)),
                Clock.systemUTC(),
                new SecureRandom(),
                new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            List<String> tokens = LoadDriver.provision(base, ADMIN_TOKEN, plan.machines(), errors);
            Prices prices = LoadDriver.prices(base, tokens.get(0), errors);
            Customers customers = Customers.simulated(driverData, plan.machines(), ADMIN_TOKEN);
            profile = new StatementProfile(base, ADMIN_TOKEN, tokens.get(0), customers, prices, errors)
                    .measure()
                    .orElseThrow();
            lifecycles = LoadDriver.runLifecycles(
                    base, ADMIN_TOKEN, tokens, customers, prices, plan, errors, Optional.empty());
            List<String> invoices = LoadDriver.capacityInvoices(customers, prices, plan.machines());
            serverCapacity = LoadDriver.runCapacity(base, tokens, invoices, prices, plan, capacityErrors);
            try (FloorServer floor = FloorServer.start(JdbcStores.h2FileUrl(floorData.resolve("floor")), 0)) {
                floorCapacity = LoadDriver.runCapacity(
                        URI.create("http://127.0.0.1:" + floor.port()), tokens, invoices, prices, plan, capacityErrors);
            }
        }

        StatementProfile.print(System.out, profile);
        LoadDriver.printLifecycles(System.out, plan, lifecycles, errors);
        LoadDriver.printCapacity(System.out, "server", plan, serverCapacity);
        LoadDriver.printCapacity(System.out, "floor", plan, floorCapacity);
        LoadDriver.printErrors(System.out, capacityErrors);
        assertThat(errors.firstMessages()).as("errors of the lifecycle phase").isEmpty();
        assertThat(capacityErrors.firstMessages())
                .as("errors of the capacity phase")
                .isEmpty();
        assertThat(lifecycles.incomplete()).isZero();
        assertThat(profile)
                .as("statements per request, by kind")
                .containsKeys(
                        "cash-out: first post",
                        "cash-out: dispense post",
                        "cash-in: bill post (second bill)",
                        "cash-in: send post",
                        "poll: GET /tx/{id}, unchanged (304)");
        assertThat(profile.get("cash-out: first post").byKind().get("insert"))
                .as("a new cash-out is inserted")
                .isPositive();
        assertThat(lifecycles.cashOuts()).as("cash-outs completed").isPositive();
        assertThat(lifecycles.cashIns()).as("cash-ins completed").isPositive();
        assertThat(lifecycles.backend().backendCalls()).containsKeys("createInvoice", "pay");
        assertThat(serverCapacity.posts()).isPositive();
        assertThat(floorCapacity.posts()).isPositive();
    }
}
