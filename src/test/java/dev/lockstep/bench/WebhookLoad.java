package dev.lockstep.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.support.CrmEvents;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
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
 * on a figure. Arguments: {@code --rates=500,1000,2000,5000 --seconds=5 --resolution=125 --spike=10000 --spikes=3 --warmup=45
 * --jit-settled=5 --warmup-rounds=8}.
 */
public final class WebhookLoad {

    /** Events applied per inbox poll at most, by Lockstep (lockstep.inbox.batch-size) and the baseline alike. */
    private static final int BATCH = 1000;

    /**
     * What each side runs: the warm-up ({@code warmup} seconds at 1,000/s, then rounds until the JIT
     * compiled for less than {@code jitSettled} percent of a round, at most {@code warmupRounds}), the
     * fixed rates for {@code seconds} each, the sustained-rate search to within {@code resolution}
     * events/s, and {@code spikes} spikes of {@code spike} events.
     */
    private record Plan(int warmup, double jitSettled, int warmupRounds, int[] rates, int seconds, int resolution, int spike, int spikes) {
    }

    private WebhookLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Plan plan = new Plan(
                Integer.parseInt(opts.getOrDefault("warmup", "45")),
                // Then warm-up rounds until the JIT compiles for less than this share of a round's time (see warmUp).
                Double.parseDouble(opts.getOrDefault("jit-settled", "5")),
                Integer.parseInt(opts.getOrDefault("warmup-rounds", "8")),
                Arrays.stream(opts.getOrDefault("rates", "500,1000,2000,5000").split(",")).mapToInt(Integer::parseInt).toArray(),
                Integer.parseInt(opts.getOrDefault("seconds", "5")),
                // The highest sustained rate is searched between the fixed rates to within this many events/s.
                Integer.parseInt(opts.getOrDefault("resolution", "125")),
                Integer.parseInt(opts.getOrDefault("spike", "10000")),
                // The spike is measured this many times and its median taken: one spike lasts about two seconds,
                // and single spikes on this shared machine differed by a third between runs.
                Integer.parseInt(opts.getOrDefault("spikes", "3")));
        // For profiling one side: --only=lockstep or --only=baseline (then no ratio is printed).
        String only = opts.getOrDefault("only", "");

        TestDatabases pg = TestDatabases.get();
        String stateUrl = pg.createDatabase("lockstep_bench");
        String billingUrl = pg.createDatabase("billing_bench");
        DataSource stateDb = BenchDatabases.pool(stateUrl, pg, 8);
        // The baseline's target upserts are sent as multi-row inserts, as Lockstep's own are (its PostgreSQL
        // targets get reWriteBatchedInserts by default): both sides write the target the same way.
        DataSource billingDb = BenchDatabases.pool(BenchDatabases.rewritingBatchedInserts(billingUrl), pg, 8);
        String machine = BenchDatabases.machine(billingDb, "(load generator, Lockstep and baseline in one JVM; PostgreSQL on the same machine)");
        System.out.println("[bench] " + machine);

        List<LoadRun.Result> lockstep = new ArrayList<>();
        if (!only.equals("baseline")) try (ConfigurableApplicationContext app = LockstepProcess.start(stateUrl, billingUrl,
                "logging.level.root=WARN", "logging.level.dev.lockstep=WARN", "lockstep.inbox.poll-delay-ms=10", "lockstep.inbox.batch-size=" + BATCH,
                "lockstep.shutdown.refuse-period=0s")) {
            String url = "http://127.0.0.1:" + LockstepProcess.port(app) + "/webhooks/crm/contacts";
            phases("lockstep", url, plan, new LoadRun.Side(billingDb,
                    "SELECT customer_ref, synced_at FROM billing_customer WHERE customer_ref LIKE ?",
                    stateDb, "SELECT count(*) FROM inbox_event WHERE status = 'PENDING'"), lockstep);
        }
        List<LoadRun.Result> baseline = new ArrayList<>();
        if (!only.equals("lockstep")) try (BaselineHandler handler = new BaselineHandler(stateDb, billingDb, BATCH)) {
            phases("baseline", handler.url(), plan, new LoadRun.Side(billingDb,
                    "SELECT customer_ref, synced_at FROM baseline_customer WHERE customer_ref LIKE ?",
                    stateDb, "SELECT count(*) FROM baseline_inbox WHERE status = 'PENDING'"), baseline);
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        if (!lockstep.isEmpty()) {
            figures.put("sustained_eps", sustained(lockstep));
            figures.put("p99_ms_at_2000", lockstep.stream().filter(r -> r.target() == 2000).mapToDouble(LoadRun.Result::p99).findFirst().orElse(Double.NaN));
            figures.put("spike_eps", Math.round(spikeMedian(lockstep, LoadRun.Result::landedEps)));
            figures.put("cpu_us_per_event", rounded(spikeMedian(lockstep, LoadRun.Result::cpuUsPerEvent), 0));
        }
        if (!baseline.isEmpty()) {
            figures.put("baseline_sustained_eps", sustained(baseline));
            figures.put("baseline_spike_eps", Math.round(spikeMedian(baseline, LoadRun.Result::landedEps)));
            figures.put("baseline_cpu_us_per_event", rounded(spikeMedian(baseline, LoadRun.Result::cpuUsPerEvent), 0));
        }
        if (!lockstep.isEmpty() && !baseline.isEmpty()) {
            // The issue's ratio: the highest rate each side sustains with p99 at most 50 ms, Lockstep over the baseline.
            // Undefined ("n/a") when the baseline sustained no rate at all.
            figures.put("ratio_vs_baseline", sustained(baseline) == 0 ? "n/a"
                    : Math.round(100.0 * sustained(lockstep) / sustained(baseline)) / 100.0);
            // Burst capacity: end-to-end throughput of the 10,000-event spike (median of the spikes), Lockstep over the baseline.
            figures.put("spike_ratio_vs_baseline", rounded(spikeMedian(lockstep, LoadRun.Result::landedEps) / spikeMedian(baseline, LoadRun.Result::landedEps), 2));
            // CPU per event in the spikes (this JVM's, the sender's included, plus PostgreSQL's), the baseline's over
            // Lockstep's: the capacity ratio the two cores allow, moved far less by the machine's stalls than rates are.
            figures.put("cpu_ratio_vs_baseline", rounded(spikeMedian(baseline, LoadRun.Result::cpuUsPerEvent) / spikeMedian(lockstep, LoadRun.Result::cpuUsPerEvent), 2));
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

    private static void phases(String who, String url, Plan plan, LoadRun.Side side, List<LoadRun.Result> results) throws Exception {
        // One sender for all of a side's phases, its connections opened during the warm-up and kept, as
        // a webhook sender's are. A sender per phase opened 200 connections in its first 100 ms, and the
        // events of those 100 ms (4% of a 5-second phase at 1,000/s) waited up to 85 ms: that burst, not
        // the steady rate, set the phase's p99.
        try (KeepAliveSender sender = new KeepAliveSender(url, LoadRun.CONNECTIONS)) {
            measure(who, sender, plan, side, results);
        }
    }

    private static void measure(String who, KeepAliveSender sender, Plan plan, LoadRun.Side side, List<LoadRun.Result> results) throws Exception {
        warmUp(who, sender, plan, side);
        for (int rate : plan.rates()) {
            LoadRun.Result r = phase(who + " @" + rate + "/s", sender, rate, rate * plan.seconds(), who.charAt(0) + "R" + rate + "-", side);
            System.out.println("[bench] " + r.line());
            results.add(r);
        }
        searchSustained(who, sender, plan.seconds(), plan.resolution(), side, results);
        for (int i = 1; i <= plan.spikes(); i++) {
            LoadRun.Result r = phase(who + " spike " + i, sender, 0, plan.spike(), who.charAt(0) + "S" + i + "-", side);
            System.out.println("[bench] " + r.line());
            results.add(r);
        }
    }

    /**
     * Not measured: the plan's warm-up seconds at 1,000/s, then rounds of one spike and 10 s at 1,000/s
     * until the JIT settles — until it compiled for less than {@code jitSettled} percent of a round's
     * time — or {@code warmupRounds} rounds have run. The spike's paths (full batches, 200 requests at once)
     * compile differently from the steady rate's, so each round has both.
     *
     * <p>Why: a fixed warm-up left the JIT compiling through the measured phases, and more on the side
     * with more code: with 2 s of warm-up the compiler threads took 30–40% of the JVM's CPU in the measured
     * phases, with 45 s and one spike still 13–26% on Lockstep's side; the phases then measured
     * compilation as much as the code. Each side is measured once its JIT is quiet, as a service that
     * has been running for a while is.
     */
    private static void warmUp(String who, KeepAliveSender sender, Plan plan, LoadRun.Side side) throws Exception {
        System.out.println("[bench] " + LoadRun.run(who + " warm-up", sender, 1000, Math.max(1, plan.warmup() * 1000), who.charAt(0) + "W-",
                WebhookLoad::body, side).line());
        for (int round = 1; round <= plan.warmupRounds(); round++) {
            long jitBefore = CpuClock.jitMillis();
            long start = System.nanoTime();
            System.out.println("[bench] " + LoadRun.run(who + " warm-up spike " + round, sender, 0, plan.spike(), who.charAt(0) + "WS" + round + "-",
                    WebhookLoad::body, side).line());
            System.out.println("[bench] " + LoadRun.run(who + " warm-up " + round, sender, 1000, 10_000, who.charAt(0) + "WR" + round + "-",
                    WebhookLoad::body, side).line());
            double jitPercent = 100.0 * (CpuClock.jitMillis() - jitBefore) / ((System.nanoTime() - start) / 1e6);
            System.out.printf("[bench] %s warm-up round %d: the JIT compiled for %.1f%% of the round's time%n", who, round, jitPercent);
            if (jitPercent < plan.jitSettled()) {
                return;
            }
        }
        System.out.printf("[bench] %s: the JIT had not settled below %.1f%% after %d warm-up rounds; measuring anyway%n", who,
                plan.jitSettled(), plan.warmupRounds());
    }

    /**
     * Narrows the highest sustained rate down between the fixed rates: bisects between the highest
     * fixed rate sustained and the lowest one above it that was not, to within {@code resolution}
     * events/s, each probe a phase of its own like the fixed ones. Without it the figure could only
     * be one of the fixed rates, and a ratio of two such figures says little.
     */
    private static void searchSustained(String who, KeepAliveSender sender, int seconds, int resolution, LoadRun.Side side,
                                        List<LoadRun.Result> results) throws Exception {
        int low = sustained(results);
        int high = results.stream().filter(r -> r.target() > low && !r.sustained()).mapToInt(LoadRun.Result::target).min().orElse(0);
        int lo = low;
        int hi = high;
        // Every fixed rate sustained: go up by half again each time until a rate is not, up to four times the highest fixed rate.
        int ceiling = 4 * results.stream().mapToInt(LoadRun.Result::target).max().orElse(0);
        while (hi == 0 && lo > 0 && lo < ceiling) {
            int probe = Math.min(ceiling, (lo * 3 / 2 + resolution - 1) / resolution * resolution);
            if (probe(who, sender, probe, seconds, side, results)) {
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
            if (probe(who, sender, mid, seconds, side, results)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }

    /**
     * One measured phase, on freshly vacuumed tables.
     *
     * <p>Why: each event leaves dead rows behind (its inbox row's and ledger entry's old versions, the
     * target row's), and dead entries pile up at the front of the inbox's pending index, which every poll
     * walks. On a server with autovacuum off (as on the machine of the README's figures) PostgreSQL then
     * spent about a core polling idle inboxes by the later phases, on both sides; with autovacuum on,
     * as by default, a table this busy is vacuumed every few seconds. Vacuuming before each phase gives
     * both sides what autovacuum would, outside the phase's time and CPU.
     */
    private static LoadRun.Result phase(String name, KeepAliveSender sender, int rate, int count, String prefix, LoadRun.Side side)
            throws Exception {
        vacuum(side.state(), side.target());
        return LoadRun.run(name, sender, rate, count, prefix, WebhookLoad::body, side);
    }

    /** One search phase at {@code rate}; true when it was sustained. */
    private static boolean probe(String who, KeepAliveSender sender, int rate, int seconds, LoadRun.Side side, List<LoadRun.Result> results) throws Exception {
        LoadRun.Result r = phase(who + " @" + rate + "/s search", sender, rate, rate * seconds, who.charAt(0) + "P" + rate + "-", side);
        System.out.println("[bench] " + r.line());
        results.add(r);
        return r.sustained();
    }

    /** The median of {@code figure} over the measured spikes (the phases with no fixed rate); NaN when there were none. */
    private static double spikeMedian(List<LoadRun.Result> results, java.util.function.ToDoubleFunction<LoadRun.Result> figure) {
        double[] values = results.stream().filter(r -> r.target() == 0).mapToDouble(figure).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[values.length / 2];
    }

    /** The figure to 0 or 2 decimals, or "n/a" when it could not be measured (PostgreSQL's CPU on another machine). */
    private static Object rounded(double figure, int decimals) {
        if (Double.isNaN(figure)) {
            return "n/a";
        }
        return decimals == 0 ? (Object) Math.round(figure) : Math.round(figure * 100) / 100.0;
    }

    private static String body(String id) {
        return CrmEvents.contact(id, id, id.toLowerCase() + "@example.com", "Ada", "Lovelace", "020 7946 0958", "GB",
                "2026-11-26T10:00:00Z", false);
    }

    private static int sustained(List<LoadRun.Result> results) {
        return results.stream().filter(r -> r.target() > 0 && r.sustained()).mapToInt(LoadRun.Result::target).max().orElse(0);
    }

    private static void vacuum(DataSource... databases) {
        for (DataSource db : databases) {
            new JdbcTemplate(db).execute("VACUUM ANALYZE");
        }
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
