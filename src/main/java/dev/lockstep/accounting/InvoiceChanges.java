package dev.lockstep.accounting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.poll.KeysetPoller;
import dev.lockstep.poll.PollCursor;
import dev.lockstep.poll.PollCursorStore;
import dev.lockstep.poll.PolledRow;
import dev.lockstep.poll.PolledTable;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.SyncRuns;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The first step of a sync run: reads the invoices changed since the pair's cursor (keyset pages
 * by (modified_at, id), with the overlap window re-read) into the pair's inbox, one event per
 * invoice version, then saves the cursor. An event already in the inbox (a row re-read in the
 * overlap) is not added again, and counts as unchanged. A run that fails before the cursor is saved
 * reads the same rows again next time; the inbox keeps them once.
 */
@Component("accountingInvoiceChanges")
public class InvoiceChanges implements Processor {

    static final String SYSTEM = "billing";
    private static final String INSERT = """
            INSERT INTO inbox_event (pair, event_id, source_id, operation, source_version, payload)
            VALUES (?, ?, ?, 'UPSERT', ?, CAST(? AS jsonb)) ON CONFLICT (pair, event_id) DO NOTHING""";

    private final AccountingPair pair;
    private final DataSource billing;
    private final JdbcTemplate lockstep;
    private final PollCursorStore cursors;
    private final SyncRuns runs;
    private final ObjectMapper json;
    private volatile List<String> columns;

    public InvoiceChanges(AccountingPair pair, @Qualifier("billing") DataSource billing, JdbcTemplate lockstep,
                          PollCursorStore cursors, SyncRuns runs, ObjectMapper json) {
        this.pair = pair;
        this.billing = billing;
        this.lockstep = lockstep;
        this.cursors = cursors;
        this.runs = runs;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        long run = exchange.getProperty(AccountingPair.RUN_ID, Long.class);
        PolledTable table = new PolledTable(billing, pair.table(), "id", "modified_at", columns());
        PollCursor from = cursors.load(AccountingPair.PAIR, SYSTEM);
        // What the run will read (the overlap window and past the cursor), for its progress and ETA.
        Timestamp since = Timestamp.from(from.modifiedAt().minus(pair.overlap()));
        Long total = new JdbcTemplate(billing).queryForObject("SELECT count(*) FROM " + table.table()
                + " WHERE modified_at > ? OR (modified_at = ? AND id > '')", Long.class, since, since);
        runs.total(run, total == null ? 0 : total);
        KeysetPoller.Result reached = KeysetPoller.poll(table, from, pair.overlap(), pair.batchSize(), Integer.MAX_VALUE,
                page -> runs.advance(run, enqueue(page, "billing_invoice:"), null));
        cursors.save(AccountingPair.PAIR, SYSTEM, reached.cursor(), reached.rows());
    }

    /** Adds a page of rows to the inbox as events; counts them read, and those already there unchanged. */
    RunCounts enqueue(List<PolledRow> page, String eventIdPrefix) {
        List<Object[]> rows = new ArrayList<>(page.size());
        for (PolledRow row : page) {
            ChangeEvent event = pair.event(row.id(), row.modifiedAt(), row.columns(), eventIdPrefix);
            rows.add(new Object[] {event.pair(), event.eventId(), event.sourceId(), Timestamp.from(event.sourceVersion()), payload(event)});
        }
        int added = 0;
        for (int n : lockstep.batchUpdate(INSERT, rows)) {
            added += n > 0 ? 1 : 0;
        }
        return new RunCounts(page.size(), 0, page.size() - added, 0, 0, 0);
    }

    private String payload(ChangeEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store invoice " + event.sourceId() + " in the inbox", e);
        }
    }

    /** The table's columns other than id and modified_at, read once from the database itself. */
    private List<String> columns() {
        if (columns == null) {
            List<String> found = new ArrayList<>();
            new JdbcTemplate(billing).query("SELECT * FROM " + pair.table() + " WHERE 1 = 0", (org.springframework.jdbc.core.ResultSetExtractor<Void>) rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String name = rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT);
                    if (!name.equals("id") && !name.equals("modified_at")) {
                        found.add(name);
                    }
                }
                return null;
            });
            columns = List.copyOf(found);
        }
        return columns;
    }
}
