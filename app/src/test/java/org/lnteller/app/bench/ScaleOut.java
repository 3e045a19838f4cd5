package org.lnteller.app.bench;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Several server instances on one database behind the driver: samples who holds each background
 * job's lease every 200 ms during the lifecycle phase, SIGKILLs one instance at a moment of the
 * phase (the one holding the most leases, after taking it out of the {@link Targets}, as a load
 * balancer's health check would), and
 * says afterwards whether two instances ever held one lease and how soon the survivor took over
 * the leases the dead one held.
 */
final class ScaleOut implements AutoCloseable {
    static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
    static final Duration TAKEOVER_PATIENCE = Duration.ofSeconds(60);

    /** A server instance: where it answers, its process, and its name as a lease holder. */
    record Instance(URI url, long pid, String holder) {}

    record Lease(String holder, OffsetDateTime expiresAt) {}

    /** The lease table at one moment: {@code at} by the driver's clock, {@code dbNow} by the database's. */
    record Sample(long atNanos, OffsetDateTime dbNow, Map<String, Lease> leases) {}

    /** What the kill did: whom, when, and the victim's CPU time and metrics just before. */
    record Kill(Instance victim, long atNanos, OptionalLong cpuMs, ServerMetrics metrics) {}

    /** A moment a lease changed holder before the previous holder's lease ran out. */
    record Overlap(String job, String from, String to, OffsetDateTime at, OffsetDateTime previousExpiry) {}

    /** How soon after the kill the survivor first held a lease the dead instance held. */
    record Takeover(String job, OptionalLong afterMs, double leaseLeftAtKillSeconds) {}

    private final List<Instance> instances;
    private final Targets targets;
    private final String dbUrl;
    private final Optional<Double> killAt;
    private final int clockTicks;
    private final String adminToken;
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> sampleErrors = new ArrayList<>();
    private volatile Kill kill;
    private volatile boolean stopped;
    private Thread sampler;
    private Thread killer;

    ScaleOut(
            List<Instance> instances,
            Targets targets,
            String dbUrl,
            Optional<Double> killAt,
            int clockTicks,
            String adminToken) {
        this.instances = List.copyOf(instances);
        this.targets = targets;
        this.dbUrl = dbUrl;
        this.killAt = killAt;
        this.clockTicks = clockTicks;
        this.adminToken = adminToken;
    }

    List<Instance> instances() {
        return instances;
    }

    Optional<Kill> kill() {
        return Optional.ofNullable(kill);
    }

    /** Starts sampling now and schedules the kill at {@code killAt} of {@code phase} from now. */
    void start(Duration phase) {
        long start = System.nanoTime();
        sampler = new Thread(this::sample, "lease-sampler");
        sampler.setDaemon(true);
        sampler.start();
        killAt.ifPresent(fraction -> {
            long at = start + (long) (phase.toNanos() * fraction);
            killer = new Thread(() -> killAt(at), "killer");
            killer.setDaemon(true);
            killer.start();
        });
    }

    private void sample() {
        try (Connection c = DriverManager.getConnection(dbUrl);
                Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            while (!stopped) {
                long at = System.nanoTime();
                Map<String, Lease> leases = new LinkedHashMap<>();
                OffsetDateTime now = null;
                try (ResultSet rs = st.executeQuery(
                        "SELECT job, holder, expires_at, CURRENT_TIMESTAMP AS db_now FROM job_leases")) {
                    while (rs.next()) {
                        leases.put(
                                rs.getString("job"),
                                new Lease(rs.getString("holder"), rs.getObject("expires_at", OffsetDateTime.class)));
                        now = rs.getObject("db_now", OffsetDateTime.class);
                    }
                }
                if (now != null) {
                    synchronized (samples) {
                        samples.add(new Sample(at, now, leases));
                    }
                }
                Thread.sleep(SAMPLE_EVERY.toMillis());
            }
        } catch (SQLException e) {
            synchronized (sampleErrors) {
                sampleErrors.add(e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killAt(long atNanos) {
        try {
            long wait = (atNanos - System.nanoTime()) / 1_000_000;
            if (wait > 0) Thread.sleep(wait);
        } catch (InterruptedException e) {
            return;
        }
        Instance victim = victim();
        ServerMetrics metrics;
        try {
            metrics = ServerMetrics.scrape(BenchHttp.newClient(), victim.url(), adminToken);
        } catch (RuntimeException e) {
            metrics = ServerMetrics.none();
        }
        // the balancer's health check fails first: requests in flight to it are lost, new ones go to the survivor
        targets.markDown(victim.url());
        OptionalLong cpu = ProcessProbe.cpuMillis(victim.pid(), clockTicks);
        long at = System.nanoTime();
        ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
        kill = new Kill(victim, at, cpu, metrics);
    }

    /** The instance holding the most job leases now (the last one when none holds any): its jobs must move. */
    private Instance victim() {
        List<Sample> all = samples();
        Map<String, Integer> held = new LinkedHashMap<>();
        if (!all.isEmpty())
            all.get(all.size() - 1).leases().values().forEach(l -> held.merge(l.holder(), 1, Integer::sum));
        Instance victim = instances.get(instances.size() - 1);
        for (Instance i : instances) {
            if (held.getOrDefault(i.holder(), 0) > held.getOrDefault(victim.holder(), 0)) victim = i;
        }
        return victim;
    }

    /**
     * Stops sampling; after a kill, not before the survivor holds every lease the dead instance
     * held (a lease runs out and the survivor's next pass takes it, which may be after the phase),
     * or {@code TAKEOVER_PATIENCE} passed.
     */
    @Override
    public void close() {
        Kill k = kill;
        long until = System.nanoTime() + TAKEOVER_PATIENCE.toNanos();
        while (k != null && System.nanoTime() < until && !takenOver(samples(), k)) {
            try {
                Thread.sleep(SAMPLE_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopped = true;
        if (killer != null) killer.interrupt();
        try {
            if (sampler != null) sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Every moment a job changed holder while the previous holder's lease had not run out yet. */
    static List<Overlap> overlaps(List<Sample> samples) {
        List<Overlap> out = new ArrayList<>();
        Map<String, Lease> last = new LinkedHashMap<>();
        for (Sample s : samples) {
            s.leases().forEach((job, lease) -> {
                Lease before = last.put(job, lease);
                if (before != null
                        && !before.holder().equals(lease.holder())
                        && s.dbNow().isBefore(before.expiresAt())) {
                    out.add(new Overlap(job, before.holder(), lease.holder(), s.dbNow(), before.expiresAt()));
                }
            });
        }
        return out;
    }

    private static boolean takenOver(List<Sample> samples, Kill kill) {
        List<Takeover> t = takeovers(samples, kill);
        return t.stream().allMatch(x -> x.afterMs().isPresent());
    }

    /** For each job the victim held at the kill: how long until another holder held it. */
    static List<Takeover> takeovers(List<Sample> samples, Kill kill) {
        Sample atKill = null;
        for (Sample s : samples) if (s.atNanos() <= kill.atNanos()) atKill = s;
        List<Takeover> out = new ArrayList<>();
        if (atKill == null) return out;
        String dead = kill.victim().holder();
        for (Map.Entry<String, Lease> e : atKill.leases().entrySet()) {
            if (!e.getValue().holder().equals(dead)) continue;
            double left =
                    Duration.between(atKill.dbNow(), e.getValue().expiresAt()).toMillis() / 1000.0;
            OptionalLong after = OptionalLong.empty();
            for (Sample s : samples) {
                if (s.atNanos() <= kill.atNanos()) continue;
                Lease now = s.leases().get(e.getKey());
                if (now != null && !now.holder().equals(dead)) {
                    after = OptionalLong.of((s.atNanos() - kill.atNanos()) / 1_000_000);
                    break;
                }
            }
            out.add(new Takeover(e.getKey(), after, left));
        }
        return out;
    }

    /** Prints the lease figures; false when two holders overlapped or a lease was not taken over. */
    boolean printLeases(PrintStream out) {
        List<Sample> all = samples();
        List<Overlap> overlaps = overlaps(all);
        out.printf(
                Locale.ROOT,
                "%nScale-out: %d instances on one database%n  lease samples         %d (every %d ms)%s%n",
                instances.size(),
                all.size(),
                SAMPLE_EVERY.toMillis(),
                sampleErrors.isEmpty() ? "" : ", sampling failed: " + sampleErrors);
        out.printf(Locale.ROOT, "  lease held by two     %d moments (must be 0)%n", overlaps.size());
        for (Overlap o : overlaps.subList(0, Math.min(5, overlaps.size())))
            out.printf(
                    Locale.ROOT,
                    "    %s: %s -> %s at %s, before %s%n",
                    o.job(),
                    o.from(),
                    o.to(),
                    o.at(),
                    o.previousExpiry());
        boolean ok = overlaps.isEmpty() && sampleErrors.isEmpty() && !all.isEmpty();
        Kill k = kill;
        if (killAt.isPresent() && k == null) {
            out.println("  kill                  did not happen (the phase ended first)");
            return false;
        }
        if (k != null) {
            out.printf(
                    Locale.ROOT,
                    "  kill                  SIGKILL to instance %s (pid %d, holder %s); requests lost to it and re-sent: %d%n",
                    k.victim().url(),
                    k.victim().pid(),
                    k.victim().holder(),
                    targets.lostToKill());
            List<Takeover> takeovers = takeovers(all, k);
            if (takeovers.isEmpty())
                out.println("  takeover              the killed instance held no lease at the kill");
            for (Takeover t : takeovers) {
                out.printf(
                        Locale.ROOT,
                        "  takeover              %-24s %s after the kill (its lease had %.1f s left)%n",
                        t.job(),
                        t.afterMs().isPresent()
                                ? String.format(
                                        Locale.ROOT, "%.1f s", t.afterMs().getAsLong() / 1000.0)
                                : "NEVER",
                        t.leaseLeftAtKillSeconds());
                if (t.afterMs().isEmpty()) ok = false;
            }
        }
        return ok;
    }
}
