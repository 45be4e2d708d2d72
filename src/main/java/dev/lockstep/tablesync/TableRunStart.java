package dev.lockstep.tablesync;

import dev.lockstep.deadletter.DeadLetters;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.pipeline.PipelineProperties;
import dev.lockstep.poll.PollCursor;
import dev.lockstep.poll.PollCursorStore;
import dev.lockstep.poll.PolledTable;
import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * First step of a run: the run record (a scheduled fire records its own; one started on demand or
 * resumed comes with its id), and where reading starts. A sync starts at the pair's saved cursor
 * less the overlap; a backfill at the very start, or, resumed, just after its last committed page.
 * The total is counted first, so progress has a percentage and an ETA. When another run of the pair
 * is in progress, a scheduled fire does nothing (property {@code lockstepRunSkipped}).
 */
@Component("tableRunStart")
public class TableRunStart implements Processor {

    private static final Logger log = LoggerFactory.getLogger(TableRunStart.class);
    static final String SKIPPED = "lockstepRunSkipped";

    private final List<TablePairRunner> runners;
    private final SyncRuns runs;
    private final PollCursorStore cursors;
    private final MappingRegistry mappings;
    private final DeadLetters deadLetters;

    public TableRunStart(List<TablePairRunner> runners, SyncRuns runs, PollCursorStore cursors, MappingRegistry mappings,
                         DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.runners = runners;
        this.runs = runs;
        this.cursors = cursors;
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) {
        String pair = PipelineProperties.pair(exchange);
        TablePairRunner runner = TablePairRunner.of(runners, pair);
        Long id = exchange.getMessage().getHeader(TablePairRunner.RUN_ID, Long.class);
        if (id == null) {
            Optional<Long> begun = runner.begin(PairRunner.SYNC, "SCHEDULE");
            if (begun.isEmpty()) {
                log.info("{} scheduled run skipped: a run of the pair is in progress", pair);
                exchange.setProperty(SKIPPED, true);
                return;
            }
            id = begun.get();
        }
        SyncRun run = runs.find(id).orElseThrow(() -> new IllegalStateException("no run " + exchange.getMessage().getHeader(TablePairRunner.RUN_ID)));
        TablePair table = runner.table();
        String system = mappings.get(pair).source().system();
        PollCursor saved = cursors.load(pair, system);
        PollCursor from;
        if (PairRunner.BACKFILL.equals(run.kind())) {
            from = run.resumeCursor() == null ? PollCursor.START : TableRun.parse(run.resumeCursor());
        } else {
            from = new PollCursor(saved.modifiedAt().minus(table.overlap()), "");
        }
        TableRun state = new TableRun(table, id, run.kind(), saved, from);
        state.deadLettersAtStart = !deadLetters.list(new DeadLetters.Filter(pair, "OPEN", null, null), 1).isEmpty();
        exchange.setProperty(TableRun.PROPERTY, state);
        if (run.total() == null) {
            runs.total(id, count(table.polled(mappings.get(pair)), PairRunner.BACKFILL.equals(run.kind()) ? PollCursor.START : from));
        }
        log.info("{} {} run {} ({}) started from {}", pair, run.kind(), id, run.trigger(), TableRun.text(from));
    }

    /** Rows at or after {@code from}: one indexed count. */
    private static long count(PolledTable t, PollCursor from) {
        String m = t.modifiedAt();
        Long n = new JdbcTemplate(t.dataSource()).queryForObject("SELECT count(*) FROM " + t.table() + " WHERE (" + m + ", " + t.id()
                + ") > (?, ?)", Long.class, Timestamp.from(from.modifiedAt()), from.lastId());
        return n == null ? 0 : n;
    }
}
