package dev.lockstep.tablesync;

import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.poll.PollCursorStore;
import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.RunProgress;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Last step of a run: SUCCEEDED, or FAILED with the cause (nothing after its last committed page
 * counts; the next run reads it again). A backfill that reached the end also brings the pair's sync
 * cursor up to where it ended, so the next scheduled sync does not read the whole table again.
 */
@Component("tableRunEnd")
public class TableRunEnd {

    private static final Logger log = LoggerFactory.getLogger(TableRunEnd.class);

    private final List<TablePairRunner> runners;
    private final SyncRuns runs;
    private final PollCursorStore cursors;
    private final MappingRegistry mappings;

    public TableRunEnd(List<TablePairRunner> runners, SyncRuns runs, PollCursorStore cursors, MappingRegistry mappings) {
        this.runners = runners;
        this.runs = runs;
        this.cursors = cursors;
        this.mappings = mappings;
    }

    public void succeeded(Exchange exchange) throws Exception {
        TableRun run = exchange.getProperty(TableRun.PROPERTY, TableRun.class);
        // The last page's commit may still be running; if it fails, the run fails (the route's doCatch).
        run.awaitCommit();
        run.close();
        try {
            String pair = run.pair.pair();
            if (PairRunner.BACKFILL.equals(run.kind) && run.savedCursor.isBefore(run.position.modifiedAt(), run.position.lastId())) {
                cursors.save(pair, mappings.get(pair).source().system(), run.position, 0);
            }
            runs.finish(run.id, SyncRun.SUCCEEDED, null);
            runs.find(run.id).ifPresent(r -> log.info("{} {} run {} succeeded: {}; {}", pair, run.kind, run.id,
                    RunProgress.of(r, Instant.now()).line(), r.counts()));
        } finally {
            TablePairRunner.of(runners, run.pair.pair()).ended();
        }
    }

    public void failed(Exchange exchange) {
        TableRun run = exchange.getProperty(TableRun.PROPERTY, TableRun.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = cause == null ? "failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (run == null) {
            // Failed before the run was set up: the run id, if any, is in the header.
            Long id = exchange.getMessage().getHeader(TablePairRunner.RUN_ID, Long.class);
            String pair = exchange.getProperty(dev.lockstep.pipeline.PipelineProperties.PAIR, String.class);
            if (id != null) {
                runs.finish(id, SyncRun.FAILED, message);
            }
            log.error("{} run {} could not start: {}", pair, id, message, cause);
            TablePairRunner.of(runners, pair).ended();
            return;
        }
        try {
            run.awaitCommit(); // a page commit still in flight ends before the run is recorded as failed
        } catch (Exception ignored) {
            // the run fails either way; the cause recorded is the first one
        }
        run.close();
        try {
            runs.finish(run.id, SyncRun.FAILED, message);
            log.error("{} {} run {} failed after {} row(s); the next run goes on from its last committed page: {}",
                    run.pair.pair(), run.kind, run.id, run.counts.read(), message);
        } finally {
            TablePairRunner.of(runners, run.pair.pair()).ended();
        }
    }
}
