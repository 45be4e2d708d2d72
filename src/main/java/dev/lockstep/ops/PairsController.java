package dev.lockstep.ops;

import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.metrics.InboxBacklog;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.runs.RunsController;
import dev.lockstep.runs.SyncRuns;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/pairs}: every pair with its state, triggers, event counts by outcome, backlog and
 * lag; pause and resume a pair. Counts and backlog are read from the inbox, so they are the same
 * on every replica and survive restarts.
 */
@RestController
@RequestMapping("/api/pairs")
@Tag(name = "Pairs", description = "The sync pairs: state, counts, backlog; pause and resume")
public class PairsController {

    private static final String COUNTS = "SELECT pair, status, count(*) AS n FROM inbox_event GROUP BY pair, status";
    // Zero-filled minutes; "done" is written or found already in place, "failed" quarantined or dead-lettered.
    private static final String THROUGHPUT = """
            SELECT m.minute,
                   count(e.id) FILTER (WHERE e.status IN ('APPLIED', 'UNCHANGED', 'STALE')) AS done,
                   count(e.id) FILTER (WHERE e.status IN ('QUARANTINED', 'DEAD_LETTERED')) AS failed
            FROM generate_series(date_trunc('minute', now()) - (? - 1) * interval '1 minute',
                                 date_trunc('minute', now()), interval '1 minute') AS m(minute)
            LEFT JOIN inbox_event e ON e.pair = ? AND e.processed_at >= m.minute AND e.processed_at < m.minute + interval '1 minute'
            GROUP BY m.minute ORDER BY m.minute""";

    /** One pair as the API shows it. */
    public record PairView(String pair, String state, Map<String, String> source, Map<String, String> target,
                           List<PairRoutes.Trigger> triggers, Map<String, String> routes, Map<Outcome, Long> counts,
                           long received, long pending, Instant oldestPendingAt, double lagSeconds, long openDeadLetters,
                           Map<String, Object> lastRun) {
    }

    /** Events of one pair closed in one minute. */
    public record Minute(Instant minute, long done, long failed) {
    }

    /** The answer to pause and resume. */
    public record StateChange(String pair, String state, boolean changed) {
    }

    private final MappingRegistry mappings;
    private final PairRoutes routes;
    private final InboxBacklog backlog;
    private final JdbcTemplate jdbc;
    private final SyncRuns runs;

    public PairsController(MappingRegistry mappings, PairRoutes routes, InboxBacklog backlog, JdbcTemplate jdbc, SyncRuns runs) {
        this.mappings = mappings;
        this.routes = routes;
        this.backlog = backlog;
        this.jdbc = jdbc;
        this.runs = runs;
    }

    /** Each pair's newest run with its progress, in one query (a pair that never ran has none). */
    private Map<String, Map<String, Object>> lastRuns() {
        Instant now = Instant.now();
        Map<String, Map<String, Object>> last = new HashMap<>();
        runs.latestPerPair().forEach(r -> last.put(r.pair(), RunsController.view(r, now)));
        return last;
    }

    @GetMapping
    @Operation(summary = "Every pair with its state, triggers, counts by outcome, pending depth, lag and last run")
    public List<PairView> list() {
        Map<String, Map<Outcome, Long>> counts = counts();
        Map<String, InboxBacklog.Backlog> backlogs = backlog.read();
        Map<String, Map<String, Object>> last = lastRuns();
        List<PairView> views = new java.util.ArrayList<>(mappings.all().values().stream()
                .map(m -> view(m, counts, backlogs, last.get(m.pair()))).toList());
        mappings.twoWay().values().forEach(m -> views.add(view(m, counts, backlogs, last.get(m.pair()))));
        return views;
    }

    @GetMapping("/{pair}")
    @Operation(summary = "One pair")
    public PairView get(@PathVariable String pair) {
        requirePair(pair);
        Mapping oneWay = mappings.all().get(pair);
        Map<String, Object> last = runs.last(pair).map(r -> RunsController.view(r, Instant.now())).orElse(null);
        return oneWay != null ? view(oneWay, counts(), backlog.read(), last) : view(mappings.twoWay(pair), counts(), backlog.read(), last);
    }

    @GetMapping("/{pair}/throughput")
    @Operation(summary = "Events closed per minute over the last minutes (60 by default, at most 1440): done and failed")
    public List<Minute> throughput(@PathVariable String pair, @RequestParam(defaultValue = "60") int minutes) {
        requirePair(pair);
        int span = Math.max(1, Math.min(minutes, 1440));
        return jdbc.query(THROUGHPUT, (rs, i) -> new Minute(rs.getTimestamp("minute").toInstant(), rs.getLong("done"),
                rs.getLong("failed")), span, pair);
    }

    @PostMapping("/{pair}/pause")
    @Operation(summary = "Pause a pair on every replica, also across restarts; webhooks are still accepted and wait in the inbox")
    public StateChange pause(@PathVariable String pair) throws Exception {
        requirePair(pair);
        boolean changed = routes.pause(pair);
        return new StateChange(pair, routes.state(pair).name(), changed);
    }

    @PostMapping("/{pair}/resume")
    @Operation(summary = "Resume a paused pair: the events that waited flow in arrival order")
    public StateChange resume(@PathVariable String pair) throws Exception {
        requirePair(pair);
        boolean changed = routes.resume(pair);
        return new StateChange(pair, routes.state(pair).name(), changed);
    }

    private void requirePair(String pair) {
        if (!mappings.allPairs().contains(pair)) {
            throw new ApiErrors.NotFound("no pair " + pair + " (known: " + new java.util.TreeSet<>(mappings.allPairs()) + ")");
        }
    }

    /** A two-way pair: its two systems as source and target; it has no inbox, so its counts are zero. */
    private PairView view(dev.lockstep.mapping.TwoWayMapping m, Map<String, Map<Outcome, Long>> counts,
                          Map<String, InboxBacklog.Backlog> backlogs, Map<String, Object> lastRun) {
        Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, 0L);
        }
        Map<String, String> source = new LinkedHashMap<>();
        source.put("system", m.systems().get(0).system());
        source.put("table", m.systems().get(0).table());
        Map<String, String> target = new LinkedHashMap<>();
        target.put("system", m.systems().get(1).system());
        target.put("table", m.systems().get(1).table());
        String pair = m.pair();
        return new PairView(pair, routes.state(pair).name(), source, target, routes.triggers(pair), routes.routes(pair),
                byOutcome, 0, 0, null, 0, 0, lastRun);
    }

    private PairView view(Mapping m, Map<String, Map<Outcome, Long>> counts, Map<String, InboxBacklog.Backlog> backlogs,
                          Map<String, Object> lastRun) {
        String pair = m.pair();
        Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, counts.getOrDefault(pair, Map.of()).getOrDefault(o, 0L));
        }
        long received = byOutcome.values().stream().mapToLong(Long::longValue).sum();
        InboxBacklog.Backlog b = backlogs.getOrDefault(pair, new InboxBacklog.Backlog(0, null, 0));
        Map<String, String> source = new LinkedHashMap<>();
        source.put("system", m.source().system());
        source.put("entity", m.source().entity());
        Map<String, String> target = new LinkedHashMap<>();
        target.put("system", m.target().system());
        target.put("table", m.target().table());
        return new PairView(pair, routes.state(pair).name(), source, target, routes.triggers(pair), routes.routes(pair),
                byOutcome, received, b.pending(), b.oldestPending(), b.lagSeconds(Instant.now()), b.openDeadLetters(),
                lastRun);
    }

    /** Events per pair and inbox status: every event ever accepted, by what became of it. */
    private Map<String, Map<Outcome, Long>> counts() {
        Map<String, Map<Outcome, Long>> counts = new HashMap<>();
        jdbc.query(COUNTS, rs -> {
            counts.computeIfAbsent(rs.getString("pair"), k -> new EnumMap<>(Outcome.class))
                    .put(Outcome.valueOf(rs.getString("status")), rs.getLong("n"));
        });
        return counts;
    }
}
