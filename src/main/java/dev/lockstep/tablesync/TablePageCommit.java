package dev.lockstep.tablesync;

import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.poll.PollCursorStore;
import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.RunProgress;
import dev.lockstep.runs.SyncRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After the target has the page: the page's ledger entries (one statement), the run's counts and
 * resume position, and for a sync the pair's cursor, in one transaction of Lockstep's database, on
 * the run's commit thread while the route writes the next page to the target (one commit in flight
 * at most, in page order). The cursor and the resume position only ever name committed pages; a
 * crash before a page's commit re-reads it, and its writes are upserts (the same end state, no
 * duplicate). Logs the run's progress every {@code lockstep.runs.progress-interval}.
 */
@Component("tablePageCommit")
public class TablePageCommit implements Processor {

    private static final Logger log = LoggerFactory.getLogger(TablePageCommit.class);

    private final SyncLedger ledger;
    private final SyncRuns runs;
    private final PollCursorStore cursors;
    private final MappingRegistry mappings;
    private final TransactionTemplate tx;
    private final JdbcTemplate state;
    private final Duration progressInterval;

    public TablePageCommit(SyncLedger ledger, SyncRuns runs, PollCursorStore cursors, MappingRegistry mappings,
                           TransactionTemplate tx, JdbcTemplate state,
                           @Value("${lockstep.runs.progress-interval:5s}") Duration progressInterval) {
        this.state = state;
        this.ledger = ledger;
        this.runs = runs;
        this.cursors = cursors;
        this.mappings = mappings;
        this.tx = tx;
        this.progressInterval = progressInterval;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        TableRun run = exchange.getProperty(TableRun.PROPERTY, TableRun.class);
        TablePage page = exchange.getProperty(TablePage.PROPERTY, TablePage.class);
        exchange.removeProperty(TablePage.PROPERTY);
        // The previous page's commit first (its failure ends the run here), then this page's, on the
        // run's commit thread, while the route goes on to write the next page to the target.
        run.awaitCommit();
        run.lastCommit = run.committer().submit(() -> commit(run, page));
    }

    private void commit(TableRun run, TablePage page) {
        String pair = run.pair.pair();
        RunCounts counts = new RunCounts(page.read, page.writes.size(), page.unchanged, page.stale, page.quarantined, page.failed);
        boolean moves = page.read > 0;
        boolean sync = PairRunner.SYNC.equals(run.kind);
        tx.executeWithoutResult(status -> {
            // Not waiting for the disk: a commit lost to a database crash is like a crash before it —
            // the page is read again and upserted again, the same end state (the target's own commit waited).
            state.execute("SET LOCAL synchronous_commit TO off");
            if (!page.entries.isEmpty()) {
                ledger.commitAll(pair, page.ledgerEntries(), Map.of(), Map.of());
            }
            // A sync's overlap pass reads behind the saved cursor: the cursor never goes back.
            if (sync && moves && run.savedCursor.isBefore(page.end.modifiedAt(), page.end.lastId())) {
                cursors.save(pair, mappings.get(pair).source().system(), page.end, page.read);
            }
            runs.advance(run.id, counts, moves ? TableRun.text(page.end) : null);
        });
        run.position = page.end;
        run.counts = run.counts.plus(counts);
        Instant now = Instant.now();
        if (Duration.between(run.lastProgressLog, now).compareTo(progressInterval) >= 0) {
            run.lastProgressLog = now;
            runs.find(run.id).ifPresent(r -> log.info("{} {} run {}: {}", pair, run.kind, run.id, RunProgress.of(r, now).line()));
        }
    }
}
