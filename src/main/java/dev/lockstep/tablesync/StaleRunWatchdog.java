package dev.lockstep.tablesync;

import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the runs a crashed replica left RUNNING (no heartbeat for {@code lockstep.runs.stale-after})
 * and takes each over, once across replicas: an interrupted backfill is resumed, under the same run
 * id, from its last committed page; an interrupted sync is marked INTERRUPTED (the next scheduled
 * sync goes on from the pair's cursor, which only ever moved past committed pages).
 */
@Component("staleRunWatchdog")
public class StaleRunWatchdog {

    private static final Logger log = LoggerFactory.getLogger(StaleRunWatchdog.class);

    private final List<TablePairRunner> runners;
    private final SyncRuns runs;

    public StaleRunWatchdog(List<TablePairRunner> runners, SyncRuns runs) {
        this.runners = runners;
        this.runs = runs;
    }

    /** Takes over the stale runs of {@code pair}; how many there were. */
    public int takeOver(String pair) {
        TablePairRunner runner = TablePairRunner.of(runners, pair);
        List<SyncRun> stale = runs.claimStale(pair, runner.staleAfter());
        for (SyncRun run : stale) {
            if (PairRunner.BACKFILL.equals(run.kind())) {
                runner.resume(run);
            } else {
                runs.finish(run.id(), SyncRun.INTERRUPTED, "its replica stopped; the next run goes on from the pair's cursor");
                log.warn("{} {} run {} interrupted (no heartbeat since {})", pair, run.kind(), run.id(), run.heartbeatAt());
            }
        }
        return stale.size();
    }
}
