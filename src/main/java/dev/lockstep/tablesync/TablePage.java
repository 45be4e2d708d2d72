package dev.lockstep.tablesync;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.poll.PollCursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one page comes to: the rows to write (by source id, with their events for the dead letters),
 * the ledger entries to commit, and the counts. The property {@code lockstepTablePage} of the run's exchange.
 */
public final class TablePage {

    public static final String PROPERTY = "lockstepTablePage";

    /** The page's last row: where the run goes on from once the page is committed. */
    final PollCursor end;
    final int read;
    final Map<String, TargetRow> writes = new LinkedHashMap<>();
    final Map<String, ChangeEvent> events = new LinkedHashMap<>();
    final Map<String, SyncLedger.Entry> entries = new LinkedHashMap<>();
    /** The writes grouped by statement, as {@link TableBatchWriter} sends them. */
    List<dev.lockstep.batch.WriteGroup> groups = List.of();
    int unchanged;
    int stale;
    int quarantined;
    int failed;

    TablePage(PollCursor end, int read) {
        this.end = end;
        this.read = read;
    }

    /** A row that could not be written: nothing of it is committed to the ledger. */
    void failed(String sourceId) {
        writes.remove(sourceId);
        entries.remove(sourceId);
        failed++;
    }

    List<SyncLedger.Entry> ledgerEntries() {
        return new ArrayList<>(entries.values());
    }
}
