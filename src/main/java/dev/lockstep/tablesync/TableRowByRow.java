package dev.lockstep.tablesync;

import dev.lockstep.deadletter.DeadLetterStore;
import dev.lockstep.deliver.JdbcWriteStatement;
import dev.lockstep.mapping.TargetRow;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * When the target refused a page's batch (a batch is all or nothing), the page's rows are written
 * again one by one, each on its own: the rows the target takes are written, each row it refuses goes
 * to the dead letters with the target's own message and is left out of the ledger. The cursor then
 * moves past the page; a later change of a refused row (a newer modified-at) is tried again.
 */
@Component("tableRowByRow")
public class TableRowByRow {

    private static final Logger log = LoggerFactory.getLogger(TableRowByRow.class);

    private final DeadLetterStore deadLetters;

    public TableRowByRow(DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
    }

    public void write(Exchange exchange) {
        TableRun run = exchange.getProperty(TableRun.PROPERTY, TableRun.class);
        TablePage page = exchange.getProperty(TablePage.PROPERTY, TablePage.class);
        Throwable batchFailure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        log.warn("{} run {}: the target refused a batch of {} row(s) ({}); writing them one by one", run.pair.pair(), run.id,
                page.writes.size(), batchFailure == null ? "?" : batchFailure.getMessage());
        JdbcTemplate target = new JdbcTemplate(run.pair.target());
        for (Map.Entry<String, TargetRow> write : List.copyOf(page.writes.entrySet())) {
            TargetRow row = write.getValue();
            try {
                // The statement the batch ran, for this row alone (autocommitted).
                TableBatchWriter.Positional statement = TableBatchWriter.Positional.of(JdbcWriteStatement.sql(row));
                target.update(statement.sql(), statement.args(JdbcWriteStatement.parameters(row)));
            } catch (RuntimeException refused) {
                deadLetters.storeRecord(page.events.get(write.getKey()), exchange.getFromRouteId(), "deliver", refused);
                page.failed(write.getKey());
            }
        }
    }
}
