package dev.lockstep.tablesync;

import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs of a table pair: one at a time. On demand ({@code POST /api/pairs/{pair}/runs}) a run is
 * recorded and handed to the pair's run route ({@code direct:<pair>-run}) in the background; a
 * scheduled fire goes through the same route on the Quartz thread. A run in progress here, or on
 * another replica (a RUNNING run whose heartbeat is fresh), makes a new one wait for the next fire
 * (scheduled) or answer 409 (on demand).
 */
public class TablePairRunner implements PairRunner {

    private static final Logger log = LoggerFactory.getLogger(TablePairRunner.class);

    /** Header of the run route: the id of a run already recorded (on demand, or resumed). */
    public static final String RUN_ID = "lockstepRunId";

    private final TablePair table;
    private final SyncRuns runs;
    private final ProducerTemplate producer;
    private final Duration staleAfter;
    private final AtomicBoolean running = new AtomicBoolean();

    public TablePairRunner(TablePair table, SyncRuns runs, ProducerTemplate producer, Duration staleAfter) {
        this.table = table;
        this.runs = runs;
        this.producer = producer;
        this.staleAfter = staleAfter;
    }

    @Override
    public String pair() {
        return table.pair();
    }

    @Override
    public Set<String> kinds() {
        return Set.of(SYNC, BACKFILL);
    }

    public TablePair table() {
        return table;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    @Override
    public long start(String kind, String trigger) {
        long id = begin(kind, trigger).orElseThrow(() -> new IllegalStateException(
                "a run of " + pair() + " is in progress; see GET /api/runs?pair=" + pair() + "&status=running"));
        send(id);
        return id;
    }

    /** Records a new run unless one is in progress (here or on a fresh replica); its id, or empty. */
    Optional<Long> begin(String kind, String trigger) {
        if (!running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            if (runs.busy(pair(), -1, staleAfter)) {
                running.set(false);
                return Optional.empty();
            }
            return Optional.of(runs.start(pair(), kind, trigger));
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    /** Continues a run whose replica died (claimed by the watchdog) from its last committed page. */
    void resume(SyncRun run) {
        if (!running.compareAndSet(false, true)) {
            runs.finish(run.id(), SyncRun.INTERRUPTED, "its replica stopped while another run of the pair was in progress here");
            return;
        }
        log.info("{} resuming {} run {} from {} ({} rows done before)", pair(), run.kind(), run.id(), run.resumeCursor(),
                run.counts().read());
        send(run.id());
    }

    /** The run route has ended a run (whichever way). */
    void ended() {
        running.set(false);
    }

    private void send(long id) {
        try {
            producer.asyncRequestBodyAndHeader("direct:" + pair() + "-run", null, RUN_ID, id);
        } catch (RuntimeException e) {
            running.set(false);
            runs.finish(id, SyncRun.FAILED, "could not start: " + e.getMessage());
            throw e;
        }
    }

    static TablePairRunner of(List<TablePairRunner> runners, String pair) {
        return runners.stream().filter(r -> r.pair().equals(pair)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no table pair " + pair));
    }
}
