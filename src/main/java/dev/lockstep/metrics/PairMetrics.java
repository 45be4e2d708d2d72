package dev.lockstep.metrics;

import dev.lockstep.pipeline.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The event meters of every pair, tagged {@code pair} (and {@code outcome}):
 * <ul>
 *   <li>{@code lockstep.events.received} — events newly accepted into the inbox;</li>
 *   <li>{@code lockstep.events.duplicates} — redelivered events answered as duplicates, no effect;</li>
 *   <li>{@code lockstep.events.closed} — inbox rows closed with an outcome. A dead-lettered event that is
 *       replayed, or a held event that is released, is closed again with its new outcome;</li>
 *   <li>{@code lockstep.events.latency} — from accepted to closed, per outcome (a histogram with fixed
 *       buckets from 10 ms to 1 h, so Prometheus can compute percentiles across replicas).</li>
 * </ul>
 * Counted per replica since its start, as Prometheus counters are; the totals that survive restarts
 * are in the inbox ({@code GET /api/pairs}).
 */
@Component
public class PairMetrics {

    static final String RECEIVED = "lockstep.events.received";
    static final String DUPLICATES = "lockstep.events.duplicates";
    static final String CLOSED = "lockstep.events.closed";
    static final String LATENCY = "lockstep.events.latency";
    static final String RUN_ROWS = "lockstep.run.rows";
    static final String CONFLICTS = "lockstep.conflicts";

    // Fixed buckets, from "in the blink of an eye" to "stuck for an hour": a few series per pair and
    // outcome rather than the ~70 of a full percentile histogram.
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    private final MeterRegistry registry;
    // Looked up once per pair and outcome: building and registering a meter on every event would
    // allocate its id and tags and search the registry each time, on the pipeline's hot path.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    private final DistributionSummary inboxCommits;

    public PairMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inboxCommits = DistributionSummary.builder("lockstep.inbox.commit.requests")
                .description("Webhook requests stored per inbox commit (count: commits)").register(registry);
    }

    /**
     * One grouped commit of the inbox stored {@code requests} webhook requests: the summary's count is
     * the number of commits, its total the requests they served (their mean is the group size).
     */
    public void inboxCommit(int requests) {
        inboxCommits.record(requests);
    }

    /**
     * What a page of a run did (scheduled, backfill, file import, bulk HTTP, Salesforce): rows by
     * outcome, {@code lockstep.run.rows{pair,outcome}} — read, written, unchanged, conflicts,
     * quarantined, failed. Inbox pairs count their events in {@code lockstep.events.closed} instead.
     */
    public void runRows(String pair, long read, long written, long unchanged, long conflicts, long quarantined, long failed) {
        runRow(pair, "read", read);
        runRow(pair, "written", written);
        runRow(pair, "unchanged", unchanged);
        runRow(pair, "conflicts", conflicts);
        runRow(pair, "quarantined", quarantined);
        runRow(pair, "failed", failed);
    }

    private void runRow(String pair, String outcome, long n) {
        if (n > 0) {
            counters.computeIfAbsent(RUN_ROWS + '\u0000' + pair + '\u0000' + outcome, k -> Counter.builder(RUN_ROWS)
                    .description("Rows handled by runs, by outcome").tag("pair", pair).tag("outcome", outcome)
                    .register(registry)).increment(n);
        }
    }

    /** A two-way conflict was decided by a rule ({@code DECIDED}) or opened for a person ({@code OPEN}). */
    public void conflict(String pair, String status) {
        counters.computeIfAbsent(CONFLICTS + '\u0000' + pair + '\u0000' + status, k -> Counter.builder(CONFLICTS)
                .description("Two-way conflicts, decided by a rule or opened for review").tag("pair", pair).tag("status", status)
                .register(registry)).increment();
    }

    /** A group of webhook events was committed to the inbox: {@code accepted} new, {@code duplicates} already there. */
    public void received(String pair, int accepted, int duplicates) {
        if (accepted > 0) {
            counters.computeIfAbsent(RECEIVED + '\u0000' + pair, k -> Counter.builder(RECEIVED)
                    .description("Events accepted into the inbox").tag("pair", pair).register(registry)).increment(accepted);
        }
        if (duplicates > 0) {
            counters.computeIfAbsent(DUPLICATES + '\u0000' + pair, k -> Counter.builder(DUPLICATES)
                    .description("Redelivered events answered as duplicates").tag("pair", pair).register(registry))
                    .increment(duplicates);
        }
    }

    /** An inbox row was closed with {@code outcome}; {@code receivedAt} is when its event was accepted. */
    public void closed(String pair, Outcome outcome, Instant receivedAt) {
        String key = pair + '\u0000' + outcome.name();
        counters.computeIfAbsent(CLOSED + '\u0000' + key, k -> Counter.builder(CLOSED).description("Inbox events closed, by outcome")
                .tag("pair", pair).tag("outcome", outcome.name()).register(registry)).increment();
        if (receivedAt != null) {
            timers.computeIfAbsent(key, k -> Timer.builder(LATENCY).description("From accepted to closed, by outcome")
                    .tag("pair", pair).tag("outcome", outcome.name())
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry)).record(Duration.between(receivedAt, Instant.now()).abs());
        }
    }
}
