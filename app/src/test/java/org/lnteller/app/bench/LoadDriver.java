package org.lnteller.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lnteller.adapter.simulated.SimulatedLightning;
import org.lnteller.app.bench.BenchHttp.Answer;
import org.lnteller.app.bench.Machine.Prices;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.Satoshi;

/**
 * The load driver: N simulated machines against a server over real HTTP, from a JVM of its own.
 *
 * <p>Against the lnteller server ({@code --target server}) it provisions one app per machine, runs
 * the lifecycle phase (cash-outs and cash-ins in the plan's mix, with Lamassu's think times and
 * polls, for the plan's duration; the figures operators ask for), then the POST /tx capacity phase
 * (every machine posts the first post of a lifecycle back to back, no think time: the most POST
 * /tx the server answers). Against the floor ({@code --target floor}) it runs only the capacity
 * phase, with the same bodies at the same concurrency, and prints the server's figure over the
 * floor's.
 *
 * <p>Every loop is bounded: machines stop starting lifecycles at the end of the duration and give
 * up on a lifecycle after the plan's timeout; every request has a 30 s timeout. It talks to the
 * URL it is given, which {@code bench/run} makes 127.0.0.1.
 */
public final class LoadDriver {
    static final Set<String> CASH_OUT_OPERATIONS = Set.of("createInvoice", "invoiceStatus");
    static final Set<String> CASH_IN_OPERATIONS = Set.of("pay", "paymentStatus", "probeFee");
    /** Used against the floor, which has no GET /rates: the simulated default (60,000 USD/BTC, 5 % each way). */
    static final Prices DEFAULT_PRICES = new Prices(new BigDecimal("57000"), new BigDecimal("63000"));

    private LoadDriver() {}

    /** Where the server under test runs, when it is a process of its own: for CPU time and RSS. */
    record ServerProcess(long pid, int clockTicksPerSecond, Optional<Path> gcLog) {}

    record LifecycleResult(
            long cashOuts,
            long cashIns,
            long incomplete,
            double seconds,
            Latencies latencies,
            ServerMetrics backend,
            OptionalLong serverCpuMs,
            long driverCpuMs,
            List<String> completedCashOuts,
            List<String> completedCashIns) {
        long lifecycles() {
            return cashOuts + cashIns;
        }
    }

    record CapacityResult(long posts, double seconds, Latencies latencies) {
        double postsPerSecond() {
            return seconds <= 0 ? 0 : posts / seconds;
        }
    }

    // ---------------------------------------------------------------- phases

    /** One app per machine, each with a cassette of $20 notes deep enough for any run. */
    static List<String> provision(URI base, String adminToken, int machines, Errors errors) {
        HttpClient client = BenchHttp.newClient();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < machines; i++) {
                String name = "bench-atm-" + i;
                tokens.add(pool.submit(() -> {
                    BenchHttp http = new BenchHttp(base, client, new Latencies(), errors);
                    Answer added = http.post(
                            "POST /api/admin/app/add",
                            "/api/admin/app/add",
                            Optional.of(adminToken),
                            "{\"name\":\"" + name + "\",\"cassettes\":[{\"denomination\":20,\"count\":50000}]}");
                    if (added.status() != 201)
                        throw new IllegalStateException(
                                "adding app " + name + " answered " + added.status() + ": " + added.raw());
                    return added.body().path("credentials").path("token").asText();
                }));
            }
            List<String> result = new ArrayList<>();
            for (Future<String> token : tokens) result.add(token.get(60, TimeUnit.SECONDS));
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("provisioning the machines failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The operator's prices for USD, as a machine reads them. */
    static Prices prices(URI base, String appToken, Errors errors) {
        BenchHttp http = new BenchHttp(base, BenchHttp.newClient(), new Latencies(), errors);
        Answer rates = http.get("GET /rates", "/rates", Optional.of(appToken));
        if (rates.status() != 200)
            throw new IllegalStateException("GET /rates answered " + rates.status() + ": " + rates.raw());
        for (JsonNode rate : rates.body().path("rates")) {
            if ("USD".equals(rate.path("fiatCode").asText())) {
                return new Prices(
                        rate.path("cashOut").path("price").decimalValue(),
                        rate.path("cashIn").path("price").decimalValue());
            }
        }
        throw new IllegalStateException("GET /rates has no USD price: " + rates.raw());
    }

    /** One customer wallet per machine, so that no wallet's ledger grows with the whole run. */
    static List<SimulatedLightning> customerWallets(Path dir, int machines) {
        SecureRandom random = new SecureRandom();
        List<SimulatedLightning> wallets = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            wallets.add(SimulatedLightning.open(
                    dir.resolve("customer-" + i),
                    Network.REGTEST,
                    Clock.systemUTC(),
                    random,
                    Satoshi.ZERO,
                    Satoshi.of(100_000_000)));
        }
        return wallets;
    }

    static LifecycleResult runLifecycles(
            URI base,
            String adminToken,
            List<String> appTokens,
            Customers customers,
            Prices prices,
            Plan plan,
            Errors errors,
            Optional<ServerProcess> server) {
        return runLifecycles(
                Targets.of(base),
                adminToken,
                appTokens,
                customers,
                prices,
                plan,
                errors,
                server.map(List::of).orElse(List.of()),
                Optional.empty());
    }

    /**
     * The lifecycle phase against every instance of {@code targets} (each request to one at random);
     * {@code servers} are their processes, in the same order, for CPU time; {@code scaleOut}, when
     * there, samples the leases and kills an instance during the phase.
     */
    static LifecycleResult runLifecycles(
            Targets targets,
            String adminToken,
            List<String> appTokens,
            Customers customers,
            Prices prices,
            Plan plan,
            Errors errors,
            List<ServerProcess> servers,
            Optional<ScaleOut> scaleOut) {
        HttpClient client = BenchHttp.newClient();
        List<ServerMetrics> before = new ArrayList<>();
        for (URI base : targets.all()) before.add(ServerMetrics.scrape(client, base, adminToken));
        List<OptionalLong> cpuBefore = new ArrayList<>();
        for (ServerProcess s : servers) cpuBefore.add(ProcessProbe.cpuMillis(s.pid(), s.clockTicksPerSecond()));
        long driverCpuBefore =
                ProcessProbe.cpuMillis(ProcessHandle.current().pid(), 100).orElse(0);

        scaleOut.ifPresent(s -> s.start(plan.duration()));
        long start = System.nanoTime();
        long deadline = start + plan.duration().toNanos();
        long spread = Math.min(2_000, Math.max(1, plan.duration().toMillis() / 10));
        Random stagger = new Random(plan.seed());
        List<Machine> machines = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.machines(); i++) {
            BenchHttp http = new BenchHttp(targets, client, new Latencies(), errors);
            Machine machine = new Machine(i, http, appTokens.get(i), customers, prices, plan, errors, deadline, (long)
                    (stagger.nextDouble() * spread));
            machines.add(machine);
            // small stacks: a thousand machines are a thousand threads, mostly asleep
            Thread thread = new Thread(null, machine, "machine-" + i, 256 * 1024);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        long joinBy = deadline
                + plan.lifecycleTimeout().toNanos()
                + Duration.ofSeconds(40).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long stillRunning = threads.stream().filter(Thread::isAlive).count();
        threads.forEach(Thread::interrupt);
        if (stillRunning > 0)
            errors.add("machine did not stop", stillRunning + " machines still running at the join deadline");
        double seconds = (System.nanoTime() - start) / 1e9;
        scaleOut.ifPresent(ScaleOut::close);
        Optional<ScaleOut.Kill> kill = scaleOut.flatMap(ScaleOut::kill);

        // a killed instance counts up to its kill: its CPU time and its metrics were read just before
        OptionalLong serverCpu = servers.isEmpty() ? OptionalLong.empty() : OptionalLong.of(0);
        for (int i = 0; i < servers.size(); i++) {
            ServerProcess s = servers.get(i);
            boolean killed = kill.isPresent() && kill.get().victim().pid() == s.pid();
            OptionalLong after = killed ? kill.get().cpuMs() : ProcessProbe.cpuMillis(s.pid(), s.clockTicksPerSecond());
            serverCpu = serverCpu.isPresent()
                            && after.isPresent()
                            && cpuBefore.get(i).isPresent()
                    ? OptionalLong.of(serverCpu.getAsLong()
                            + after.getAsLong()
                            - cpuBefore.get(i).getAsLong())
                    : OptionalLong.empty();
        }
        ServerMetrics backend = ServerMetrics.none();
        for (int i = 0; i < targets.all().size(); i++) {
            URI base = targets.all().get(i);
            ServerMetrics after = kill.isPresent() && kill.get().victim().url().equals(base)
                    ? kill.get().metrics()
                    : ServerMetrics.scrape(client, base, adminToken);
            backend = backend.plus(after.since(before.get(i)));
        }
        // the live heap after the lifecycles, before the capacity phase piles up more
        for (ServerProcess s : servers) {
            if (kill.isEmpty() || kill.get().victim().pid() != s.pid()) ProcessProbe.fullGc(s.pid());
        }
        long driverCpu =
                ProcessProbe.cpuMillis(ProcessHandle.current().pid(), 100).orElse(0) - driverCpuBefore;

        Latencies all = new Latencies();
        long outs = 0;
        long ins = 0;
        long incomplete = 0;
        List<String> completedCashOuts = new ArrayList<>();
        List<String> completedCashIns = new ArrayList<>();
        for (Machine m : machines) {
            completedCashOuts.addAll(m.completedCashOuts());
            completedCashIns.addAll(m.completedCashIns());
            all.addAll(m.latencies());
            outs += m.cashOutsDone();
            ins += m.cashInsDone();
            incomplete += m.incomplete();
        }
        return new LifecycleResult(
                outs,
                ins,
                incomplete,
                seconds,
                all,
                backend,
                serverCpu,
                driverCpu,
                completedCashOuts,
                completedCashIns);
    }

    /**
     * Every machine posts the first post of a lifecycle (a cash-out's, or a cash-in's with its bills,
     * in the plan's mix) as soon as the previous one is answered: the most POST /tx the target takes
     * at this concurrency. Only answers that arrive after the warm-up and before the end count.
     */
    static CapacityResult runCapacity(
            URI base, List<String> appTokens, List<String> customerInvoices, Prices prices, Plan plan, Errors errors) {
        return runCapacity(Targets.of(base), appTokens, customerInvoices, prices, plan, errors);
    }

    static CapacityResult runCapacity(
            Targets targets,
            List<String> appTokens,
            List<String> customerInvoices,
            Prices prices,
            Plan plan,
            Errors errors) {
        HttpClient client = BenchHttp.newClient();
        long start = System.nanoTime();
        long measureFrom = start + plan.capacityWarmup().toNanos();
        long end = measureFrom + plan.capacity().toNanos();
        AtomicLong posts = new AtomicLong();
        List<Latencies> recorded = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.machines(); i++) {
            int index = i;
            Latencies mine = new Latencies();
            recorded.add(mine);
            BenchHttp http = new BenchHttp(targets, client, new Latencies(), errors);
            Random random = new Random(plan.seed() * 31 + i);
            Thread thread = new Thread(
                    null,
                    () -> {
                        long sequence = 0;
                        while (System.nanoTime() < end
                                && !Thread.currentThread().isInterrupted()) {
                            String id = new java.util.UUID(((long) index << 32) | (++sequence), random.nextLong())
                                    .toString();
                            String body = random.nextDouble() < plan.cashOutShare()
                                    ? "{\"id\":\"" + id
                                            + "\",\"direction\":\"cashOut\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\","
                                            + "\"cryptoAtoms\":\"" + prices.cashOutSats(20) + "\",\"txVersion\":1}"
                                    : "{\"id\":\"" + id
                                            + "\",\"direction\":\"cashIn\",\"cryptoCode\":\"LN\",\"fiat\":\"20\",\"fiatCode\":\"USD\","
                                            + "\"cryptoAtoms\":\"" + prices.cashInSats(20) + "\",\"toAddress\":\""
                                            + customerInvoices.get(index)
                                            + "\",\"bills\":[{\"denomination\":20,\"fiatCode\":\"USD\"}],\"txVersion\":1,\"send\":false}";
                            long sent = System.nanoTime();
                            Answer answer = http.post(Machine.POST_TX, "/tx", Optional.of(appTokens.get(index)), body);
                            long answered = System.nanoTime();
                            if (answer.status() == 0) continue;
                            if (sent >= measureFrom && answered <= end) {
                                mine.record(Machine.POST_TX, (answered - sent) / 1_000);
                                if (answer.ok()) posts.incrementAndGet();
                            }
                        }
                    },
                    "capacity-" + i,
                    256 * 1024);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        long joinBy = end
                + BenchHttp.REQUEST_TIMEOUT.toNanos()
                + Duration.ofSeconds(5).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.forEach(Thread::interrupt);
        Latencies all = new Latencies();
        recorded.forEach(all::addAll);
        return new CapacityResult(posts.get(), plan.capacity().toNanos() / 1e9, all);
    }

    /** One invoice per capacity worker, from one customer: the capacity phase never pays them. */
    static List<String> capacityInvoices(Customers customers, Prices prices, int machines) {
        List<String> invoices = new ArrayList<>();
        for (int i = 0; i < machines; i++) invoices.add(customers.invoice(0, prices.cashInSats(20)));
        return invoices;
    }

    // ---------------------------------------------------------------- report

    static void printLifecycles(PrintStream out, Plan plan, LifecycleResult r, Errors errors) {
        out.printf(
                Locale.ROOT,
                "%nLifecycle phase: %d machines, %ds, polls every %d ms, cash-out share %.2f, customer pays after %d ms%n",
                plan.machines(),
                plan.duration().toSeconds(),
                plan.pollMs(),
                plan.cashOutShare(),
                plan.payDelayMs());
        out.printf(
                Locale.ROOT,
                "  lifecycles completed  %d (cash-out %d, cash-in %d) in %.1f s: %.2f lifecycles/s%n",
                r.lifecycles(),
                r.cashOuts(),
                r.cashIns(),
                r.seconds(),
                r.lifecycles() / r.seconds());
        out.printf(Locale.ROOT, "  incomplete lifecycles %d%n", r.incomplete());
        printLatencies(out, r.latencies(), r.seconds());
        if (r.serverCpuMs().isPresent() && r.lifecycles() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  server CPU            %.1f s in total, %.1f ms per lifecycle, %.0f %% of one core%n",
                    r.serverCpuMs().getAsLong() / 1000.0,
                    (double) r.serverCpuMs().getAsLong() / r.lifecycles(),
                    r.serverCpuMs().getAsLong() / 10.0 / r.seconds());
        } else {
            out.println("  server CPU            n/a (server in this process)");
        }
        out.printf(
                Locale.ROOT,
                "  driver CPU            %.1f s (the driver shares the machine's cores)%n",
                r.driverCpuMs() / 1000.0);
        out.printf(
                Locale.ROOT,
                "  backend calls         %d in total %s%n",
                r.backend().totalCalls(),
                r.backend().backendCalls());
        out.printf(
                Locale.ROOT,
                "    per cash-out        %s%n",
                perLifecycle(r.backend().backendCalls(), CASH_OUT_OPERATIONS, r.cashOuts()));
        out.printf(
                Locale.ROOT,
                "    per cash-in         %s%n",
                perLifecycle(r.backend().backendCalls(), CASH_IN_OPERATIONS, r.cashIns()));
        if (!r.backend().backendFailures().isEmpty())
            out.println("    not ok              " + r.backend().backendFailures());
        printErrors(out, errors);
    }

    static String perLifecycle(Map<String, Long> calls, Set<String> operations, long lifecycles) {
        if (lifecycles == 0) return "n/a";
        StringBuilder s = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> e : calls.entrySet()) {
            if (!operations.contains(e.getKey())) continue;
            total += e.getValue();
            s.append(String.format(Locale.ROOT, " %s %.2f", e.getKey(), (double) e.getValue() / lifecycles));
        }
        return String.format(
                Locale.ROOT,
                "%.2f (%s )",
                (double) total / lifecycles,
                s.toString().strip());
    }

    static void printLatencies(PrintStream out, Latencies latencies, double seconds) {
        out.printf(
                Locale.ROOT,
                "  %-46s %8s %8s %8s %8s %8s %8s%n",
                "route",
                "count",
                "req/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms");
        latencies
                .summaries()
                .forEach((route, s) -> out.printf(
                        Locale.ROOT,
                        "  %-46s %8d %8.1f %8.1f %8.1f %8.1f %8.1f%n",
                        route,
                        s.count(),
                        s.count() / seconds,
                        s.p50() / 1000.0,
                        s.p95() / 1000.0,
                        s.p99() / 1000.0,
                        s.max() / 1000.0));
    }

    static void printCapacity(PrintStream out, String target, Plan plan, CapacityResult r) {
        out.printf(
                Locale.ROOT,
                "%nPOST /tx capacity against the %s: %d machines back to back, %ds measured after %ds warm-up%n",
                target,
                plan.machines(),
                plan.capacity().toSeconds(),
                plan.capacityWarmup().toSeconds());
        out.printf(Locale.ROOT, "  POST /tx              %.1f posts/s%n", r.postsPerSecond());
        printLatencies(out, r.latencies(), r.seconds());
    }

    static void printErrors(PrintStream out, Errors errors) {
        out.printf(
                Locale.ROOT,
                "  errors                %d%s%n",
                errors.total(),
                errors.total() == 0 ? "" : " " + errors.byKind());
        for (String message : errors.firstMessages()) out.println("    " + message);
    }

    static void printServerProcess(PrintStream out, ServerProcess server) {
        OptionalLong hwm = ProcessProbe.statusKb(server.pid(), "VmHWM");
        OptionalLong rss = ProcessProbe.statusKb(server.pid(), "VmRSS");
        out.printf(
                Locale.ROOT,
                "%nServer process %d%n  peak RSS (VmHWM)      %s MB, now %s MB%n",
                server.pid(),
                hwm.isPresent() ? String.valueOf(hwm.getAsLong() / 1024) : "n/a",
                rss.isPresent() ? String.valueOf(rss.getAsLong() / 1024) : "n/a");
        server.gcLog().ifPresent(log -> {
            ProcessProbe.GcSummary gc = ProcessProbe.gcLog(log);
            out.printf(
                    Locale.ROOT,
                    "  heap (GC log)         peak %d MB before a collection, at most %d MB after one, %d MB committed%n",
                    gc.peakBeforeMb(),
                    gc.maxAfterMb(),
                    gc.committedMb());
            out.printf(
                    Locale.ROOT,
                    "  live heap             %s MB after a full collection at the end of the lifecycle phase%n",
                    gc.lastFullAfterMb().isPresent()
                            ? String.valueOf(gc.lastFullAfterMb().getAsLong())
                            : "n/a");
            out.printf(
                    Locale.ROOT,
                    "  GC pauses             %d, %.0f ms in total, longest %.1f ms%n",
                    gc.collections(),
                    gc.pauseMs(),
                    gc.maxPauseMs());
        });
    }

    // ---------------------------------------------------------------- main

    /**
     * {@code --target server|floor --url U [--admin-token T] [--machines N] [--duration S] [--poll-ms MS]
     * [--mix cashout=0.7] [--pay-delay-ms MS] [--cashin-think-ms MS] [--capacity S] [--capacity-warmup S]
     * [--server-pid P --clk-tck 100 --gc-log FILE] [--work-dir D] [--out FILE] [--server-result FILE]
     * [--lnd-control URL] [--db-url JDBC] [--server-data DIR] [--kill-at 0.5|none]}. Several instances:
     * {@code --url}, {@code --server-pid}, {@code --gc-log} and {@code --server-data} comma-separated, in
     * the same order. {@code --lnd-control}: the customers use the LND stand-in's control port; with
     * {@code --db-url} too, the exactly-once checks run after the lifecycle phase.
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        Plan plan = plan(options);
        String target = options.getOrDefault("target", "server");
        List<URI> urls = new ArrayList<>();
        for (String url : required(options, "url").split(",")) urls.add(loopback(url));
        URI base = urls.get(0);
        Targets targets = new Targets(urls);
        Path workDir = Path.of(options.getOrDefault(
                "work-dir", Files.createTempDirectory("lnteller-bench").toString()));
        Errors errors = new Errors();
        Properties result = new Properties();
        PrintStream out = System.out;

        if ("server".equals(target)) {
            String adminToken = required(options, "admin-token");
            int clockTicks = Integer.parseInt(options.getOrDefault("clk-tck", "100"));
            List<String> pids = options.containsKey("server-pid")
                    ? List.of(options.get("server-pid").split(","))
                    : List.of();
            List<String> gcLogs = options.containsKey("gc-log")
                    ? List.of(options.get("gc-log").split(","))
                    : List.of();
            List<ServerProcess> servers = new ArrayList<>();
            for (int i = 0; i < pids.size(); i++) {
                servers.add(new ServerProcess(
                        Long.parseLong(pids.get(i)),
                        clockTicks,
                        i < gcLogs.size() ? Optional.of(Path.of(gcLogs.get(i))) : Optional.empty()));
            }
            Optional<URI> lndControl =
                    Optional.ofNullable(options.get("lnd-control")).map(LoadDriver::loopback);
            Optional<String> dbUrl = Optional.ofNullable(options.get("db-url"));
            Optional<ScaleOut> scaleOut = scaleOut(options, urls, servers, targets, dbUrl, adminToken);
            List<String> tokens = provision(base, adminToken, plan.machines(), errors);
            Prices prices = prices(base, tokens.get(0), errors);
            Customers customers = lndControl.isPresent()
                    ? Customers.lnd(lndControl.get(), errors)
                    : Customers.simulated(workDir.resolve("customers"), plan.machines(), adminToken);
            new StatementProfile(base, adminToken, tokens.get(0), customers, prices, errors)
                    .measure()
                    .ifPresent(profile -> {
                        StatementProfile.print(out, profile);
                        StatementProfile.record(result, profile);
                    });
            LifecycleResult lifecycles =
                    runLifecycles(targets, adminToken, tokens, customers, prices, plan, errors, servers, scaleOut);
            printLifecycles(out, plan, lifecycles, errors);
            record(result, "lifecycle", lifecycles);
            result.setProperty("lifecycle.errors", Long.toString(errors.total()));
            boolean checked = true;
            if (scaleOut.isPresent()) checked = scaleOut.get().printLeases(out);
            if (lndControl.isPresent() && dbUrl.isPresent()) {
                ExactlyOnce once = ExactlyOnce.check(
                        dbUrl.get(), lndControl.get(), lifecycles.completedCashOuts(), lifecycles.completedCashIns());
                once.print(out);
                checked &= once.ok();
            }
            if (!checked) errors.add("scale-out check", "a lease or exactly-once check failed (see above)");
            if (!plan.capacity().isZero()) {
                List<String> invoices = capacityInvoices(customers, prices, plan.machines());
                Errors capacityErrors = new Errors();
                CapacityResult capacity = runCapacity(targets, tokens, invoices, prices, plan, capacityErrors);
                printCapacity(out, "server", plan, capacity);
                printErrors(out, capacityErrors);
                result.setProperty(
                        "capacity.postsPerSecond", String.format(Locale.ROOT, "%.1f", capacity.postsPerSecond()));
                result.setProperty("capacity.errors", Long.toString(capacityErrors.total()));
                Latencies.Summary s =
                        capacity.latencies().summaries().getOrDefault(Machine.POST_TX, Latencies.Summary.EMPTY);
                result.setProperty("capacity.p99ms", String.format(Locale.ROOT, "%.1f", s.p99() / 1000.0));
            }
            Optional<ScaleOut.Kill> kill = scaleOut.flatMap(ScaleOut::kill);
            servers.stream()
                    .filter(s -> kill.isEmpty() || kill.get().victim().pid() != s.pid())
                    .forEach(s -> {
                        printServerProcess(out, s);
                        ProcessProbe.statusKb(s.pid(), "VmHWM")
                                .ifPresent(kb -> result.setProperty("server.vmHwmMb", Long.toString(kb / 1024)));
                        s.gcLog()
                                .ifPresent(log -> result.setProperty(
                                        "server.heapPeakMb",
                                        Long.toString(ProcessProbe.gcLog(log).peakBeforeMb())));
                    });
        } else if ("floor".equals(target)) {
            Customers customers = Customers.simulated(workDir.resolve("floor-customer"), 1, "floor-has-no-admin");
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < plan.machines(); i++) tokens.add("floor-has-no-auth-" + i);
            List<String> invoices = capacityInvoices(customers, DEFAULT_PRICES, plan.machines());
            CapacityResult capacity = runCapacity(base, tokens, invoices, DEFAULT_PRICES, plan, errors);
            printCapacity(out, "floor (bare Javalin + one JDBI INSERT)", plan, capacity);
            printErrors(out, errors);
            result.setProperty("floor.postsPerSecond", String.format(Locale.ROOT, "%.1f", capacity.postsPerSecond()));
            result.setProperty("floor.errors", Long.toString(errors.total()));
            Optional<String> serverResult = Optional.ofNullable(options.get("server-result"));
            if (serverResult.isPresent()) {
                Properties server = new Properties();
                try (Reader reader = Files.newBufferedReader(Path.of(serverResult.get()))) {
                    server.load(reader);
                }
                double serverPosts = Double.parseDouble(server.getProperty("capacity.postsPerSecond", "0"));
                double ratio = capacity.postsPerSecond() == 0 ? 0 : serverPosts / capacity.postsPerSecond();
                // issue #17's targets: half the floor on H2, 0.7 of it on PostgreSQL (bench/run passes it)
                String ratioTarget = options.getOrDefault("ratio-target", "0.50");
                out.printf(
                        Locale.ROOT,
                        "%nPOST /tx throughput: server %.1f/s, floor %.1f/s, ratio %.2f (target >= %s)%n",
                        serverPosts,
                        capacity.postsPerSecond(),
                        ratio,
                        ratioTarget);
                result.setProperty("ratio", String.format(Locale.ROOT, "%.2f", ratio));
            }
        } else {
            throw new IllegalArgumentException("--target must be server or floor, not " + target);
        }
        Optional<String> outFile = Optional.ofNullable(options.get("out"));
        if (outFile.isPresent()) {
            try (Writer writer = Files.newBufferedWriter(Path.of(outFile.get()))) {
                result.store(writer, "lnteller bench");
            }
        }
        out.flush();
        // the HTTP client's and the wallets' threads must not keep the JVM alive; a failed run exits non-zero
        System.exit(errors.total() == 0 ? 0 : 1);
    }

    private static void record(Properties p, String prefix, LifecycleResult r) {
        p.setProperty(prefix + ".completed", Long.toString(r.lifecycles()));
        p.setProperty(prefix + ".incomplete", Long.toString(r.incomplete()));
        p.setProperty(prefix + ".perSecond", String.format(Locale.ROOT, "%.2f", r.lifecycles() / r.seconds()));
        r.serverCpuMs()
                .ifPresent(ms -> p.setProperty(
                        prefix + ".serverCpuMsPerLifecycle",
                        String.format(Locale.ROOT, "%.1f", r.lifecycles() == 0 ? 0 : (double) ms / r.lifecycles())));
        r.latencies()
                .summaries()
                .forEach((route, s) -> p.setProperty(
                        prefix + ".p99ms." + route.replace(' ', '_'),
                        String.format(Locale.ROOT, "%.1f", s.p99() / 1000.0)));
        long outCalls = r.backend().backendCalls().entrySet().stream()
                .filter(e -> CASH_OUT_OPERATIONS.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        if (r.cashOuts() > 0)
            p.setProperty(
                    prefix + ".backendCallsPerCashOut",
                    String.format(Locale.ROOT, "%.2f", (double) outCalls / r.cashOuts()));
    }

    static Plan plan(Map<String, String> o) {
        Plan d = Plan.defaults();
        double share = d.cashOutShare();
        if (o.containsKey("mix")) {
            String mix = o.get("mix");
            if (!mix.startsWith("cashout="))
                throw new IllegalArgumentException("--mix is cashout=<share 0..1>, not " + mix);
            share = Double.parseDouble(mix.substring("cashout=".length()));
        }
        return new Plan(
                Integer.parseInt(o.getOrDefault("machines", String.valueOf(d.machines()))),
                Duration.ofSeconds(Long.parseLong(
                        o.getOrDefault("duration", String.valueOf(d.duration().toSeconds())))),
                Long.parseLong(o.getOrDefault("poll-ms", String.valueOf(d.pollMs()))),
                share,
                Long.parseLong(o.getOrDefault("pay-delay-ms", String.valueOf(d.payDelayMs()))),
                Long.parseLong(o.getOrDefault("cashin-think-ms", String.valueOf(d.cashInThinkMs()))),
                d.lifecycleTimeout(),
                Duration.ofSeconds(Long.parseLong(
                        o.getOrDefault("capacity", String.valueOf(d.capacity().toSeconds())))),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault(
                        "capacity-warmup", String.valueOf(d.capacityWarmup().toSeconds())))),
                d.seed());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
                throw new IllegalArgumentException("expected --name value at " + args[i]);
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** A load generator: never aimed at anything but this machine. */
    private static URI loopback(String url) {
        URI uri = URI.create(url);
        try {
            if (uri.getHost() != null && InetAddress.getByName(uri.getHost()).isLoopbackAddress()) return uri;
        } catch (java.net.UnknownHostException e) {
            // refused below
        }
        throw new IllegalArgumentException("a URL must be a loopback address (127.0.0.1), not " + url);
    }

    /**
     * With more than one instance: the lease sampler and, unless {@code --kill-at none}, the kill
     * of the last instance at {@code --kill-at} (0.5) of the lifecycle phase. The instances' lease
     * holder names are read from their data folders ({@code --server-data}, comma-separated).
     */
    private static Optional<ScaleOut> scaleOut(
            Map<String, String> options,
            List<URI> urls,
            List<ServerProcess> servers,
            Targets targets,
            Optional<String> dbUrl,
            String adminToken)
            throws IOException {
        if (urls.size() < 2) return Optional.empty();
        String[] dataDirs = required(options, "server-data").split(",");
        if (dbUrl.isEmpty() || servers.size() != urls.size() || dataDirs.length != urls.size())
            throw new IllegalArgumentException(
                    "several instances need --db-url, and one --server-pid and --server-data each");
        List<ScaleOut.Instance> instances = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String holder =
                    Files.readString(Path.of(dataDirs[i], "instance-id")).strip();
            instances.add(new ScaleOut.Instance(urls.get(i), servers.get(i).pid(), holder));
        }
        String killAt = options.getOrDefault("kill-at", "0.5");
        Optional<Double> fraction = "none".equals(killAt) ? Optional.empty() : Optional.of(Double.parseDouble(killAt));
        fraction.ifPresent(f -> {
            if (f < 0 || f > 1) throw new IllegalArgumentException("--kill-at is a fraction 0..1 or none, not " + f);
        });
        return Optional.of(new ScaleOut(
                instances, targets, dbUrl.get(), fraction, servers.get(0).clockTicksPerSecond(), adminToken));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) throw new IllegalArgumentException("--" + name + " is required");
        return value;
    }
}
