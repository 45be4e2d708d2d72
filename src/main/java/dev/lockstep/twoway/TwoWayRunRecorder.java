package dev.lockstep.twoway;

import dev.lockstep.echo.EchoFilter;
import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.pipeline.PipelineProperties;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import dev.lockstep.twoway.TwoWayResolver.Outcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a scheduled two-way run in {@code sync_run} (GET /api/runs): started before the poll,
 * finished with its counts and, per system that counts API calls against a limit (Salesforce), the
 * calls the run used, in the run's message and one log line. A failed run is recorded with its
 * cause, and the echo filter forgets its rows so the next run reads them again.
 */
@Component("twoWayRuns")
public class TwoWayRunRecorder {

    private static final Logger log = LoggerFactory.getLogger(TwoWayRunRecorder.class);
    public static final String RUN = "lockstepRunId";
    private static final String CALLS = "lockstepApiCallsAtStart";

    private final SyncRuns runs;
    private final TwoWaySides sides;
    private final EchoFilter echoes;
    // One run of a pair at a time on this replica (Quartz keeps scheduled runs apart across replicas).
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    public TwoWayRunRecorder(SyncRuns runs, TwoWaySides sides, EchoFilter echoes) {
        this.runs = runs;
        this.sides = sides;
        this.echoes = echoes;
    }

    /** Starts a run; waits while another run of the pair (a scheduled one, one started on demand) is going. */
    public void start(Exchange exchange) {
        String pair = exchange.getProperty(PipelineProperties.PAIR, String.class);
        running.computeIfAbsent(pair, p -> new ReentrantLock()).lock();
        try {
            // A run started through the API was recorded already (its id answered at once).
            if (exchange.getProperty(RUN) == null) {
                exchange.setProperty(RUN, runs.start(pair, PairRunner.SYNC, SyncRun.SCHEDULE));
            }
            exchange.setProperty(CALLS, calls(pair));
        } catch (RuntimeException e) {
            release(pair);
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    public void finish(Exchange exchange) {
        String pair = exchange.getProperty(PipelineProperties.PAIR, String.class);
        Long run = exchange.getProperty(RUN, Long.class);
        Map<Outcome, Integer> outcomes = exchange.getProperty(TwoWayBatchResolver.OUTCOMES, Map.class);
        Map<String, Long> atStart = exchange.getProperty(CALLS, Map.class);
        Map<String, Long> used = used(pair, atStart);
        int read = exchange.getProperty(TwoWayPoller.READ, 0, Integer.class);
        RunCounts counts = new RunCounts(read, count(outcomes, Outcome.APPLIED), count(outcomes, Outcome.UNCHANGED),
                count(outcomes, Outcome.HELD_FOR_CONFLICT), 0, count(outcomes, Outcome.REFUSED));
        String message = message(used);
        runs.advance(run, counts, null);
        runs.finish(run, SyncRun.SUCCEEDED, message);
        release(pair);
        if (read > 0 || used.values().stream().anyMatch(n -> n > 0)) {
            log.info("{} run {}: {} rows read, {} records written, {} refused; {}", pair, run, read, counts.written(),
                    counts.failed(), message);
        }
    }

    @SuppressWarnings("unchecked")
    public void failed(Exchange exchange) {
        String pair = exchange.getProperty(PipelineProperties.PAIR, String.class);
        Long run = exchange.getProperty(RUN, Long.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // Still the run's changes when a step after the echo filter failed.
        if (exchange.getMessage().getBody() instanceof List<?> changes && changes.stream().allMatch(Observation.class::isInstance)) {
            echoes.forget((List<Observation>) changes);
        }
        String why = cause == null ? "failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String message = why + "; " + message(used(pair, exchange.getProperty(CALLS, Map.class)));
        try {
            if (run != null) {
                runs.finish(run, SyncRun.FAILED, message);
            }
        } finally {
            release(pair);
        }
        log.warn("{} run {} failed, its rows are read again next run: {}", pair, run, message);
    }

    /** Whether a run of the pair is going on this replica. */
    public boolean isRunning(String pair) {
        ReentrantLock lock = running.get(pair);
        return lock != null && lock.isLocked();
    }

    private void release(String pair) {
        ReentrantLock lock = running.get(pair);
        if (lock != null && lock.isHeldByCurrentThread()) {
            lock.unlock();
        }
    }

    private Map<String, Long> calls(String pair) {
        TwoWayMapping mapping = sides.mapping(pair);
        return mapping.systems().stream().collect(Collectors.toMap(TwoWayMapping.SystemTable::system,
                s -> sides.store(pair, s.system()).apiCalls()));
    }

    private Map<String, Long> used(String pair, Map<String, Long> atStart) {
        Map<String, Long> now = calls(pair);
        now.replaceAll((system, n) -> n - (atStart == null ? n : atStart.getOrDefault(system, 0L)));
        return now;
    }

    private String message(Map<String, Long> used) {
        String calls = used.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " API calls: " + e.getValue()).sorted().collect(Collectors.joining(", "));
        return calls.isEmpty() ? "no metered API calls" : calls;
    }

    private static long count(Map<Outcome, Integer> outcomes, Outcome o) {
        return outcomes == null ? 0 : outcomes.getOrDefault(o, 0);
    }
}
