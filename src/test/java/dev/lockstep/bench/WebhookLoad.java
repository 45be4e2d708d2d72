package dev.lockstep.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.support.CrmEvents;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The webhook benchmark ({@code bench/webhook-load}): crm-to-billing on real PostgreSQL, events
 * posted at fixed rates, latency from each post to its billing row's write, then the same phases
 * against {@link BaselineHandler} in the same run for the ratio. Measures and reports; never fails
 * on a figure. Arguments: {@code --rates=500,1000,2000,5000 --seconds=5 --resolution=125 --spike=10000 --spikes=3 --warmup=45}.
 */
public final class WebhookLoad {

    /** Events applied per inbox poll at most, by Lockstep (lockstep.inbox.batch-size) and the baseline alike. */
    private static final int BATCH = 1000;

    private WebhookLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int[] rates = Arrays.stream(opts.getOrDefault("rates", "500,1000,2000,5000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "5"));
        int spike = Integer.parseInt(opts.getOrDefault("spike", "10000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "45"));
        // The spike is measured this many times and its median taken: one spike lasts about two seconds,
        // and single spikes on this shared machine differed by a third between runs.
        int spikes = Integer.parseInt(opts.getOrDefault("spikes", "3"));
        // The highest sustained rate is searched between the fixed rates to within this many events/s.
        int resolution = Integer.parseInt(opts.getOrDefault("resolution", "125"));
        // For profiling one side: --only=lockstep or --only=baseline (then no ratio is printed).
        String only = opts.getOrDefault("only", "");

        TestDatabases pg = TestDatabases.get();
        String stateUrl = pg.createDatabase("lockstep_bench");
        String billingUrl = pg.createDatabase("billing_bench");
        DataSource stateDb = pool(stateUrl, pg);
        DataSource billingDb = pool(billingUrl, pg);
        String machine = machine(billingDb);
        System.out.println("[bench] " + machine);

        List<LoadRun.Result> lockstep = new ArrayList<>();
        if (!only.equals("baseline")) try (ConfigurableApplicationContext app = LockstepProcess.start(stateUrl, billingUrl,
                "logging.level.root=WARN", "logging.level.dev.lockstep=WARN", "lockstep.inbox.poll-delay-ms=10", "lockstep.inbox.batch-size=" + BATCH,
                "lockstep.shutdown.refuse-period=0s")) {
            String url = "http://127.0.0.1:" + LockstepProcess.port(app) + "/webhooks/crm/contacts";
            phases("lockstep", url, warmup, rates, seconds, resolution, spike, spikes, billingDb,
                    "SELECT customer_ref, synced_at FROM billing_customer WHERE customer_ref LIKE ?", lockstep);
        }
        List<LoadRun.Result> baseline = new ArrayList<>();
        if (!only.equals("lockstep")) try (BaselineHandler handler = new BaselineHandler(stateDb, billingDb, BATCH)) {
            phases("baseline", handler.url(), warmup, rates, seconds, resolution, spike, spikes, billingDb,
                    "SELECT customer_ref, synced_at FROM baseline_customer WHERE customer_ref LIKE ?", baseline);
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        if (!lockstep.isEmpty()) {
            figures.put("sustained_eps", sustained(lockstep));
            figures.put("p99_ms_at_2000", lockstep.stream().filter(r -> r.target() == 2000).mapToDouble(LoadRun.Result::p99).findFirst().orElse(Double.NaN));
            figures.put("spike_eps", Math.round(spikeEps(lockstep)));
        }
        if (!baseline.isEmpty()) {
            figures.put("baseline_sustained_eps", sustained(baseline));
            figures.put("baseline_spike_eps", Math.round(spikeEps(baseline)));
        }
        if (!lockstep.isEmpty() && !baseline.isEmpty()) {
            // The issue's ratio: the highest rate each side sustains with p99 at most 50 ms, Lockstep over the baseline.
            figures.put("ratio_vs_baseline", Math.round(100.0 * sustained(lockstep) / Math.max(1, sustained(baseline))) / 100.0);
            // Burst capacity: end-to-end throughput of the 10,000-event spike (median of the spikes), Lockstep over the baseline.
            figures.put("spike_ratio_vs_baseline", Math.round(100.0 * spikeEps(lockstep) / spikeEps(baseline)) / 100.0);
        }
        figures.put("lost", lockstep.stream().mapToInt(LoadRun.Result::lost).sum());
        figures.put("duplicated", lockstep.stream().mapToInt(LoadRun.Result::duplicated).sum());

        Path out = Path.of("target", "bench", "webhook-load.json");
        Files.createDirectories(out.getParent());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine);
        report.put("lockstep", lockstep);
        report.put("baseline", baseline);
        report.put("figures", figures);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        System.out.println("[bench] written " + out);
        StringBuilder last = new StringBuilder();
        figures.forEach((k, v) -> last.append(last.length() == 0 ? "" : " ").append(k).append('=').append(v));
        System.out.println(last);
        System.exit(0);
    }

    private static void phases(String who, String url, int warmup, int[] rates, int seconds, int resolution, int spike, int spikes, DataSource target,
                               String landedSql, List<LoadRun.Result> results) throws Exception {
        // One sender for all of a side's phases, its connections opened during the warm-up and kept, as
        // a webhook sender's are. A sender per phase opened 200 connections in its first 100 ms, and the
        // events of those 100 ms (4% of a 5-second phase at 1,000/s) waited up to 85 ms: that burst, not
        // the steady rate, set the phase's p99.
        try (KeepAliveSender sender = new KeepAliveSender(url, LoadRun.CONNECTIONS)) {
            measure(who, sender, warmup, rates, seconds, resolution, spike, spikes, target, landedSql, results);
        }
    }

    private static void measure(String who, KeepAliveSender sender, int warmup, int[] rates, int seconds, int resolution, int spike,
                                int spikes, DataSource target, String landedSql, List<LoadRun.Result> results) throws Exception {
        // Warm-up at 1,000/s, not measured: the JIT compiles the webhook and pipeline paths meanwhile.
        // With 2 s of it, the compiler threads took 40% of the JVM's CPU during the measured phases
        // (async-profiler), so the figures measured compilation, not Lockstep or the baseline.
        LoadRun.Result warm = LoadRun.run(who + " warm-up", sender, 1000, Math.max(1, warmup * 1000), who.charAt(0) + "W-",
                WebhookLoad::body, target, landedSql);
        System.out.println("[bench] " + warm.line());
        // Then one unmeasured spike: the spike's paths (full 1,000-event batches, 200 requests at once)
        // are compiled differently from the warm-up's small batches; in profiles of the measured spike
        // (async-profiler) the JIT compiler took 37% of the JVM's CPU without it and 13-26% with it.
        LoadRun.Result warmSpike = LoadRun.run(who + " warm-up spike", sender, 0, spike, who.charAt(0) + "WS-", WebhookLoad::body, target, landedSql);
        System.out.println("[bench] " + warmSpike.line());
        for (int rate : rates) {
            LoadRun.Result r = LoadRun.run(who + " @" + rate + "/s", sender, rate, rate * seconds, who.charAt(0) + "R" + rate + "-",
                    WebhookLoad::body, target, landedSql);
            System.out.println("[bench] " + r.line());
            results.add(r);
        }
        searchSustained(who, sender, seconds, resolution, target, landedSql, results);
        for (int i = 1; i <= spikes; i++) {
            LoadRun.Result r = LoadRun.run(who + " spike " + i, sender, 0, spike, who.charAt(0) + "S" + i + "-", WebhookLoad::body, target, landedSql);
            System.out.println("[bench] " + r.line());
            results.add(r);
        }
    }

    /**
     * Narrows the highest sustained rate down between the fixed rates: bisects between the highest
     * fixed rate sustained and the lowest one above it that was not, to within {@code resolution}
     * events/s, each probe a phase of its own like the fixed ones. Without it the figure could only
     * be one of the fixed rates, and a ratio of two such figures says little.
     */
    private static void searchSustained(String who, KeepAliveSender sender, int seconds, int resolution, DataSource target, String landedSql,
                                        List<LoadRun.Result> results) throws Exception {
        int low = sustained(results);
        int high = results.stream().filter(r -> r.target() > low && !r.sustained()).mapToInt(LoadRun.Result::target).min().orElse(0);
        int lo = low;
        int hi = high;
        // Every fixed rate sustained: go up by half again each time until a rate is not, up to four times the highest fixed rate.
        int ceiling = 4 * results.stream().mapToInt(LoadRun.Result::target).max().orElse(0);
        while (hi == 0 && lo > 0 && lo < ceiling) {
            int probe = Math.min(ceiling, (lo * 3 / 2 + resolution - 1) / resolution * resolution);
            if (probe(who, sender, probe, seconds, target, landedSql, results)) {
                lo = probe;
            } else {
                hi = probe;
            }
        }
        while (hi > 0 && hi - lo > resolution) {
            int mid = (lo + hi) / 2 / resolution * resolution;
            if (mid <= lo) {
                break;
            }
            if (probe(who, sender, mid, seconds, target, landedSql, results)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }

    /** One search phase at {@code rate}; true when it was sustained. */
    private static boolean probe(String who, KeepAliveSender sender, int rate, int seconds, DataSource target, String landedSql,
                                 List<LoadRun.Result> results) throws Exception {
        LoadRun.Result r = LoadRun.run(who + " @" + rate + "/s search", sender, rate, rate * seconds, who.charAt(0) + "P" + rate + "-",
                WebhookLoad::body, target, landedSql);
        System.out.println("[bench] " + r.line());
        results.add(r);
        return r.sustained();
    }

    /** The median end-to-end rate of the measured spikes (the phases with no fixed rate). */
    private static double spikeEps(List<LoadRun.Result> results) {
        double[] eps = results.stream().filter(r -> r.target() == 0).mapToDouble(LoadRun.Result::landedEps).sorted().toArray();
        return eps.length == 0 ? Double.NaN : eps[eps.length / 2];
    }

    private static String body(String id) {
        return CrmEvents.contact(id, id, id.toLowerCase() + "@example.com", "Ada", "Lovelace", "020 7946 0958", "GB",
                "2026-11-26T10:00:00Z", false);
    }

    private static int sustained(List<LoadRun.Result> results) {
        return results.stream().filter(r -> r.target() > 0 && r.sustained()).mapToInt(LoadRun.Result::target).max().orElse(0);
    }

    private static String machine(DataSource db) {
        String pgVersion = new JdbcTemplate(db).queryForObject("SHOW server_version", String.class);
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() >> 30)
                + " GiB, Java " + System.getProperty("java.version") + ", PostgreSQL " + pgVersion
                + " (load generator, Lockstep and baseline in one JVM; PostgreSQL on the same machine)";
    }

    /** A connection pool, as Lockstep has: the baseline must not pay a connection per statement. */
    private static DataSource pool(String url, TestDatabases pg) {
        com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(pg.user());
        ds.setPassword(pg.password());
        ds.setMaximumPoolSize(8);
        return ds;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return opts;
    }
}
